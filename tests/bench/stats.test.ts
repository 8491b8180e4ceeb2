import { describe, expect, it } from "vitest";
import { latencyStats, median, percentile } from "../../bench/stats.js";

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
    expect(latencyStats([])).toEqual({ p50: Number.NaN, p95: Number.NaN });
  });

  it("given a percentile outside 0..100 then it refuses", () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it("given samples then the latency figures are their median and 95th percentile", () => {
    const xs = [4, 1, 3, 2];
    expect(latencyStats(xs)).toEqual({ p50: 2.5, p95: percentile(xs, 95) });
  });
});
