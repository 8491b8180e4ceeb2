/**
 * The bot through QUERY_URL: the real discord.js client on the loopback Discord fake, answering from a real query
 * service over HTTP. When the service goes down the bot says so politely; when it is back, the bot answers again by
 * itself, without a restart.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { EngineHolder } from "../../src/discord/engine-holder.js";
import { escapeText } from "../../src/discord/render.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { silentLogger } from "../../src/log.js";
import { RemoteQueryService } from "../../src/serve/client.js";
import { type RunningBot, startBot } from "../discord/helpers.js";
import { isOriginalEdit } from "../fakes/discord/fake-discord.ts";
import { indexedCorpus } from "../helpers/env.js";
import { type RunningService, startService } from "./helpers.js";

const QUESTION = "What did China do about ICOs and blockchain?";

let config: Config;
let cleanup: (() => void) | undefined;
let svc: RunningService;
let remote: RemoteQueryService;
let running: RunningBot;

beforeAll(async () => {
  ({ config, cleanup } = await indexedCorpus("synthetic", { COOLDOWN_SECONDS: "0" }));
  svc = await startService(config);
  remote = await RemoteQueryService.connect({ url: svc.url, backoffMs: 50, maxBackoffMs: 200, healthEveryMs: 200 });
  const botConfig = { ...config, query: { url: svc.url } };
  running = await startBot(botConfig, new EngineHolder(remote, { config: botConfig, log: silentLogger }));
});

afterAll(async () => {
  await running?.stop();
  await remote?.close();
  await svc?.stop();
  cleanup?.();
});

async function askOnDiscord(question: string): Promise<{ content: string; embeds: { description?: string }[] }> {
  const ix = running.fake.sendSlashCommand({ name: "ask", options: { question } });
  const edit = await running.fake.waitForRequest(isOriginalEdit(ix));
  return { content: edit.body.content ?? "", embeds: edit.body.embeds ?? [] };
}

describe("the bot with QUERY_URL", () => {
  it("given the service is up, when /ask runs, then the bot answers with the service's quotes", async () => {
    const expected = await svc.served.current.ask(QUESTION);
    expect(expected.answered).toBe(true);
    const reply = await askOnDiscord(QUESTION);
    const first = expected.results[0]!.quote;
    const keySentence = first.text.slice(first.highlight.start, first.highlight.end).trim();
    expect(reply.embeds.length).toBeGreaterThan(0);
    expect(reply.embeds[0]?.description).toContain(escapeText(keySentence));
    expect(remote.reachable).toBe(true);
  });

  it("given the service goes down, when /ask and /search run, then each says politely that search is unreachable; once it is back, answers resume", async () => {
    const port = svc.port;
    await svc.stop();
    const reply = await askOnDiscord(QUESTION);
    expect(reply.content).toMatch(/can't reach the search service/);
    expect(reply.content).toMatch(/try again/);
    const search = running.fake.sendSlashCommand({ name: "search", options: { query: "blockchain" } });
    const searchEdit = await running.fake.waitForRequest(isOriginalEdit(search));
    expect(JSON.stringify(searchEdit.body)).toMatch(/can't reach the search service/);
    expect(remote.reachable).toBe(false);

    // Back on the same address: the bot's health check (and the next question) find it again.
    svc = await startService(config, { port });
    await until(() => remote.reachable, "the client to see the service again");
    const again = await askOnDiscord(QUESTION);
    expect(again.embeds.length).toBeGreaterThan(0);
    expect(again.content).not.toMatch(/can't reach/);
  });
});

describe("the client's catalogue", () => {
  it("given the service is down when the bot starts, then nothing throws, questions get the polite refusal, and it connects once the service is up", async () => {
    const port = svc.port;
    await svc.stop();
    const early = await RemoteQueryService.connect({ url: svc.url, backoffMs: 50, maxBackoffMs: 200 });
    try {
      expect(early.articles()).toEqual([]);
      expect(early.findArticles("china")).toEqual([]);
      await expect(early.ask(QUESTION)).rejects.toMatchObject({ code: "QUERY_SERVICE_UNAVAILABLE" });
      svc = await startService(config, { port });
      await until(() => early.articles().length > 0, "the catalogue once the service is up");
      expect(early.reachable).toBe(true);
      expect((await early.ask(QUESTION)).answered).toBe(true);
    } finally {
      await early.close();
    }
  });

  it("given the service swaps in a new generation, then the bot's article list follows at the next health check", async () => {
    const title = "Quokkaville council paints its zebra crossing purple";
    expect(remote.articles().some((a) => a.title === title)).toBe(false);
    writeFileSync(
      path.join(config.corpusDir, "zz-quokka.md"),
      `---\ntitle: "${title}"\n---\nThe council painted the crossing purple.\n`,
    );
    await buildIndex({ config, log: silentLogger });
    await svc.served.reload();
    await until(() => remote.articles().some((a) => a.title === title), "the new article in the catalogue");
    const added = remote.articles().find((a) => a.title === title)!;
    expect(remote.article(added.id)?.lead).toBe("The council painted the crossing purple.");
    expect(remote.findArticles("quokkaville")[0]?.title).toBe(title);
  });
});

async function until(probe: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (probe()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
