/**
 * A hybrid engine whose model fails mid-service (its thread crashed, say) keeps answering from keywords, with one
 * warning, instead of failing every question until a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../src/config.js";
import { Engine } from "../src/engine.js";
import type { Embedder } from "../src/indexing/embedder.js";
import { indexedCorpus, loadEmbedder } from "./helpers/env.js";
import { LOG_LEVEL, memoryLogger } from "./helpers/log.js";

let config: Config;
let cleanup: () => void;
let real: Embedder;

beforeAll(async () => {
  ({ config, cleanup } = await indexedCorpus("synthetic"));
  real = await loadEmbedder(config);
});

afterAll(async () => {
  await real?.dispose();
  cleanup?.();
});

describe("Engine when the model fails", () => {
  it("given an embedder that starts failing then answers go on from keywords, with one warning", async () => {
    let broken = false;
    let disposed = false;
    // The real model, with a switch that makes it fail as a crashed thread would.
    const flaky: Embedder = {
      ...real,
      embedQuery: (text) =>
        broken ? Promise.reject(new Error("the embedding thread stopped")) : real.embedQuery(text),
      dispose: async () => {
        disposed = true;
      },
    };
    const { log, entries } = memoryLogger();
    const engine = await Engine.open(config, { embedder: flaky, log });
    const question = "What did Huawei do in the metaverse?";
    const before = await engine.ask(question);
    expect(before).toMatchObject({ answered: true, mode: "hybrid" });

    broken = true;
    const during = await engine.ask(question);
    expect(during).toMatchObject({ answered: true, mode: "lexical" });
    expect(during.results[0]!.quote.text).toMatch(/patents/);
    expect(engine.mode).toBe("lexical");
    expect(engine.degradedReason).toMatch(/embedding model failed.*thread stopped/);
    expect(disposed).toBe(true);

    await engine.ask("Who was charged over the Mt. Gox hack?");
    const warnings = entries.filter((e) => e.level === LOG_LEVEL.warn);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/keyword search only/);
  });
});
