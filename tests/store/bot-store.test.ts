/** The bot database: migrations, WAL, settings validation, conversations, question events and pruning. */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.js";
import { BotStore } from "../../src/store/bot-store.js";
import { DEFAULT_SETTINGS, mentionAllowed, parseSettings } from "../../src/store/guild-settings.js";
import { SCHEMA_VERSION } from "../../src/store/migrations.js";
import { DATABASE_FILE, openDatabase } from "../../src/store/open-database.js";
import { tempDir } from "../helpers/env.js";
import { memoryLogger } from "../helpers/log.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const GUILD = "1111111111111111111";
const DAY = 24 * 60 * 60 * 1000;

function store(dir: string, now: () => number = Date.now) {
  return new BotStore(openDatabase(dir, { busyTimeoutMs: 50 }), silentLogger, now);
}

describe("BotStore", () => {
  it("given a new data folder, then the database is created owner-only, in WAL mode, at the current schema version, and reopening keeps its data", () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const s = store(t.dir);
    expect(s.persistent).toBe(true);
    expect(s.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(s.db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    // Readable by the owner only, journal files included.
    for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`])
      expect(statSync(path.join(t.dir, f)).mode & 0o777).toBe(0o600);
    expect(s.updateSettings(GUILD, { cooldownSeconds: 9 }, "1").ok).toBe(true);
    s.close();
    const again = store(t.dir);
    expect(again.settings(GUILD).cooldownSeconds).toBe(9);
    again.close();
  });

  it("given an invalid change, then it is refused with the setting's name and nothing is stored", () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const s = store(t.dir);
    const r = s.updateSettings(GUILD, { followUpLimit: 99 }, "1");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/followUpLimit/);
    expect(s.settings(GUILD)).toEqual(DEFAULT_SETTINGS);
    s.close();
  });

  it("given stored settings with a bad field, then that field reads as its default and the others are kept", () => {
    expect(parseSettings(JSON.stringify({ cooldownSeconds: -4, declined: "silence" }))).toEqual({
      ...DEFAULT_SETTINGS,
      declined: "silence",
    });
    expect(parseSettings("{not json")).toEqual(DEFAULT_SETTINGS);
  });

  it("given allow and deny lists, then a channel and the threads under it follow the list", () => {
    const allow = { ...DEFAULT_SETTINGS, mentionMode: "allow-list" as const, allowedChannels: ["1"] };
    expect(mentionAllowed(allow, "1")).toBe(true);
    expect(mentionAllowed(allow, "9", "1")).toBe(true);
    expect(mentionAllowed(allow, "2")).toBe(false);
    const deny = { ...DEFAULT_SETTINGS, mentionMode: "deny-list" as const, deniedChannels: ["1"] };
    expect(mentionAllowed(deny, "9", "1")).toBe(false);
    expect(mentionAllowed(deny, "2")).toBe(true);
    expect(mentionAllowed(DEFAULT_SETTINGS, "anything")).toBe(true);
  });

  it("given a conversation, then it is claimed once, found by its answer messages, and follow-ups stop at the limit", () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const s = store(t.dir);
    const c = { id: "t1", kind: "forum" as const, guildId: GUILD, askerHash: "h", question: "q" };
    expect(s.claimConversation(c)).toBe(true);
    expect(s.claimConversation(c)).toBe(false);
    s.addAnswerMessage("t1", "m1");
    expect(s.conversation(["nope", "m1"])?.id).toBe("t1");
    expect(s.takeFollowUp("t1", 2)).toBe(true);
    expect(s.takeFollowUp("t1", 2)).toBe(true);
    expect(s.takeFollowUp("t1", 2)).toBe(false);
    s.setTopic("t1", "q2");
    expect(s.conversation(["t1"])).toMatchObject({ question: "q2", followUps: 2 });
    s.close();
  });

  it("given question events and conversations older than the retention period, then pruning removes exactly those and keeps forum posts marked as answered", () => {
    const t = tempDir();
    cleanup = t.cleanup;
    let now = 100 * DAY;
    const s = store(t.dir, () => now);
    const event = (at: number) => ({
      guildId: GUILD,
      at,
      source: "mention" as const,
      question: `q${at}`,
      outcome: "declined" as const,
      chunkIds: [],
      userHash: "h",
    });
    s.recordQuestion(event(now - 40 * DAY), 30);
    s.claimConversation({ id: "reply1", kind: "reply", guildId: GUILD, askerHash: "h", question: "old reply" });
    s.addAnswerMessage("reply1", "m1");
    s.claimConversation({ id: "forum1", kind: "forum", guildId: GUILD, askerHash: "h", question: "old post" });
    now += 40 * DAY; // both conversations are now older than the 30 days kept
    s.recordQuestion(event(now - 10 * DAY), 30);
    expect(s.questionEvents(GUILD, 0).map((e) => e.question)).toEqual([`q${now - 10 * DAY}`]);
    expect(s.conversation(["reply1"])).toBeUndefined();
    expect(s.conversation(["m1"])).toBeUndefined();
    // The forum post stays marked as answered, without its question or asker.
    expect(s.conversation(["forum1"])).toMatchObject({ question: "", askerHash: "" });
    expect(s.claimConversation({ id: "forum1", kind: "forum", guildId: GUILD, askerHash: "x", question: "q" })).toBe(
      false,
    );
    s.close();
  });

  it("given a file that is not a database, then it is left byte for byte, and the store runs in memory with one clear reason", () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, DATABASE_FILE);
    const junk = Buffer.from("this is not a sqlite database, but someone's notes\n".repeat(100));
    writeFileSync(file, junk);
    const opened = openDatabase(t.dir);
    expect(opened.persistent).toBe(false);
    expect(opened.problem?.code).toBe("STORE_CORRUPT");
    expect(opened.problem?.message).toContain(file);
    const { log } = memoryLogger();
    const s = new BotStore(opened, log);
    expect(s.updateSettings(GUILD, { cooldownSeconds: 3 }, "1")).toMatchObject({ ok: true, persisted: false });
    s.close();
    expect(readFileSync(file).equals(junk)).toBe(true);
  });

  it("given a database another process holds an exclusive lock on, then opening gives up after the busy timeout with STORE_LOCKED", () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = path.join(t.dir, DATABASE_FILE);
    const holder = new Database(file);
    holder.pragma("journal_mode = DELETE");
    holder.exec("CREATE TABLE other (x); BEGIN EXCLUSIVE; INSERT INTO other VALUES (1);");
    try {
      const opened = openDatabase(t.dir, { busyTimeoutMs: 50 });
      expect(opened.persistent).toBe(false);
      expect(opened.problem?.code).toBe("STORE_LOCKED");
      opened.db.close();
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
  });
});

describe("DATA_DIR", () => {
  it("given no DATA_DIR, then the bot's data lives beside the index; DATA_DIR and FEEDBACK_FILE win when set", async () => {
    const { loadConfig } = await import("../../src/config.js");
    const load = (env: Record<string, string>) => loadConfig({ env, cwd: "/srv/qb", dotenv: false });
    expect(load({}).dataDir).toBe("/srv/qb/data");
    expect(load({}).discord.feedbackFile).toBe("/srv/qb/data/feedback.jsonl");
    expect(load({ INDEX_DIR: "/var/idx/current" }).dataDir).toBe("/var/idx");
    expect(load({ DATA_DIR: "state", DATA_DIR_UNUSED: "" }).dataDir).toBe("/srv/qb/state");
    expect(load({ DATA_DIR: "state" }).discord.feedbackFile).toBe("/srv/qb/state/feedback.jsonl");
    expect(load({ DATA_DIR: " ", FEEDBACK_FILE: "" }).dataDir).toBe("/srv/qb/data");
    expect(load({ FEEDBACK_FILE: "votes.jsonl" }).discord.feedbackFile).toBe("/srv/qb/votes.jsonl");
    expect(load({ MESSAGE_CONTENT_INTENT: "true" }).discord.messageContent).toBe(true);
  });
});
