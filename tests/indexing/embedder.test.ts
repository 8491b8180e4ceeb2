/**
 * The dense path's mechanics through real transformers.js and ONNX Runtime, with the synthetic random-weight
 * bge-small-en-v1.5 (real shape and cost, meaningless similarities): dimension, normalisation, determinism and the
 * query prefix. Nothing here says anything about retrieval quality.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { ErrorCode } from "../../src/errors.js";
import { createEmbedder, type Embedder } from "../../src/indexing/embedder.js";
import { loadEmbedder, tempDir, testConfig } from "../helpers/env.js";

let config: Config;
let embedder: Embedder;
let cleanup: () => void;

const TEXTS = [
  "Two Russian nationals have been charged by the US Department of Justice.",
  "Bitpowr has exceeded $200 million in total transactions.",
  "A much longer passage about the Hong Kong Securities and Futures Commission, its licensing guidelines for virtual asset service providers, and the banks that plan to offer crypto trading to retail investors.",
  "短い日本語の文。",
  "",
];

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0) / (norm(a) * norm(b));
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  config = testConfig(t.dir, "synthetic", { EMBED_BATCH_SIZE: "2" });
  embedder = await loadEmbedder(config);
});

afterAll(async () => {
  await embedder?.dispose();
  cleanup?.();
});

describe("Embedder (synthetic bge-small-en-v1.5)", () => {
  it("given the synthetic model then it reports 384 dimensions, CLS pooling and bge's query prefix", () => {
    expect(embedder.dimension).toBe(384);
    expect(embedder.pooling).toBe("cls");
    expect(embedder.modelId).toBe("bge-small-en-v1.5-random");
    expect(embedder.queryPrefix).toMatch(/^Represent this sentence/);
  });

  it("given documents then each vector has 384 finite components and unit norm", async () => {
    const vectors = await embedder.embedDocuments(TEXTS);
    expect(vectors).toHaveLength(TEXTS.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(384);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  it("given the same texts twice then the vectors are bit-for-bit the same", async () => {
    const [a, b] = [await embedder.embedDocuments(TEXTS), await embedder.embedDocuments(TEXTS)];
    TEXTS.forEach((_, i) => {
      expect(maxDiff(a[i]!, b[i]!)).toBe(0);
    });
    // Different texts really get different vectors (the model is not returning a constant).
    expect(cosine(a[0]!, a[1]!)).toBeLessThan(0.999);
  });

  it("given the same texts in another order or other batches then the vectors agree to within q8 rounding", async () => {
    // The q8 model quantizes activations per batch, so batch-mates shift a vector slightly (~1e-3 per component);
    // the length-sorted batching keeps a corpus's batches the same from build to build.
    const first = await embedder.embedDocuments(TEXTS);
    const reversed = await embedder.embedDocuments([...TEXTS].reverse());
    const single = await Promise.all(TEXTS.map(async (t) => (await embedder.embedDocuments([t]))[0]!));
    TEXTS.forEach((_, i) => {
      expect(maxDiff(first[i]!, reversed[TEXTS.length - 1 - i]!)).toBe(0); // same batches after sorting by length
      expect(cosine(first[i]!, single[i]!)).toBeGreaterThan(0.999);
    });
  });

  it("given a query then it is embedded with the prefix, documents without it", async () => {
    const q = await embedder.embedQuery(TEXTS[0]!);
    const [withPrefix] = await embedder.embedDocuments([embedder.queryPrefix + TEXTS[0]!]);
    const [asDocument] = await embedder.embedDocuments([TEXTS[0]!]);
    expect(maxDiff(q, withPrefix!)).toBe(0);
    expect(cosine(q, asDocument!)).toBeLessThan(0.999);
  });

  it("given a batch callback then it reports progress after every batch up to the total", async () => {
    const seen: number[] = [];
    await embedder.embedDocuments(TEXTS, (done) => seen.push(done));
    expect(seen).toEqual([2, 4, 5]);
  });

  it("given a text far longer than the model's 512 tokens then it is truncated, not an error", async () => {
    const [v] = await embedder.embedDocuments(["word ".repeat(3000)]);
    expect(v!.length).toBe(384);
    expect(norm(v!)).toBeCloseTo(1, 5);
  });

  it("given a model folder without weights then createEmbedder returns MODEL_UNAVAILABLE with a hint, not a throw", async () => {
    const t = tempDir();
    try {
      const result = await createEmbedder(testConfig(t.dir, "offline").embedding);
      expect(result).toMatchObject({ code: ErrorCode.ModelUnavailable });
      expect("hint" in result && result.hint).toMatch(/MODELS_DIR/);
    } finally {
      t.cleanup();
    }
  });
});
