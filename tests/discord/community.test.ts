/**
 * End to end, the bot living in a server (issue #11): per-server settings in SQLite, channel rules, forum
 * auto-answer, follow-ups, /insights, and a settings database that is corrupt or locked. The real bot (real
 * discord.js Client, real Engine on a keyword-only index) runs against the loopback fake Discord; every
 * assertion reads the REST bodies Discord would receive, and expected answers come from the same Engine.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Config } from "../../src/config.js";
import { fetchSizeFor } from "../../src/discord/answer-question.js";
import { REFUSAL } from "../../src/discord/commands/settings.js";
import { EngineHolder } from "../../src/discord/engine-holder.js";
import { CHANNEL_NOT_ALLOWED } from "../../src/discord/events/interaction-create.js";
import { escapeText, limitViolations } from "../../src/discord/render.js";
import { Engine } from "../../src/engine.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { silentLogger } from "../../src/log.js";
import { contextualQuestion } from "../../src/retrieval/follow-up.js";
import { DATABASE_FILE } from "../../src/store/open-database.js";
import {
  type FakeDiscord,
  type FakeDiscordOptions,
  isInteractionCallback,
  isOriginalEdit,
  type RecordedRequest,
} from "../fakes/discord/fake-discord.ts";
import { copyCorpus, REPO_ROOT, tempDir, testConfig, testEnv } from "../helpers/env.js";
import {
  connectBot,
  isChannelMessage,
  type LogEntry,
  type RunningBot,
  startBot,
  type TestBotOptions,
} from "./helpers.js";

const EPHEMERAL = 64;
const MANAGE_GUILD = (1n << 5n).toString();
const ANSWERED = "What did China do about ICOs and blockchain?";
/** Questions about cooking, which the crypto-news corpus cannot answer; the first the Engine declines is used. */
const OFF_TOPIC = [
  "banana smoothie recipe with oat milk",
  "how long should sourdough bread rise before baking",
  "best temperature for roasting winter vegetables",
];
const FORUM_TITLE = "Cooking";
let DECLINED: string;

const ALLOWED_ID = "1500000000000000001";
const DENIED_ID = "1500000000000000002";
const FORUM_ID = "1500000000000000003";
const OTHER_FORUM_ID = "1500000000000000004";
const SOLVED_TAG = "1600000000000000001";
const QUESTION_TAG = "1600000000000000002";
const ASKER = { id: "1700000000000000001", username: "asker" };
const SOMEONE_ELSE = { id: "1700000000000000002", username: "bystander" };

const FAKE: FakeDiscordOptions = {
  extraChannels: [
    { id: ALLOWED_ID, name: "questions" },
    { id: DENIED_ID, name: "off-topic" },
    {
      id: FORUM_ID,
      name: "help-forum",
      type: 15,
      availableTags: [
        { id: SOLVED_TAG, name: "Solved" },
        { id: QUESTION_TAG, name: "question" },
      ],
    },
    { id: OTHER_FORUM_ID, name: "other-forum", type: 15 },
  ],
};
/** Short retry waits: the 10008 retry is exercised without slowing the suite. */
const BOT: TestBotOptions = { forum: { retryDelaysMs: [20, 40, 80] }, dbBusyTimeoutMs: 100 };

let cleanup: (() => void) | undefined;
let root: string;
let config: Config;
let engine: Engine;
let holder: EngineHolder;
const running: RunningBot[] = [];

beforeAll(async () => {
  const tmp = tempDir("quotebot-community-");
  cleanup = tmp.cleanup;
  root = tmp.dir;
  copyCorpus(tmp.dir);
  // A keyword-only index: these tests are about the bot in a server; its answers are compared with the same Engine.
  config = testConfig(tmp.dir, "offline", { COOLDOWN_SECONDS: "0", MESSAGE_CONTENT_INTENT: "true" });
  await buildIndex({ config, log: silentLogger });
  engine = await Engine.open(config);
  holder = new EngineHolder(engine, { config, log: silentLogger });
  for (const q of OFF_TOPIC) {
    const alone = await engine.ask(q, { k: fetchSizeFor(config) });
    const asPost = await engine.ask(`${FORUM_TITLE} ${q}`, { k: fetchSizeFor(config) });
    if (!alone.answered && !asPost.answered) {
      DECLINED = q;
      break;
    }
  }
  if (!DECLINED) throw new Error(`the Engine answers every off-topic question: ${OFF_TOPIC.join(" / ")}`);
});

afterAll(async () => {
  for (const r of running.splice(0)) await r.stop().catch(() => undefined);
  await engine?.close();
  cleanup?.();
});

/** A bot with its own data folder (so each test starts from default settings) unless `dataDir` is given. */
async function bot(options: { dataDir?: string; fake?: FakeDiscord; cfg?: Partial<Config["discord"]> } = {}) {
  const dataDir = options.dataDir ?? tempDir("quotebot-data-").dir;
  const cfg: Config = { ...config, dataDir, discord: { ...config.discord, ...options.cfg } };
  const b = options.fake ? await connectBot(options.fake, cfg, holder, BOT) : await startBot(cfg, holder, FAKE, BOT);
  running.push(b);
  return { ...b, dataDir };
}

function settings(f: FakeDiscord, sub: string, options: Record<string, unknown>[] = [], admin = true) {
  const channelOpt = options.find((o) => o.type === 7);
  const resolved = channelOpt
    ? {
        channels: {
          [String(channelOpt.value)]: {
            id: channelOpt.value,
            type: channelOpt.value === FORUM_ID || channelOpt.value === OTHER_FORUM_ID ? 15 : 0,
            name: "x",
            permissions: "0",
          },
        },
      }
    : undefined;
  return f.sendSlashCommand({
    name: "settings",
    options: [{ type: 1, name: sub, options }],
    ...(resolved ? { resolved } : {}),
    ...(admin ? { permissions: MANAGE_GUILD } : {}),
  });
}

async function callback(f: FakeDiscord, ix: { id: string; token: string }) {
  return (await f.waitForRequest(isInteractionCallback(ix))).body;
}

const channel = (value: string) => ({ type: 7, name: "channel", value });
/** Markdown-free text, to compare what the bot posted with what the Engine returned whatever the layout. */
const plain = (md: string) => md.replace(/\\|\*\*/g, "").replace(/\s+/g, " ");
/** The Engine's answer to `question` as the bot asks it: its top passage, or undefined when declined. */
async function top(question: string) {
  const a = await engine.ask(question, { k: fetchSizeFor(config) });
  return a.answered ? a.results[0] : undefined;
}
/** The posted answer quotes the Engine's top passage for `question` first (title and quote). */
async function expectAnswerTo(body: { embeds?: { title?: string; description?: string }[] }, question: string) {
  const r = await top(question);
  expect(r).toBeDefined();
  const first = body.embeds?.[0];
  expect(plain(first?.title ?? "")).toContain(plain(r!.passage.article.title).slice(0, 40));
  expect(plain(first?.description ?? "")).toContain(plain(r!.quote.text).slice(0, 60));
}
/** Forum posts the bot decided not to answer, from its log: thread id → reason. */
const skipped = (entries: LogEntry[]) =>
  Object.fromEntries(
    entries.filter((e) => e.msg === "forum post not answered").map((e) => [String(e.thread), String(e.reason)]),
  );
/** A POST into `channelId` that replies to message `mid`. */
const replyTo = (channelId: string, mid: string) => (r: RecordedRequest) =>
  isChannelMessage(channelId)(r) && r.body?.message_reference?.message_id === mid;

describe("/settings", () => {
  it("given a member without Manage Server, when /settings runs, then it is refused privately and nothing changes", async () => {
    const b = await bot();
    const ix = settings(b.fake, "mention-mode", [{ type: 3, name: "mode", value: "allow-list" }], false);
    const reply = await callback(b.fake, ix);
    expect(reply.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.data.content).toBe(REFUSAL);
    expect(b.bot.ctx.settings(b.fake.ids.guildId).mentionMode).toBe("all");
    const registered =
      b.fake.globalCommands.get("settings") ?? (await import("../../src/discord/commands/settings.js")).data.toJSON();
    expect(registered.default_member_permissions).toBe(MANAGE_GUILD);
  });

  it("given an admin, when settings are changed, then each change is confirmed privately, logged with who did it, shown by /settings show, and still there after a restart", async () => {
    const first = await bot();
    const f = first.fake;
    const changes: [string, Record<string, unknown>[]][] = [
      ["mention-mode", [{ type: 3, name: "mode", value: "allow-list" }]],
      ["allow-channel", [channel(ALLOWED_ID)]],
      ["forum", [channel(FORUM_ID)]],
      ["cooldown", [{ type: 4, name: "seconds", value: 7 }]],
      ["declined", [{ type: 3, name: "action", value: "silence" }]],
      [
        "follow-ups",
        [
          { type: 4, name: "limit", value: 2 },
          { type: 5, name: "anyone", value: true },
        ],
      ],
      ["retention", [{ type: 4, name: "days", value: 30 }]],
      ["solved-tag", [{ type: 3, name: "name", value: "Done" }]],
    ];
    for (const [sub, options] of changes) {
      const reply = await callback(f, settings(f, sub, options));
      expect(reply.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(reply.data.content).toMatch(/^✅/);
    }
    const logged = first.entries.filter((e) => e.msg === "settings changed");
    expect(logged).toHaveLength(changes.length);
    expect(logged.every((e) => e.user === f.ids.userId && e.guild === f.ids.guildId)).toBe(true);

    const notForum = await callback(f, settings(f, "forum", [channel(ALLOWED_ID)]));
    expect(notForum.data.content).toMatch(/not a forum channel/);

    await first.bot.destroy(); // the fake stays up, as Discord does
    const again = await bot({ dataDir: first.dataDir, fake: f });
    const s = again.bot.ctx.settings(f.ids.guildId);
    expect(s).toMatchObject({
      mentionMode: "allow-list",
      allowedChannels: [ALLOWED_ID],
      forumChannels: [FORUM_ID],
      cooldownSeconds: 7,
      declined: "silence",
      followUpLimit: 2,
      followUpsFromAnyone: true,
      retentionDays: 30,
      solvedTag: "Done",
    });
    const shown = await callback(f, settings(f, "show"));
    expect(shown.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(shown.data.content).toContain(`only <#${ALLOWED_ID}>`);
    expect(shown.data.content).toContain("Cooldown: 7 s");
    expect(shown.data.content).toContain("silence");
    // /help tells members the server's cooldown, not the environment's default.
    const help = await callback(f, f.sendSlashCommand({ name: "help" }));
    expect(help.data.embeds[0].description).toContain("one every 7 s per person");
  });
});

describe("channel rules", () => {
  it("given an allow-list, when the bot is mentioned outside it, then it stays silent, and inside it answers; a slash command outside gets a private notice", async () => {
    const b = await bot();
    const f = b.fake;
    await callback(f, settings(f, "mention-mode", [{ type: 3, name: "mode", value: "allow-list" }]));
    await callback(f, settings(f, "allow-channel", [channel(ALLOWED_ID)]));

    const outside = f.sendMessage({ content: ANSWERED, mentionsBot: true, channelId: DENIED_ID });
    const inside = f.sendMessage({ content: ANSWERED, mentionsBot: true, channelId: ALLOWED_ID });
    const answer = await f.waitForRequest(replyTo(ALLOWED_ID, inside));
    expect(answer.body.embeds.length).toBeGreaterThan(0);
    // Messages are handled in order: the one outside was seen first and got nothing.
    expect(f.findRequests((r) => r.method === "POST" && r.path.startsWith(`/channels/${DENIED_ID}/`))).toEqual([]);
    expect(f.findRequests((r) => r.body?.message_reference?.message_id === outside)).toEqual([]);

    const ask = f.sendSlashCommand({ name: "ask", options: { question: ANSWERED }, channelId: DENIED_ID });
    const notice = await callback(f, ask);
    expect(notice.type).toBe(4);
    expect(notice.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(notice.data.content).toBe(CHANNEL_NOT_ALLOWED);
    const allowed = f.sendSlashCommand({ name: "ask", options: { question: ANSWERED }, channelId: ALLOWED_ID });
    expect((await callback(f, allowed)).type).toBe(5);
  });

  it("given a deny-list, when the bot is mentioned in the denied channel, then it is silent there and answers elsewhere", async () => {
    const b = await bot();
    const f = b.fake;
    await callback(f, settings(f, "mention-mode", [{ type: 3, name: "mode", value: "deny-list" }]));
    await callback(f, settings(f, "deny-channel", [channel(DENIED_ID)]));
    const denied = f.sendMessage({ content: ANSWERED, mentionsBot: true, channelId: DENIED_ID });
    const general = f.sendMessage({ content: ANSWERED, mentionsBot: true });
    await f.waitForRequest(replyTo(f.ids.channelId, general));
    expect(f.findRequests((r) => r.body?.message_reference?.message_id === denied)).toEqual([]);
  });
});

describe("forum auto-answer", () => {
  it("given a configured forum, when a post is created and its starter message is not fetchable at first (10008), then the bot retries and answers once in the thread with the title and message as the question", async () => {
    const b = await bot();
    const f = b.fake;
    await callback(f, settings(f, "forum", [channel(FORUM_ID)]));
    f.failNext("GET /channels/:id/messages/:mid", 404, { message: "Unknown Message", code: 10008 }, { count: 2 });
    const title = "China and ICOs";
    const content = "What did China do about blockchain?";
    const post = f.createForumPost({ forumId: FORUM_ID, title, content, author: ASKER, appliedTags: [QUESTION_TAG] });

    const answer = await f.waitForRequest(isChannelMessage(post.threadId));
    const fetches = f.findRequests(
      (r) => r.method === "GET" && r.path === `/channels/${post.threadId}/messages/${post.messageId}`,
    );
    expect(fetches.map((r) => r.status)).toEqual([404, 404, 200]);
    const question = `${title} ${content}`;
    expect(answer.body.content).toContain(escapeText(question).slice(0, 40));
    await expectAnswerTo(answer.body, question);
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });

    // Another post in a forum that is not configured: nothing.
    const other = f.createForumPost({ forumId: OTHER_FORUM_ID, title, content, author: ASKER });
    const marker = f.sendMessage({ content: ANSWERED, mentionsBot: true });
    await f.waitForRequest(replyTo(f.ids.channelId, marker));
    expect(f.findRequests(isChannelMessage(other.threadId))).toEqual([]);
    expect(f.findRequests(isChannelMessage(post.threadId))).toHaveLength(1);
  });

  it("given posts tagged solved, too short, or by a bot, then none is answered, and a post answered before a restart is not answered again", async () => {
    const b = await bot();
    const f = b.fake;
    await callback(f, settings(f, "forum", [channel(FORUM_ID)]));
    const solved = f.createForumPost({
      forumId: FORUM_ID,
      title: "China and ICOs",
      content: ANSWERED,
      author: ASKER,
      appliedTags: [SOLVED_TAG],
    });
    const short = f.createForumPost({ forumId: FORUM_ID, title: "help", content: "pls", author: ASKER });
    const byBot = f.createForumPost({
      forumId: FORUM_ID,
      title: "China and ICOs",
      content: ANSWERED,
      author: { id: "1700000000000000009", username: "otherbot", bot: true },
    });
    const good = f.createForumPost({ forumId: FORUM_ID, title: "China and ICOs", content: ANSWERED, author: ASKER });
    await f.waitForRequest(isChannelMessage(good.threadId));
    await vi.waitFor(() =>
      expect(skipped(b.entries)).toEqual({
        [solved.threadId]: "tagged solved",
        [short.threadId]: "too short to be a question",
        [byBot.threadId]: "posted by a bot",
      }),
    );
    for (const p of [solved, short, byBot]) expect(f.findRequests(isChannelMessage(p.threadId))).toEqual([]);

    // Restart. The post is archived meanwhile, so the new process does not know the thread from GUILD_CREATE,
    // and then its THREAD_CREATE is delivered again (Discord delivers events at least once).
    const created = f.findRequests(isChannelMessage(good.threadId));
    expect(created).toHaveLength(1);
    await b.bot.destroy(); // the fake stays up, as Discord does
    f.setThreadArchived(good.threadId, true);
    const again = await bot({ dataDir: b.dataDir, fake: f });
    expect(again.bot.client.channels.cache.has(good.threadId)).toBe(false);
    f.setThreadArchived(good.threadId, false);
    const res = await fetch(`${f.apiUrl}/v10/channels/${good.threadId}`, {
      headers: { authorization: `Bot ${f.token}` },
    });
    f.dispatch("THREAD_CREATE", { ...((await res.json()) as object), newly_created: true });
    await vi.waitFor(() => expect(skipped(again.entries)).toEqual({ [good.threadId]: "already answered" }));
    expect(f.findRequests(isChannelMessage(good.threadId))).toHaveLength(1);
    expect(again.entries.some((e) => e.level >= 50)).toBe(false);
  });

  it("given a post whose message mentions the bot, then it is answered once, by the forum auto-answer", async () => {
    const b = await bot();
    const f = b.fake;
    await callback(f, settings(f, "forum", [channel(FORUM_ID)]));
    const content = `<@${f.ids.botUserId}> ${ANSWERED}`;
    const post = f.createForumPost({ forumId: FORUM_ID, title: "China and ICOs", content, author: ASKER });
    await f.waitForRequest(isChannelMessage(post.threadId));
    await vi.waitFor(() =>
      expect(b.entries.some((e) => e.msg === "forum starter message left to the forum auto-answer")).toBe(true),
    );
    const posted = f.findRequests(isChannelMessage(post.threadId));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body.message_reference).toBeUndefined();
  });

  it("given the corpus has no answer, then the post gets a short 'nothing found' with the closest articles, or silence when the server chose it", async () => {
    const b = await bot();
    const f = b.fake;
    await callback(f, settings(f, "forum", [channel(FORUM_ID)]));
    const declined = await engine.ask(`${FORUM_TITLE} ${DECLINED}`, { k: fetchSizeFor(config) });
    expect(declined.answered).toBe(false);
    const post = f.createForumPost({ forumId: FORUM_ID, title: FORUM_TITLE, content: DECLINED, author: ASKER });
    const reply = await f.waitForRequest(isChannelMessage(post.threadId));
    expect(reply.body.content).toMatch(/nothing in the corpus/i);
    expect(reply.body.embeds[0].description).toContain(escapeText(declined.suggestions[0]!.title).slice(0, 40));

    await callback(f, settings(f, "declined", [{ type: 3, name: "action", value: "silence" }]));
    const quiet = f.createForumPost({ forumId: FORUM_ID, title: FORUM_TITLE, content: DECLINED, author: ASKER });
    const marker = f.sendMessage({ content: ANSWERED, mentionsBot: true });
    await f.waitForRequest(replyTo(f.ids.channelId, marker));
    expect(f.findRequests(isChannelMessage(quiet.threadId))).toEqual([]);
  });
});

describe("follow-ups", () => {
  const FIRST = ANSWERED;
  const FOLLOW_UP = "what about the fund?";

  it("given a forum post the bot answered, when the asker writes again in the thread without a mention, then it is answered with the earlier question as context, and someone else's message is ignored", async () => {
    const withContext = contextualQuestion(`China and ICOs ${FIRST}`, FOLLOW_UP);
    // The context changes the answer, so an answer without it would fail this test.
    expect((await top(withContext))?.passage.chunk.id).not.toBe((await top(FOLLOW_UP))?.passage.chunk.id);
    const b = await bot();
    const f = b.fake;
    await callback(f, settings(f, "forum", [channel(FORUM_ID)]));
    const post = f.createForumPost({ forumId: FORUM_ID, title: "China and ICOs", content: FIRST, author: ASKER });
    await f.waitForRequest(isChannelMessage(post.threadId));

    const other = f.sendMessage({ content: "what about the fund?", channelId: post.threadId, author: SOMEONE_ELSE });
    const mid = f.sendMessage({ content: FOLLOW_UP, channelId: post.threadId, author: ASKER });
    const answer = await f.waitForRequest(replyTo(post.threadId, mid));
    expect(answer.body.content).toContain("follow-up");
    await expectAnswerTo(answer.body, withContext);
    expect(f.findRequests((r) => r.body?.message_reference?.message_id === other)).toEqual([]);

    // A message that mentions someone else is for them, not for the bot.
    const aside = f.sendMessage({
      content: `<@${SOMEONE_ELSE.id}> what about the fund?`,
      channelId: post.threadId,
      author: ASKER,
    });
    const marker = f.sendMessage({ content: ANSWERED, mentionsBot: true });
    await f.waitForRequest(replyTo(f.ids.channelId, marker));
    expect(f.findRequests((r) => r.body?.message_reference?.message_id === aside)).toEqual([]);
  });

  it("given reply-in-thread turned on with /settings, when a mention is answered in a new thread, then the asker's next message there is a follow-up", async () => {
    const b = await bot();
    const f = b.fake;
    await callback(f, settings(f, "reply-in-thread", [{ type: 5, name: "enabled", value: true }]));
    const mid = f.sendMessage({ content: FIRST, mentionsBot: true, author: ASKER });
    const thread = await f.waitForRequest(
      (r) => r.method === "POST" && r.path === `/channels/${f.ids.channelId}/messages/${mid}/threads`,
    );
    const threadId: string = thread.response.id;
    await f.waitForRequest(isChannelMessage(threadId));
    const follow = f.sendMessage({ content: FOLLOW_UP, channelId: threadId, author: ASKER });
    const answer = await f.waitForRequest(replyTo(threadId, follow));
    await expectAnswerTo(answer.body, contextualQuestion(FIRST, FOLLOW_UP));
  });

  it("given an answer to a mention, when the asker replies to it (no Message Content intent needed), then the reply is answered with context, up to the follow-up limit", async () => {
    const b = await bot({ cfg: { messageContent: false } });
    const f = b.fake;
    expect(f.identify.intents & (1 << 15)).toBe(0);
    await callback(f, settings(f, "follow-ups", [{ type: 4, name: "limit", value: 1 }]));
    const mid = f.sendMessage({ content: FIRST, mentionsBot: true, author: ASKER });
    const first = await f.waitForRequest(replyTo(f.ids.channelId, mid));

    const follow = f.sendMessage({ content: FOLLOW_UP, replyTo: first.response.id, author: ASKER });
    const answer = await f.waitForRequest(replyTo(f.ids.channelId, follow));
    await expectAnswerTo(answer.body, contextualQuestion(FIRST, FOLLOW_UP));

    // The limit (1) is reached: a second reply, to the follow-up's answer, gets nothing.
    const second = f.sendMessage({ content: "and the alliance?", replyTo: answer.response.id, author: ASKER });
    const marker = f.sendMessage({ content: ANSWERED, mentionsBot: true });
    await f.waitForRequest(replyTo(f.ids.channelId, marker));
    expect(f.findRequests((r) => r.body?.message_reference?.message_id === second)).toEqual([]);
  });

  it("given an /ask answer, when the asker replies to it, then the reply is a follow-up; a reply by someone else is ignored unless the server allows anyone", async () => {
    const b = await bot();
    const f = b.fake;
    const ix = f.sendSlashCommand({ name: "ask", options: { question: FIRST }, user: ASKER });
    await f.waitForRequest(isOriginalEdit(ix));
    const answerId = f.interactions.get(ix.id)!.originalMessageId!;

    const stranger = f.sendMessage({ content: FOLLOW_UP, replyTo: answerId, author: SOMEONE_ELSE });
    const mine = f.sendMessage({ content: FOLLOW_UP, replyTo: answerId, author: ASKER });
    const answer = await f.waitForRequest(replyTo(f.ids.channelId, mine));
    await expectAnswerTo(answer.body, contextualQuestion(FIRST, FOLLOW_UP));
    expect(f.findRequests((r) => r.body?.message_reference?.message_id === stranger)).toEqual([]);

    await callback(
      f,
      settings(f, "follow-ups", [
        { type: 4, name: "limit", value: 5 },
        { type: 5, name: "anyone", value: true },
      ]),
    );
    const allowed = f.sendMessage({ content: FOLLOW_UP, replyTo: answerId, author: SOMEONE_ELSE });
    await f.waitForRequest(replyTo(f.ids.channelId, allowed));
  });
});

describe("a broken settings database", () => {
  it("given a corrupt database file, then the bot logs one clear line, answers with default settings, and leaves the file untouched", async () => {
    const dataDir = tempDir("quotebot-corrupt-").dir;
    const file = path.join(dataDir, DATABASE_FILE);
    const junk = Buffer.from("SQLite format 2\u0000 — not really; a truncated copy\n".repeat(200));
    writeFileSync(file, junk);
    const b = await bot({ dataDir });
    const f = b.fake;
    const lines = b.entries.filter((e) => e.level >= 50);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ code: "STORE_CORRUPT", file });
    expect(String(lines[0]!.msg)).toMatch(/not a readable SQLite database.*default settings/);

    const mid = f.sendMessage({ content: ANSWERED, mentionsBot: true });
    const answer = await f.waitForRequest(replyTo(f.ids.channelId, mid));
    await expectAnswerTo(answer.body, ANSWERED);
    const change = await callback(f, settings(f, "cooldown", [{ type: 4, name: "seconds", value: 0 }]));
    expect(change.data.content).toMatch(/only until the bot restarts/);
    expect(readFileSync(file).equals(junk)).toBe(true);
  });

  it("given a database another process keeps locked, then the bot logs one clear line and answers with default settings", async () => {
    const dataDir = tempDir("quotebot-locked-").dir;
    const holderDb = new Database(path.join(dataDir, DATABASE_FILE));
    holderDb.pragma("journal_mode = DELETE");
    holderDb.exec("CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);");
    try {
      const b = await bot({ dataDir });
      const f = b.fake;
      const lines = b.entries.filter((e) => e.level >= 50);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ code: "STORE_LOCKED" });
      expect(String(lines[0]!.msg)).toMatch(/locked by another process/);
      const mid = f.sendMessage({ content: ANSWERED, mentionsBot: true });
      const answer = await f.waitForRequest(replyTo(f.ids.channelId, mid));
      expect(answer.body.embeds.length).toBeGreaterThan(0);
    } finally {
      holderDb.exec("ROLLBACK");
      holderDb.close();
    }
  });
});

describe("/insights", () => {
  it("given declined, answered and 👎-voted questions, when an admin runs /insights, then it lists them privately, within Discord's limits; others are refused; npm run insights prints the same from the database", async () => {
    const b = await bot();
    const f = b.fake;
    const refused = await callback(f, f.sendSlashCommand({ name: "insights" }));
    expect(refused.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refused.data.content).toMatch(/Manage Server/);

    const declined = f.sendMessage({ content: DECLINED, mentionsBot: true, author: ASKER });
    await f.waitForRequest(replyTo(f.ids.channelId, declined));
    const asked = f.sendSlashCommand({ name: "ask", options: { question: ANSWERED }, user: ASKER });
    const edit = await f.waitForRequest(isOriginalEdit(asked));
    const message = f.messages.get(f.interactions.get(asked.id)!.originalMessageId!);
    const notHelpful = edit.body.components
      .flatMap((r: { components: { label?: string; custom_id: string }[] }) => r.components)
      .find((c: { label?: string }) => c.label === "Not helpful").custom_id;
    const vote = f.sendButton({ customId: notHelpful, message, user: ASKER });
    expect((await callback(f, vote)).data.content).toMatch(/recorded/);

    const ix = f.sendSlashCommand({ name: "insights", options: { days: 7 }, permissions: MANAGE_GUILD });
    expect((await callback(f, ix)).data.flags & EPHEMERAL).toBe(EPHEMERAL);
    const report = (await f.waitForRequest(isOriginalEdit(ix))).body;
    expect(report.content).toMatch(/2 questions, 1 answered, 1 declined/);
    const [declinedList, downvoted, topics] = report.embeds.map((e: { description: string }) => e.description);
    expect(declinedList).toContain(escapeText(DECLINED));
    expect(downvoted).toContain(escapeText(ANSWERED).slice(0, 30));
    const expected = await engine.ask(ANSWERED, { k: fetchSizeFor(config) });
    expect(topics).toContain(escapeText(expected.results[0]!.passage.article.title).slice(0, 40));
    expect(limitViolations(report)).toEqual([]);

    // The raw user id is stored nowhere.
    const db = new Database(path.join(b.dataDir, DATABASE_FILE), { readonly: true });
    const dump = JSON.stringify(db.prepare("SELECT * FROM question_events").all());
    db.close();
    expect(dump).not.toContain(ASKER.id);
    expect(readFileSync(config.discord.feedbackFile, "utf8")).not.toContain(ASKER.id);

    const cli = spawnSync(
      path.join(REPO_ROOT, "node_modules/.bin/tsx"),
      ["scripts/insights.ts", "--days", "7", "--json"],
      {
        cwd: REPO_ROOT,
        env: { ...testEnv(root, "offline"), PATH: process.env.PATH ?? "", DATA_DIR: b.dataDir },
        encoding: "utf8",
      },
    );
    expect(cli.stderr).toBe("");
    expect(cli.status).toBe(0);
    const json = JSON.parse(cli.stdout);
    expect(json).toMatchObject({ questions: 2, answered: 1, declined: 1 });
    expect(json.declinedQuestions.map((d: { label: string }) => d.label)).toEqual([DECLINED]);
  });
});
