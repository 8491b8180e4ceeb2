import { describe, expect, it } from "vitest";
import { evaluateGoals } from "../../bench/goals.js";
import { sampleResults } from "./fixture.js";

describe("evaluateGoals", () => {
  const goals = evaluateGoals(sampleResults());
  const byId = new Map(goals.map((g) => [g.id, g]));

  it("given an efficiency ratio of 0.95 then the ≥ 0.9 goal is met", () => {
    expect(byId.get("embed-efficiency")?.met).toBe(true);
  });

  it("given ask at 12 ms against a 5.5 ms forward pass with real weights then the 3× goal is met", () => {
    expect(byId.get("query-latency-20000")).toMatchObject({ met: true, target: "≤ 3×" });
    expect(byId.get("query-latency-20000")?.measured).toContain("2.18×");
  });

  it("given the same figures from the random-weight bge-small then its 1.3× goal is missed", () => {
    const r = sampleResults();
    r.settings = { ...r.settings, model: "bge-small-en-v1.5-random", weights: "random" };
    const latency = evaluateGoals(r).find((g) => g.id === "query-latency-20000");
    expect(latency).toMatchObject({ met: false, target: "≤ 1.3×" });
  });

  it("given a latency section carried over from another model then its goal names that model", () => {
    const r = sampleResults();
    const earlier = { ...r.settings, model: "bge-small-en-v1.5-random", weights: "random" as const };
    r.carriedOver = [{ section: "scale", generatedAt: r.generatedAt, measuredWith: earlier }];
    const latency = evaluateGoals(r).find((g) => g.id === "query-latency-20000");
    expect(latency).toMatchObject({ met: false, target: "≤ 1.3×" });
    expect(latency?.measured).toContain("measured with bge-small-en-v1.5-random, random weights");
    expect(evaluateGoals(r).find((g) => g.id === "embed-efficiency")?.measured).not.toContain("measured with");
  });

  it("given an incremental rebuild at 4% of the full build then the 5% goal is met", () => {
    expect(byId.get("incremental-rebuild")?.met).toBe(true);
  });

  it("given a 2.5 s cold start then the 2 s goal is missed", () => {
    expect(byId.get("cold-start")).toMatchObject({ met: false, measured: expect.stringContaining("2.50 s") });
  });

  it("given an accurate but slow HNSW setting then its goal is missed and the setting is named", () => {
    expect(byId.get("hnsw-20000")).toMatchObject({ met: false, measured: expect.stringContaining("ef=1024") });
  });

  it("given no HNSW figures then no HNSW goal is invented", () => {
    const r = sampleResults();
    delete r.hnsw;
    expect(evaluateGoals(r).some((g) => g.id.startsWith("hnsw-"))).toBe(false);
  });
});
