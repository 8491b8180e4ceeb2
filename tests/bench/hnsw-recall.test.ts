/** HNSW sweeps against exact search, on small random sets (real hnswlib-node graphs). */
import { describe, expect, it } from "vitest";
import { normalize } from "../../bench/derive-vectors.js";
import { measureHnsw, measureHnswSets } from "../../bench/hnsw-recall.js";
import { createRng } from "../../src/eval/rng.js";

const DIM = 16;
const rng = createRng(5);
const unit = () => normalize(Float32Array.from({ length: DIM }, rng.gaussian));
const vectors = Array.from({ length: 300 }, unit);
const near = vectors.slice(0, 20).map((v) => normalize(v.map((x) => x + 0.01 * rng.gaussian())));
const far = Array.from({ length: 20 }, unit);
const grid = [{ M: 8, efConstruction: 50 }];

describe("measureHnswSets", () => {
  it("given two query sets then each gets its own sweep, with the same recall as measuring it alone", () => {
    const [a, b] = measureHnswSets({ vectors, querySets: [near, far], grid, efs: [10, 300], k: 5 });
    expect(a!.queries).toBe(20);
    expect(b!.queries).toBe(20);
    expect(a!.builds).toHaveLength(1); // one graph, built once for both sets
    const alone = measureHnsw({ vectors, queries: far, grid, efs: [10, 300], k: 5 });
    expect(b!.points.map((p) => p.recall)).toEqual(alone.points.map((p) => p.recall));
    // A beam as wide as the set is exact search.
    expect(a!.points.find((p) => p.ef === 300)!.recall).toBe(1);
    expect(b!.points.find((p) => p.ef === 300)!.recall).toBe(1);
  });
});
