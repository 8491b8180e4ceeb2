import { describe, expect, it } from "vitest";
import { meanRecallAtK, recallAtK } from "../../bench/recall.js";

describe("recallAtK", () => {
  it("given the exact neighbours in another order then recall is 1", () => {
    expect(recallAtK({ exactSimilarities: [0.9, 0.8, 0.7], approxSimilarities: [0.7, 0.9, 0.8] }, 3)).toBe(1);
  });

  it("given one neighbour missed then recall drops by 1/k", () => {
    expect(recallAtK({ exactSimilarities: [0.9, 0.8, 0.7, 0.6], approxSimilarities: [0.9, 0.8, 0.7, 0.5] }, 4)).toBe(
      0.75,
    );
  });

  it("given a tie at the k-th place broken differently then it is not counted as a miss", () => {
    // Two duplicate vectors share similarity 0.7: either one is a correct 3rd neighbour, even when the other copy's
    // similarity comes out a rounding error lower.
    expect(recallAtK({ exactSimilarities: [0.9, 0.8, 0.7], approxSimilarities: [0.9, 0.8, 0.7 - 1e-9] }, 3)).toBe(1);
  });

  it("given fewer approximate results than k then the missing ones count as misses", () => {
    expect(recallAtK({ exactSimilarities: [0.9, 0.8], approxSimilarities: [0.9] }, 2)).toBe(0.5);
  });

  it("given several queries then each weighs the same", () => {
    const perfect = { exactSimilarities: [0.9, 0.8], approxSimilarities: [0.9, 0.8] };
    const half = { exactSimilarities: [0.9, 0.8], approxSimilarities: [0.9, 0.1] };
    expect(meanRecallAtK([perfect, half], 2)).toBe(0.75);
  });
});
