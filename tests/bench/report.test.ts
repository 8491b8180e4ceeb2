import { describe, expect, it } from "vitest";
import { renderCharts } from "../../src/bench/charts.js";
import { evaluateGoals } from "../../src/bench/goals.js";
import { renderReport } from "../../src/bench/report.js";
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
});
