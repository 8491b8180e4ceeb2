import { describe, expect, it } from "vitest";
import { renderCharts } from "../../bench/charts.js";
import { evaluateGoals } from "../../bench/goals.js";
import { renderReport } from "../../bench/report.js";
import { sampleResults } from "./fixture.js";

describe("renderReport", () => {
  const results = sampleResults();
  results.goals = evaluateGoals(results);
  const charts = renderCharts(results);
  const md = renderReport(results, { chartDir: "../bench", charts: Object.keys(charts) });

  it("given results then the machine is stated", () => {
    expect(md).toContain("Test CPU, 2 cores");
    expect(md).toContain("v20.0.0");
  });

  it("given goals then each appears with whether it was met", () => {
    for (const g of results.goals) expect(md).toContain(g.what);
    expect(md).toContain("✅ met");
    expect(md).toContain("❌ missed");
    expect(md).toContain("## Goals missed, and why");
  });

  it("given the query forward pass timed per thread count then each count's p50/p95 is in one row", () => {
    expect(md).toContain("1 thread p50/p95 | 2 threads p50/p95");
    expect(md).toMatch(/\| 20,010 \| 5\.50 \/ 8\.00 \| 7\.25 \/ 9\.00 \|/);
  });

  it("given both hnswlib-node builds timed then the speed-up and agreement are reported", () => {
    expect(md).toContain("### Portable and native hnswlib-node");
    expect(md).toMatch(
      /\| 20,000 \| 400 \| portable: 0\.90 \/ 1\.20 \| native \(-O3 -march=native\): 0\.50 \/ 0\.70 \| 1\.80× \| 99\.5% \|/,
    );
  });

  it("given latency measured in rounds then each round's ratio is shown beside the pooled one", () => {
    expect(md).toContain("2.18× (rounds: 2.10, 2.25, 2.20)");
    expect(md).toContain("asked in 3 rounds");
  });

  it("given charts then the report links each of them and never prints NaN or undefined", () => {
    for (const name of Object.keys(charts)) expect(md).toContain(`](../bench/${name})`);
    expect(md).not.toMatch(/NaN|undefined/);
  });

  it("given charts then every one is an SVG document without NaN coordinates", () => {
    expect(Object.keys(charts).length).toBeGreaterThan(0);
    for (const svg of Object.values(charts)) {
      expect(svg.startsWith("<svg ")).toBe(true);
      expect(svg).not.toContain("NaN");
    }
  });

  const render = (r: ReturnType<typeof sampleResults>) => {
    r.goals = evaluateGoals(r);
    return renderReport(r, { chartDir: "../bench", charts: [] });
  };
  const real = {
    model: "Xenova/all-MiniLM-L6-v2",
    weights: "real",
    layers: 6,
    pooling: "mean",
    queryPrefix: "",
  } as const;

  it("given results of the real MiniLM then the report names it and describes it, with no random-weight wording", () => {
    const r = sampleResults();
    r.settings = { ...r.settings, ...real };
    const text = render(r);
    expect(text).toContain("model `Xenova/all-MiniLM-L6-v2` (q8; real trained weights: similarities mean something");
    expect(text).toContain("questions embedded without a prefix");
    expect(text).toContain("a 6-layer forward pass");
    expect(text).toContain("mean-pools the token vectors");
    expect(text).not.toMatch(/random-weight|random weights|synthetic|CLS|bge|query instruction moves/i);
  });

  it("given results of the random-weight bge-small then the random-weight explanations are kept", () => {
    const r = sampleResults();
    r.settings = { ...r.settings, model: "bge-small-en-v1.5-random", weights: "random", layers: 12 };
    const text = render(r);
    expect(text).toContain("random weights: the real shape and cost, meaningless similarities");
    expect(text).toContain("the query instruction moves them");
    expect(text).toContain("pools the CLS token");
    expect(text).toContain("a 12-layer forward pass");
  });

  it("given a section carried over from a run of another model then the report names that model for it", () => {
    const r = sampleResults();
    r.settings = { ...r.settings, ...real };
    const earlier = { ...r.settings, model: "bge-small-en-v1.5-random", weights: "random" as const, layers: 12 };
    r.carriedOver = [{ section: "embedding", generatedAt: "2025-12-01T00:00:00.000Z", measuredWith: earlier }];
    const text = render(r);
    expect(text).toContain(
      "The embedding section was carried over from a run of another model, `bge-small-en-v1.5-random`",
    );
    expect(text).toContain("embedding (2025-12-01 00:00 UTC, measured with `bge-small-en-v1.5-random`)");
    expect(text).toMatch(/are embedded by `bge-small-en-v1\.5-random` \(q8; random weights/);
    expect(text).toContain("questions are embedded by `Xenova/all-MiniLM-L6-v2`");
  });
});
