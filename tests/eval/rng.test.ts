import { describe, expect, it } from "vitest";
import { createRng, sampleIndices } from "../../src/eval/rng.js";

describe("createRng", () => {
  it("given the same seed then the same sequence comes out", () => {
    const a = createRng(42);
    const b = createRng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it("given many draws then uniform values stay in [0, 1) and gaussians centre on 0", () => {
    const rng = createRng(1);
    const xs = Array.from({ length: 5000 }, () => rng.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const gs = Array.from({ length: 5000 }, () => rng.gaussian());
    expect(Math.abs(gs.reduce((s, x) => s + x, 0) / gs.length)).toBeLessThan(0.1);
  });
});

describe("sampleIndices", () => {
  it("given k ≤ n then k distinct sorted indices in range come out", () => {
    const s = sampleIndices(100, 20, createRng(3));
    expect(s).toHaveLength(20);
    expect(new Set(s).size).toBe(20);
    expect(s).toEqual([...s].sort((a, b) => a - b));
    expect(s.every((i) => i >= 0 && i < 100)).toBe(true);
  });

  it("given k > n then all indices come out", () => {
    expect(sampleIndices(3, 10, createRng(3))).toEqual([0, 1, 2]);
  });
});
