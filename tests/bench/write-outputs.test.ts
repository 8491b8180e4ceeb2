import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeOutputs } from "../../bench/write-outputs.js";
import { tempDir } from "../helpers/env.js";
import { sampleResults } from "./fixture.js";

describe("writeOutputs", () => {
  const t = tempDir("quotebot-bench-out-");
  afterAll(() => t.cleanup());

  it("given a stale chart of an earlier run and someone else's .svg in bench/ then only the stale chart is removed", async () => {
    const bench = path.join(t.dir, "bench");
    mkdirSync(bench, { recursive: true });
    const first = await writeOutputs(t.dir, sampleResults());
    expect(first.charts.length).toBeGreaterThan(0);
    // A chart the next run will not draw again, as an earlier run wrote it.
    const stale = path.join(bench, "dropped-chart.svg");
    writeFileSync(stale, readFileSync(first.charts[0]!, "utf8"));
    const logo = path.join(bench, "logo.svg");
    writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>');

    const second = await writeOutputs(t.dir, sampleResults());
    expect(existsSync(stale)).toBe(false);
    expect(readFileSync(logo, "utf8")).toContain("circle");
    for (const chart of second.charts) expect(existsSync(chart)).toBe(true);
  });
});
