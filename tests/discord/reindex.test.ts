/**
 * Hot swap: the EngineHolder keeps in-flight questions on the Engine they started with, and `/reindex` (Manage
 * Server only) rebuilds the index in the background and swaps it in, or keeps the old one serving when it fails.
 * Real build, real Engines, real discord.js Client against the loopback fake.
 */
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Config } from "../../src/config.js";
import { EngineHolder } from "../../src/discord/engine-holder.js";
import { escapeText } from "../../src/discord/render.js";
import { Engine } from "../../src/engine.js";
import { silentLogger } from "../../src/log.js";
import { isInteractionCallback, isOriginalEdit, Perm } from "../fakes/discord/fake-discord.ts";
import { indexedCorpus } from "../helpers/env.js";
import { type RunningBot, startBot } from "./helpers.js";

const QUESTION = "What did China do about ICOs and blockchain?";
const NEW_TITLE = "Quokkaville council paints its zebra crossing purple";
const NEW_QUESTION = "Why did the Quokkaville council paint the zebra crossing purple?";
const MANAGE_GUILD = Perm.ManageGuild.toString();
const ADMINISTRATOR = Perm.Administrator.toString();

let cleanup: (() => void) | undefined;
let config: Config;
let first: Engine;
let holder: EngineHolder;
let running: RunningBot;

beforeAll(async () => {
  ({ config, cleanup } = await indexedCorpus("synthetic", { COOLDOWN_SECONDS: "0" }));
  first = await Engine.open(config);
  holder = new EngineHolder(first, { config, log: silentLogger });
  running = await startBot(config, holder);
});

afterAll(async () => {
  await running?.stop();
  await holder?.close();
  cleanup?.();
});

describe("EngineHolder", () => {
  it("given a question in flight, when the engine is swapped, then it finishes on the old engine, which is closed only afterwards", async () => {
    const before = holder.current;
    const next = await Engine.open(config);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inFlight = holder.use(async (engine) => {
      await gate;
      return { engine, answer: await engine.ask(QUESTION) };
    });

    holder.swap(next);
    expect(holder.current).toBe(next);
    release();
    const { engine, answer } = await inFlight;

    expect(engine).toBe(before);
    expect(answer.answered).toBe(true);
    // Once the last question finished, the retired engine is closed: its model session is gone.
    await vi.waitFor(() => expect(before.ask(QUESTION)).rejects.toThrow());
    expect((await holder.current.ask(QUESTION)).answered).toBe(true);
  });
});

describe("/reindex", () => {
  it("given an admin and a new article, when /reindex runs, then the index is rebuilt in the background, hot-swapped, and /ask finds the new article", async () => {
    const { fake } = running;
    writeFileSync(
      path.join(config.corpusDir, "zz-quokkaville.md"),
      `---\ntitle: "${NEW_TITLE}"\npublisher: Quokkaville Gazette\npublished: 2024-05-01\n---\n\nThe Quokkaville council painted the zebra crossing on Main Street purple. Councillors said the purple zebra crossing makes pedestrians easier to see at dusk.\n`,
    );
    const before = holder.current;
    const stale = await before.ask(NEW_QUESTION);
    expect(stale.results.some((r) => r.passage.article.title === NEW_TITLE)).toBe(false);

    const ix = fake.sendSlashCommand({ name: "reindex", permissions: MANAGE_GUILD });
    const second = fake.sendSlashCommand({ name: "reindex", permissions: MANAGE_GUILD });
    const during = fake.sendSlashCommand({ name: "ask", options: { question: QUESTION } });

    const ack = await fake.waitForRequest(isInteractionCallback(ix));
    expect(ack.body.type).toBe(4);
    expect(ack.body.data.flags & 64).toBe(64);
    expect(ack.body.data.content).toMatch(/background/);
    const busy = await fake.waitForRequest(isInteractionCallback(second));
    expect(busy.body.data.content).toMatch(/already running/);
    // Questions keep being answered while the rebuild runs.
    expect((await fake.waitForRequest(isOriginalEdit(during), 30_000)).body.embeds.length).toBeGreaterThan(0);

    const done = await fake.waitForRequest(isOriginalEdit(ix), 60_000);
    expect(done.body.content).toMatch(/new index is serving: 9 articles/);
    expect(holder.current).not.toBe(before);

    const expected = await holder.current.ask(NEW_QUESTION, { k: 3 });
    expect(expected.results.some((r) => r.passage.article.title === NEW_TITLE)).toBe(true);
    const asked = fake.sendSlashCommand({ name: "ask", options: { question: NEW_QUESTION } });
    const edit = await fake.waitForRequest(isOriginalEdit(asked));
    const titles = edit.body.embeds.map((e: { title: string }) => e.title).join("\n");
    expect(titles).toContain(escapeText(NEW_TITLE));
  }, 90_000);

  it("given a rebuild that fails, when an admin runs /reindex, then they are told why and the previous index keeps serving", async () => {
    const { fake } = running;
    const before = holder.current;
    const moved = `${config.corpusDir}.away`;
    renameSync(config.corpusDir, moved);
    try {
      const ix = fake.sendSlashCommand({ name: "reindex", permissions: ADMINISTRATOR });
      const done = await fake.waitForRequest(isOriginalEdit(ix), 60_000);
      expect(done.body.content).toContain("does not exist");
      expect(done.body.content).toMatch(/previous index keeps serving/);
      expect(holder.current).toBe(before);

      const asked = fake.sendSlashCommand({ name: "ask", options: { question: QUESTION } });
      expect((await fake.waitForRequest(isOriginalEdit(asked))).body.embeds.length).toBeGreaterThan(0);
    } finally {
      renameSync(moved, config.corpusDir);
    }
  }, 60_000);
});
