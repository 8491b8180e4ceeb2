/** Write one run's outputs: bench/results.json, the SVG charts under bench/, and docs/performance.md. */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { renderCharts } from "./charts.js";
import { renderReport } from "./report.js";
import type { BenchResults } from "./results.js";
import { CHART_GENERATOR } from "./svg-chart.js";

export interface WrittenOutputs {
  results: string;
  report: string;
  charts: string[];
}

/** `root` gets `bench/` and `docs/` (the repository root for a full run). */
export async function writeOutputs(root: string, results: BenchResults): Promise<WrittenOutputs> {
  const benchDir = path.join(root, "bench");
  const docsDir = path.join(root, "docs");
  await mkdir(benchDir, { recursive: true });
  await mkdir(docsDir, { recursive: true });
  // Charts of a previous run that this run did not draw would otherwise linger next to the new ones. Only the
  // bench's own charts (marked with CHART_GENERATOR) are removed: any other .svg there is someone else's.
  for (const name of await readdir(benchDir)) {
    if (!name.endsWith(".svg")) continue;
    const file = path.join(benchDir, name);
    const head = await readFile(file, "utf8").then(
      (t) => t.slice(0, 300),
      () => "",
    );
    if (head.includes(`data-generator="${CHART_GENERATOR}"`)) await rm(file, { force: true });
  }
  const charts = renderCharts(results);
  for (const [name, svg] of Object.entries(charts)) await writeFile(path.join(benchDir, name), svg);
  const resultsFile = path.join(benchDir, "results.json");
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const reportFile = path.join(docsDir, "performance.md");
  await writeFile(reportFile, renderReport(results, { chartDir: "../bench", charts: Object.keys(charts) }));
  return { results: resultsFile, report: reportFile, charts: Object.keys(charts).map((c) => path.join(benchDir, c)) };
}
