import { describe, expect, it } from "vitest";
import { mergeResults } from "../../bench/merge-results.js";
import { sampleResults } from "./fixture.js";

describe("mergeResults", () => {
  it("given a run of one step then the other sections come from the earlier run and are named", () => {
    const earlier = sampleResults();
    const fresh = { ...sampleResults(), generatedAt: "2026-02-02T00:00:00.000Z" };
    delete fresh.build;
    delete fresh.scale;
    delete fresh.hnsw;
    delete fresh.lexical;
    const merged = mergeResults(fresh, earlier);
    expect(merged.build).toEqual(earlier.build);
    expect(merged.embedding).toBe(fresh.embedding);
    expect(merged.carriedOver?.map((c) => c.section).sort()).toEqual(["build", "hnsw", "lexical", "scale"]);
    expect(merged.carriedOver?.every((c) => c.generatedAt === earlier.generatedAt)).toBe(true);
    expect(merged.goals.some((g) => g.id === "incremental-rebuild")).toBe(true);
  });

  it("given an earlier run with another batch size then it refuses to carry its embedding figures over", () => {
    const earlier = sampleResults();
    earlier.settings = { ...earlier.settings, batchSize: 32 };
    const fresh = sampleResults();
    delete fresh.embedding;
    expect(() => mergeResults(fresh, earlier)).toThrow(/cannot merge embedding: .*other settings/);
  });

  it("given an earlier run with other HNSW settings then embedding carries over, but graph-dependent sections do not", () => {
    const earlier = sampleResults();
    earlier.settings = { ...earlier.settings, hnsw: { ...earlier.settings.hnsw, efSearch: 4096 } };
    const onlyGraphs = sampleResults();
    delete onlyGraphs.embedding;
    expect(mergeResults(onlyGraphs, earlier).carriedOver?.map((c) => c.section)).toEqual(["embedding"]);
    const onlyEmbedding = sampleResults();
    delete onlyEmbedding.scale;
    expect(() => mergeResults(onlyEmbedding, earlier)).toThrow(/cannot merge scale/);
  });

  it("given an earlier run with another (or no) query thread count then embedding carries over, latency does not", () => {
    const earlier = sampleResults();
    delete earlier.settings.queryThreads; // results from before QUERY_ONNX_THREADS existed
    const fresh = sampleResults();
    fresh.settings = { ...fresh.settings, queryThreads: 1 };
    delete fresh.embedding;
    expect(mergeResults(fresh, earlier).carriedOver?.map((c) => c.section)).toEqual(["embedding"]);
    const onlyEmbedding = sampleResults();
    onlyEmbedding.settings = { ...onlyEmbedding.settings, queryThreads: 1 };
    delete onlyEmbedding.scale;
    expect(() => mergeResults(onlyEmbedding, earlier)).toThrow(/cannot merge scale/);
  });

  it("given an earlier run of another model then its sections carry over, each with the settings it was measured with", () => {
    const earlier = sampleResults();
    earlier.settings = { ...earlier.settings, model: "bge-small-en-v1.5-random", weights: "random", layers: 12 };
    const fresh = sampleResults();
    fresh.settings = { ...fresh.settings, model: "Xenova/all-MiniLM-L6-v2", weights: "real", layers: 6 };
    delete fresh.embedding;
    delete fresh.build;
    const merged = mergeResults(fresh, earlier);
    expect(merged.carriedOver?.map((c) => [c.section, c.measuredWith?.model])).toEqual([
      ["embedding", "bge-small-en-v1.5-random"],
      ["build", "bge-small-en-v1.5-random"],
    ]);
    expect(merged.settings.model).toBe("Xenova/all-MiniLM-L6-v2");
    // Merged again onto a later run of the same model, the sections keep the model that measured them.
    const later = { ...fresh, generatedAt: "2026-03-03T00:00:00.000Z" };
    const again = mergeResults(later, merged);
    expect(again.carriedOver?.find((c) => c.section === "build")?.measuredWith?.model).toBe("bge-small-en-v1.5-random");
  });

  it("given an earlier run of another model and another batch size then it still refuses", () => {
    const earlier = sampleResults();
    earlier.settings = { ...earlier.settings, model: "bge-small-en-v1.5-random", batchSize: 32 };
    const fresh = sampleResults();
    delete fresh.embedding;
    expect(() => mergeResults(fresh, earlier)).toThrow(/cannot merge embedding/);
  });
});
