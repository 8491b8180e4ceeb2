import { describe, expect, it } from "vitest";
import { reciprocalRankAt } from "../../src/eval/mrr.js";

describe("reciprocalRankAt", () => {
  const relevant = new Map([
    ["a", 1],
    ["b", 1],
  ]);

  it("given the first relevant document at rank 3 then the reciprocal rank is 1/3", () => {
    expect(reciprocalRankAt(10, ["x", "y", "b", "a"], relevant)).toBe(1 / 3);
  });

  it("given the first relevant document below the cutoff then it is 0", () => {
    expect(reciprocalRankAt(2, ["x", "y", "a"], relevant)).toBe(0);
    expect(reciprocalRankAt(10, [], relevant)).toBe(0);
  });
});
