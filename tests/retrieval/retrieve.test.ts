/**
 * Retrieval's overlap of work: while the question is embedded, the keyword hits are handed to `whileEmbedding`,
 * which is told to stop when the vector arrives; the Engine uses that to quote ahead without changing any answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { Engine } from "../../src/engine.js";
import type { Embedder } from "../../src/indexing/embedder.js";
import type { LexicalHit } from "../../src/indexing/lexical-store.js";
import { type LoadedIndex, loadIndexFolder, resolveIndexFolder } from "../../src/indexing/load-index.js";
import { retrieve } from "../../src/retrieval/retrieve.js";
import { analyze } from "../../src/text/analyze.js";
import { indexedCorpus, loadEmbedder } from "../helpers/env.js";

let config: Config;
let cleanup: () => void;
let real: Embedder;
let index: LoadedIndex;

beforeAll(async () => {
  ({ config, cleanup } = await indexedCorpus("synthetic"));
  real = await loadEmbedder(config);
  index = await loadIndexFolder(await resolveIndexFolder(config.indexDir));
});

afterAll(async () => {
  await real?.dispose();
  cleanup?.();
});

/** The real model, answering after `ms`: a slow forward pass. */
const slow = (ms: number): Embedder => ({
  ...real,
  embedQuery: async (text) => {
    const vector = await real.embedQuery(text);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return vector;
  },
  dispose: async () => {},
});

const question = "What did Huawei do in the metaverse?";

describe("retrieve with whileEmbedding", () => {
  it("given a hybrid index then the hook gets the keyword hits and its signal aborts when the vector arrives", async () => {
    let seen: readonly LexicalHit[] = [];
    let stop: AbortSignal | undefined;
    let abortedAtStart: boolean | undefined;
    const passages = await retrieve(index, question, analyze(question), {
      k: 5,
      embedder: slow(30),
      whileEmbedding: async (hits, signal) => {
        seen = hits;
        stop = signal;
        abortedAtStart = signal.aborted;
      },
    });
    expect(abortedAtStart).toBe(false);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((h) => h.label)).toEqual(index.lexical.search(question, seen.length).map((h) => h.label));
    expect(stop?.aborted).toBe(true);
    expect(passages.some((p) => p.denseRank !== undefined)).toBe(true);
  });

  it("given lexical retrieval then there is no wait and the hook is not called", async () => {
    let called = false;
    await retrieve(index, question, analyze(question), {
      k: 5,
      whileEmbedding: async () => {
        called = true;
      },
    });
    expect(called).toBe(false);
  });

  it("given a hook that fails then retrieval still answers", async () => {
    const passages = await retrieve(index, question, analyze(question), {
      k: 5,
      embedder: real,
      whileEmbedding: async () => {
        throw new Error("boom");
      },
    });
    expect(passages.length).toBe(5);
  });
});

describe("Engine.ask quoting ahead", () => {
  it("given a slow model (quotes selected while waiting) then the answers are unchanged: equal to a model with no wait", async () => {
    const waiting = await Engine.open(config, { embedder: slow(40) });
    const instant = await Engine.open(config, { embedder: real });
    for (const q of [question, "Who was charged over the Mt. Gox hack?", "What is KICKICO?"]) {
      const a = await waiting.ask(q);
      expect(a.mode).toBe("hybrid");
      expect(a).toEqual(await instant.ask(q));
    }
  });
});
