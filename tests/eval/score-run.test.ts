import { describe, expect, it } from "vitest";
import type { Qrels } from "../../src/eval/load-beir.js";
import { scoreRun } from "../../src/eval/score-run.js";

describe("scoreRun", () => {
  it("given two judged queries, one never run, then every metric is the mean over both (the missing one scores 0)", () => {
    const qrels: Qrels = new Map([
      ["q1", new Map([["d1", 1]])],
      [
        "q2",
        new Map([
          ["d2", 1],
          ["d3", 1],
        ]),
      ],
    ]);
    // q1: its document at rank 2. q2: not in the run.
    const run = new Map([["q1", ["d9", "d1", "d8"]]]);
    const m = scoreRun(run, qrels);
    // q1: nDCG@10 = 1/log2(3); R@1 = 0; R@5 = R@10 = R@100 = 1; MRR@10 = 1/2. Means over 2 queries.
    expect(m.ndcg10).toBeCloseTo(1 / Math.log2(3) / 2, 12);
    expect(m.recall1).toBe(0);
    expect(m.recall5).toBe(0.5);
    expect(m.recall10).toBe(0.5);
    expect(m.recall100).toBe(0.5);
    expect(m.mrr10).toBe(0.25);
  });

  it("given perfect rankings then every metric is 1", () => {
    const qrels: Qrels = new Map([["q", new Map([["d", 1]])]]);
    expect(scoreRun(new Map([["q", ["d"]]]), qrels)).toEqual({
      ndcg10: 1,
      recall1: 1,
      recall5: 1,
      recall10: 1,
      recall100: 1,
      mrr10: 1,
    });
  });
});
