import { describe, expect, it } from "vitest";
import { chooseHnsw, type SweepPoint } from "../../bench/hnsw-recall.js";

const point = (ef: number, recall: number, medianMs: number, timeVsExact: number): SweepPoint => ({
  M: 16,
  efConstruction: 200,
  ef,
  recall,
  medianMs,
  p95Ms: medianMs,
  timeVsExact,
});

describe("chooseHnsw", () => {
  it("given settings that meet both targets then the fastest of them is chosen and the goal is met", () => {
    const c = chooseHnsw(
      [point(64, 0.95, 0.1, 0.02), point(128, 0.991, 0.2, 0.04), point(256, 0.999, 0.4, 0.08)],
      0.99,
      0.05,
    );
    expect(c).toEqual({ point: expect.objectContaining({ ef: 128 }), meetsGoal: true });
  });

  it("given accurate settings that are all too slow then the fastest accurate one is reported as a miss", () => {
    const c = chooseHnsw(
      [point(64, 0.9, 0.1, 0.02), point(256, 0.992, 0.5, 0.2), point(512, 0.999, 0.9, 0.4)],
      0.99,
      0.05,
    );
    expect(c).toEqual({ point: expect.objectContaining({ ef: 256 }), meetsGoal: false });
  });

  it("given no setting reaching the recall then the most accurate one is reported as a miss", () => {
    const c = chooseHnsw([point(64, 0.8, 0.1, 0.02), point(128, 0.9, 0.2, 0.04)], 0.99, 0.05);
    expect(c).toEqual({ point: expect.objectContaining({ ef: 128 }), meetsGoal: false });
  });

  it("given no points then there is no choice", () => {
    expect(chooseHnsw([], 0.99, 0.05)).toBeUndefined();
  });
});
