import { describe, expect, it } from "vitest";
import { rocAuc } from "../../src/eval/roc-auc.js";

describe("rocAuc", () => {
  it("given perfectly separated scores then 1, and reversed then 0", () => {
    expect(rocAuc([0.8, 0.9], [0.1, 0.2])).toBe(1);
    expect(rocAuc([0.1, 0.2], [0.8, 0.9])).toBe(0);
  });

  it("given ties then they count half", () => {
    // Pairs: (0.5 vs 0.5) tie = 0.5, (0.5 vs 0.2) win = 1, (0.9 vs both) wins = 2 → 3.5 / 4.
    expect(rocAuc([0.5, 0.9], [0.5, 0.2])).toBe(3.5 / 4);
  });
});
