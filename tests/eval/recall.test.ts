import { describe, expect, it } from "vitest";
import { recallAt } from "../../src/eval/recall.js";

describe("recallAt", () => {
  const relevant = new Map([
    ["a", 1],
    ["b", 1],
    ["c", 1],
  ]);
  const ranked = ["x", "a", "y", "b", "z", "w"];

  it("given three relevant documents, two retrieved at ranks 2 and 4, then recall grows with k", () => {
    expect(recallAt(1, ranked, relevant)).toBe(0);
    expect(recallAt(2, ranked, relevant)).toBe(1 / 3);
    expect(recallAt(5, ranked, relevant)).toBe(2 / 3);
    expect(recallAt(100, ranked, relevant)).toBe(2 / 3);
  });

  it("given no relevant documents judged then recall is 0", () => {
    expect(recallAt(10, ranked, new Map())).toBe(0);
  });
});
