import { describe, expect, it } from "vitest";
import { normalize } from "../../bench/derive-vectors.js";
import { exactTopK, packRows } from "../../bench/exact-search.js";
import { createRng } from "../../src/eval/rng.js";

const unit = (...xs: number[]) => normalize(Float32Array.from(xs));

describe("exactTopK", () => {
  it("given unit vectors then neighbours come best first with their cosine", () => {
    const m = packRows([unit(1, 0), unit(0, 1), unit(1, 1)], 2);
    const hits = exactTopK(m, unit(1, 0.1), 2);
    expect(hits.map((h) => h.label)).toEqual([0, 2]);
    expect(hits[0]!.similarity).toBeCloseTo(1 / Math.sqrt(1.01), 6);
  });

  it("given random data then the result equals a full sort", () => {
    const rng = createRng(11);
    const rows = Array.from({ length: 300 }, () => normalize(Float32Array.from({ length: 8 }, () => rng.gaussian())));
    const q = normalize(Float32Array.from({ length: 8 }, () => rng.gaussian()));
    const score = (r: Float32Array) => r.reduce((s, x, i) => s + x * q[i]!, 0);
    const sorted = rows
      .map((r, label) => ({ label, s: score(r) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 10)
      .map((x) => x.label);
    expect(exactTopK(packRows(rows, 8), q, 10).map((h) => h.label)).toEqual(sorted);
  });

  it("given k larger than the set then every row is returned once", () => {
    expect(exactTopK(packRows([unit(1, 0)], 2), unit(1, 0), 5)).toHaveLength(1);
  });

  it("given a row of the wrong length then packing refuses", () => {
    expect(() => packRows([new Float32Array(3)], 2)).toThrow(RangeError);
  });
});
