import { describe, expect, it } from "vitest";
import { median, percentile, round, summarize } from "../../src/bench/stats.js";

describe("percentile", () => {
  it("given an odd number of samples then the median is the middle one, whatever the order", () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it("given an even number of samples then the median interpolates between the middle two", () => {
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });

  it("given 1..100 then p95 interpolates between ranks like numpy's default", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 95)).toBeCloseTo(95.05, 10);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(100);
  });

  it("given no samples then the result is NaN rather than a made-up number", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([]).n).toBe(0);
  });

  it("given a percentile outside 0..100 then it refuses", () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it("given samples then the summary agrees with its parts", () => {
    const s = summarize([4, 1, 3, 2]);
    expect(s).toMatchObject({ n: 4, median: 2.5, min: 1, max: 4, mean: 2.5 });
  });
});

describe("round", () => {
  it("given small and large numbers then three significant figures are kept", () => {
    expect(round(0.0123456)).toBe(0.0123);
    expect(round(123456)).toBe(123000);
    expect(round(0)).toBe(0);
  });
});
