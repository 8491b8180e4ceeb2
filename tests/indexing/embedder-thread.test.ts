/**
 * The query embedder on its own thread: the same vectors as in-process, a clear error when the model is missing,
 * the main thread free while a question is embedded, and a clean end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, QuotebotError } from "../../src/errors.js";
import type { Embedder } from "../../src/indexing/embedder.js";
import { createThreadedEmbedder } from "../../src/indexing/embedder-thread.js";
import { loadEmbedder, tempDir, testConfig } from "../helpers/env.js";

let threaded: Embedder;
let inProcess: Embedder;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const config = testConfig(t.dir, "synthetic");
  const created = await createThreadedEmbedder(config.embedding);
  if (created instanceof QuotebotError) throw created;
  threaded = created;
  inProcess = await loadEmbedder(config);
});

afterAll(async () => {
  await threaded?.dispose();
  await inProcess?.dispose();
  cleanup?.();
});

describe("createThreadedEmbedder", () => {
  it("given the synthetic model then it describes the model as the in-process embedder does", () => {
    for (const key of ["modelId", "dtype", "dimension", "pooling", "queryPrefix"] as const)
      expect(threaded[key]).toEqual(inProcess[key]);
  });

  it("given questions and documents then its vectors equal the in-process embedder's", async () => {
    const question = "Who was charged over the Mt. Gox hack?";
    expect(Array.from(await threaded.embedQuery(question))).toEqual(Array.from(await inProcess.embedQuery(question)));
    const docs = ["Bitpowr processed $1 billion.", "A second, longer document about exchanges and hacks."];
    const a = await threaded.embedDocuments(docs);
    const b = await inProcess.embedDocuments(docs);
    expect(a).toHaveLength(2);
    // Batched documents may differ in the last digits with their batch-mates (docs/reliability.md).
    a.forEach((v, i) => {
      for (let j = 0; j < v.length; j++) expect(v[j]).toBeCloseTo(b[i]![j]!, 2);
    });
  });

  it("given a question being embedded then this thread keeps turning its event loop, unlike in-process", async () => {
    /** Event-loop turns this thread completes while the embedding is under way. */
    const turnsWhile = async (embedding: Promise<unknown>) => {
      let done = false;
      void embedding.then(() => {
        done = true;
      });
      let turns = 0;
      while (!done) {
        await new Promise((r) => setImmediate(r));
        turns++;
      }
      return turns;
    };
    const question = "What did Huawei do in the metaverse?";
    const blocked = await turnsWhile(inProcess.embedQuery(question));
    const free = await turnsWhile(threaded.embedQuery(question));
    // In-process, the forward pass holds the thread: only a turn or two. Threaded: the loop spins throughout.
    expect(free).toBeGreaterThan(5 * blocked + 5);
  });

  it("given several questions at once then each gets its own vector", async () => {
    const questions = ["first question about banks", "second question about patents", "third about hacks"];
    const together = await Promise.all(questions.map((q) => threaded.embedQuery(q)));
    for (const [i, q] of questions.entries())
      expect(Array.from(together[i]!)).toEqual(Array.from(await inProcess.embedQuery(q)));
  });

  it("given a model folder without the model then it returns MODEL_UNAVAILABLE with a hint, and no thread lingers", async () => {
    const t = tempDir();
    try {
      const result = await createThreadedEmbedder(testConfig(t.dir, "offline").embedding);
      expect(result).toBeInstanceOf(QuotebotError);
      expect(result).toMatchObject({ code: ErrorCode.ModelUnavailable, hint: expect.stringMatching(/MODELS_DIR/) });
    } finally {
      t.cleanup();
    }
  });

  it("given a disposed embedder then a question is refused with a clear error", async () => {
    const t = tempDir();
    try {
      const e = await createThreadedEmbedder(testConfig(t.dir, "synthetic").embedding);
      if (e instanceof QuotebotError) throw e;
      await e.dispose();
      await expect(e.embedQuery("anything")).rejects.toThrow(/disposed/);
    } finally {
      t.cleanup();
    }
  });
});
