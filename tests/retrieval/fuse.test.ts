import { describe, expect, it } from "vitest";
import {
  DEFAULT_FUSION,
  DENSE_WEIGHT,
  fuse,
  normalizedScoreFusion,
  RRF_K,
  reciprocalRankFusion,
} from "../../src/retrieval/fuse.js";

describe("reciprocalRankFusion", () => {
  it("given two rankings then each label scores Σ 1/(k + rank), normalised so first-in-both is 1", () => {
    const fused = reciprocalRankFusion([
      [{ label: 1 }, { label: 2 }],
      [{ label: 2 }, { label: 3 }],
    ]);
    const best = 2 / (RRF_K + 1);
    expect(fused.map((f) => f.label)).toEqual([2, 1, 3]);
    expect(fused[0]!.score).toBeCloseTo((1 / 62 + 1 / 61) / best, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 61 / best, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62 / best, 12);
  });

  it("given a label first in both rankings then its score is exactly 1", () => {
    expect(reciprocalRankFusion([[{ label: 7 }], [{ label: 7 }]])).toEqual([{ label: 7, score: 1 }]);
  });

  it("given one empty ranking then the other alone decides, still normalised to 1", () => {
    expect(reciprocalRankFusion([[{ label: 4 }, { label: 5 }], []])[0]).toEqual({ label: 4, score: 1 });
  });

  it("given equal fused scores then the lower label comes first (deterministic)", () => {
    const fused = reciprocalRankFusion([[{ label: 9 }], [{ label: 3 }]]);
    expect(fused.map((f) => f.label)).toEqual([3, 9]);
  });
});

describe("normalizedScoreFusion", () => {
  it("given BM25 and cosine scores on different scales then each is min-max normalised and mixed by weight", () => {
    const lexical = [
      { label: 1, score: 12 },
      { label: 2, score: 8 },
      { label: 3, score: 2 },
    ];
    const dense = [
      { label: 3, score: 0.9 },
      { label: 1, score: 0.5 },
    ];
    const fused = normalizedScoreFusion([lexical, dense], [0.5, 0.5]);
    // label 1: 0.5·1 + 0.5·0 = 0.5; label 2: 0.5·0.6 = 0.3 (absent from dense); label 3: 0.5·0 + 0.5·1 = 0.5.
    expect(fused).toEqual([
      { label: 1, score: 0.5 },
      { label: 3, score: 0.5 },
      { label: 2, score: 0.3 },
    ]);
  });

  it("given weights that do not sum to 1 then they are rescaled", () => {
    const fused = normalizedScoreFusion([[{ label: 1, score: 3 }], [{ label: 1, score: 0.2 }]], [2, 2]);
    expect(fused).toEqual([{ label: 1, score: 1 }]);
  });
});

describe("fuse", () => {
  it("given the default method then it is convex fusion with the tuned dense weight, and rrf stays available", () => {
    const lexical = [
      { label: 1, score: 5 },
      { label: 2, score: 4 },
      { label: 3, score: 0 },
    ];
    const dense = [
      { label: 2, score: 0.8 },
      { label: 1, score: 0.1 },
    ];
    expect(DEFAULT_FUSION).toBe("convex");
    expect(DENSE_WEIGHT).toBe(0.4);
    expect(fuse(lexical, dense)).toEqual(fuse(lexical, dense, "convex"));
    expect(fuse(lexical, dense, "rrf")).toEqual(reciprocalRankFusion([lexical, dense]));
    // Convex at 0.4: label 2 = 0.6·0.8 + 0.4·1 = 0.88 beats label 1 = 0.6·1 + 0.4·0 = 0.6.
    const [first, second] = fuse(lexical, dense, "convex");
    expect(first?.label).toBe(2);
    expect(first?.score).toBeCloseTo(0.88, 10);
    expect(second?.label).toBe(1);
    expect(second?.score).toBeCloseTo(0.6, 10);
    // An explicit weight overrides the default (tuning).
    expect(fuse(lexical, dense, "convex", 0.5)[0]).toEqual({ label: 2, score: 0.9 });
  });
});
