import { describe, expect, it } from "vitest";
import { mergeResults } from "../../src/bench/merge-results.js";
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

  it("given an earlier run with other settings then it refuses to mix them", () => {
    const earlier = sampleResults();
    earlier.settings = { ...earlier.settings, batchSize: 32 };
    expect(() => mergeResults(sampleResults(), earlier)).toThrow(/other settings/);
  });
});
