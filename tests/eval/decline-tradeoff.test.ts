import { describe, expect, it } from "vitest";
import type { DeclineSample } from "../../src/eval/decline-samples.js";
import { declineTradeoff } from "../../src/eval/decline-tradeoff.js";

const sample = (queryId: string, positive: boolean, coverage: number, goldFirst = false): DeclineSample => ({
  queryId,
  positive,
  passages: [{ coverage, score: 1 }],
  goldFirst,
});

describe("declineTradeoff", () => {
  // Two answerable questions (confidence 0.9 with the gold passage first, 0.5 without) and two unanswerable (0.6, 0.2).
  const samples = [
    sample("a", true, 0.9, true),
    sample("b", true, 0.5),
    sample("c", false, 0.6),
    sample("d", false, 0.2),
  ];

  it("given a threshold then precision, recall, F1, false answers and gold-first are counted exactly", () => {
    const [low, mid, high] = declineTradeoff(samples, [0.3, 0.55, 0.95]);
    // 0.3: answers a, b, c → precision 2/3, recall 1, F1 0.8, one of two negatives answered.
    expect(low!.precision).toBeCloseTo(2 / 3, 12);
    expect(low!.recall).toBe(1);
    expect(low!.f1).toBeCloseTo(0.8, 12);
    expect(low!.falseAnswers).toBe(0.5);
    expect(low!.goldFirst).toBe(0.5);
    // 0.55: answers a and c.
    expect(mid).toEqual({ threshold: 0.55, precision: 0.5, recall: 0.5, f1: 0.5, falseAnswers: 0.5, goldFirst: 0.5 });
    // 0.95: answers nothing; precision is 1 by convention (no false answer given).
    expect(high).toEqual({ threshold: 0.95, precision: 1, recall: 0, f1: 0, falseAnswers: 0, goldFirst: 0 });
  });
});
