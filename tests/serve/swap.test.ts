/**
 * Atomic generation swaps under load: while clients keep asking, a real build publishes a new index generation;
 * the service swaps it in (watching INDEX_DIR, or on POST /v1/reload) and no request fails. The retired engine is
 * closed once its requests are done.
 */
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import type { Engine } from "../../src/engine.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { silentLogger } from "../../src/log.js";
import { indexedCorpus } from "../helpers/env.js";
import { type RunningService, request, startService } from "./helpers.js";

const QUESTION = "What did China do about ICOs and blockchain?";

let config: Config;
let cleanup: (() => void) | undefined;
let svc: RunningService;

beforeAll(async () => {
  ({ config, cleanup } = await indexedCorpus("synthetic"));
  svc = await startService(config);
});

afterAll(async () => {
  await svc?.stop();
  cleanup?.();
});

function addArticle(slug: string, title: string, body: string): void {
  writeFileSync(path.join(config.corpusDir, `${slug}.md`), `---\ntitle: "${title}"\n---\n${body}\n`);
}

/** Clients asking in a loop until `stop()`; resolves with every status they got. */
function load(clients: number) {
  let running = true;
  const statuses: number[] = [];
  const loops = Array.from({ length: clients }, async (_, i) => {
    while (running) {
      const route = i % 2 === 0 ? "/v1/ask" : "/v1/search";
      const body = i % 2 === 0 ? { question: QUESTION } : { query: "blockchain Russia" };
      statuses.push((await request(svc.url, "POST", route, body)).status);
    }
  });
  return {
    statuses,
    async stop() {
      running = false;
      await Promise.all(loops);
      return statuses;
    },
  };
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("generation swap", () => {
  it("given clients asking all the time, when a build publishes a new generation, then the watcher swaps it in and no request fails", async () => {
    svc.served.watch();
    const before = (await request(svc.url, "GET", "/health")).body.generation as string;
    const old = svc.served.current;
    const clients = load(4);
    addArticle(
      "zz-quokka",
      "Quokkaville council paints its zebra crossing purple",
      "The Quokkaville council painted the zebra crossing purple so drivers would see it from afar.",
    );
    await buildIndex({ config, log: silentLogger });
    const after = await until(async () => {
      const g = (await request(svc.url, "GET", "/health")).body.generation as string;
      return g !== before ? g : undefined;
    }, "the new generation to serve");
    // Keep the load on across the swap for a little longer, so requests that began on the old engine finish.
    await until(async () => (clients.statuses.length > 40 ? true : undefined), "more requests");
    const statuses = await clients.stop();

    expect(after).not.toBe(before);
    expect(statuses.length).toBeGreaterThan(40);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const fresh = await request(svc.url, "POST", "/v1/ask", {
      question: "Why did the Quokkaville council paint the zebra crossing purple?",
    });
    expect(fresh.body.results[0].passage.article.title).toContain("Quokkaville");
    // The retired engine was closed once its last request finished.
    expect(svc.served.holder.inFlightCount).toBe(0);
    await expect((old as Engine).ask(QUESTION)).rejects.toThrow(/closed/);
  });

  it("given a new generation published, when POST /v1/reload, then it swaps at once; a second reload changes nothing", async () => {
    // A fresh service that does not watch INDEX_DIR: only the reload request can swap.
    await svc.stop();
    svc = await startService(config);
    const before = svc.served.generation;
    addArticle(
      "zz-wombat",
      "Wombat tunnels found under the library",
      "Wombats dug tunnels under the town library last winter.",
    );
    await buildIndex({ config, log: silentLogger });
    expect(svc.served.generation).toBe(before);

    const clients = load(2);
    const first = await request(svc.url, "POST", "/v1/reload");
    const statuses = await clients.stop();
    const second = await request(svc.url, "POST", "/v1/reload");

    expect(first.status).toBe(200);
    expect(first.body.swapped).toBe(true);
    expect(first.body.generation).not.toBe(before);
    expect(second.body).toEqual({ swapped: false, generation: first.body.generation });
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const metrics = (await request(svc.url, "GET", "/metrics")).body as string;
    expect(metrics).toContain(`quotebot_index_generation_info{generation="${first.body.generation}"} 1`);
  });

  it("given INDEX_DIR pointed at a broken generation, when POST /v1/reload, then it is refused with the loader's code and the previous generation keeps serving", async () => {
    const serving = svc.served.generation;
    const broken = path.join(`${config.indexDir}.d`, "gen-broken-by-test");
    mkdirSync(broken);
    writeFileSync(path.join(broken, "manifest.json"), "{ not json");
    const link = `${config.indexDir}.test-link`;
    symlinkSync(path.relative(path.dirname(config.indexDir), broken), link);
    renameSync(link, config.indexDir);

    const reload = await request(svc.url, "POST", "/v1/reload");
    expect(reload.status).toBe(503);
    expect(reload.body.error.code).toMatch(/^INDEX_/);
    expect(svc.served.generation).toBe(serving);
    const ask = await request(svc.url, "POST", "/v1/ask", { question: QUESTION });
    expect(ask.status).toBe(200);
    expect((await request(svc.url, "GET", "/health")).body.generation).toBe(serving);
  });
});
