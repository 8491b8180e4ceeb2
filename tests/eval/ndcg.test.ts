import { describe, expect, it } from "vitest";
import { ndcgAt } from "../../src/eval/ndcg.js";

describe("ndcgAt", () => {
  it("given relevant documents at ranks 2 and 4 (grades 1 and 2) then nDCG@10 is DCG over the ideal DCG", () => {
    const relevant = new Map([
      ["d2", 1],
      ["d4", 2],
    ]);
    // DCG = 1/log2(3) + 2/log2(5) = 0.63093 + 0.86135 = 1.49228; ideal order (2, 1): 2/log2(2) + 1/log2(3) = 2.63093.
    const expected = (1 / Math.log2(3) + 2 / Math.log2(5)) / (2 + 1 / Math.log2(3));
    expect(ndcgAt(10, ["d1", "d2", "d3", "d4"], relevant)).toBeCloseTo(expected, 12);
    expect(ndcgAt(10, ["d1", "d2", "d3", "d4"], relevant)).toBeCloseTo(0.567207, 6);
  });

  it("given the ideal ranking then nDCG is 1, and given no relevant document retrieved then 0", () => {
    const relevant = new Map([
      ["a", 1],
      ["b", 1],
    ]);
    expect(ndcgAt(10, ["a", "b", "c"], relevant)).toBe(1);
    expect(ndcgAt(10, ["c", "d"], relevant)).toBe(0);
    expect(ndcgAt(10, [], relevant)).toBe(0);
  });

  it("given a relevant document below the cutoff then it does not count", () => {
    const ranked = Array.from({ length: 11 }, (_, i) => `x${i}`);
    ranked[10] = "gold";
    expect(ndcgAt(10, ranked, new Map([["gold", 1]]))).toBe(0);
    // At rank 3 with one judged document: 1/log2(4) = 0.5.
    expect(ndcgAt(10, ["x", "y", "gold"], new Map([["gold", 1]]))).toBe(0.5);
  });

  it("given more relevant documents than the cutoff then the ideal DCG counts only the first k", () => {
    const relevant = new Map(Array.from({ length: 12 }, (_, i) => [`r${i}`, 1] as [string, number]));
    const ranked = Array.from({ length: 12 }, (_, i) => `r${i}`);
    expect(ndcgAt(10, ranked, relevant)).toBeCloseTo(1, 12);
  });
});
