/**
 * `npm run bench -- [--quick] [--json] [--model real|synthetic]`: measure speed and scale (embedding efficiency, build, HNSW, latency, cold
 * start, memory, lexical mode) and write bench/results.json, bench/*.svg and docs/performance.md.
 * A full run takes about half an hour on 2 cores; --quick runs every step at small sizes in a few minutes and
 * writes to a temporary folder unless --out is given, so smoke tests never overwrite the reference figures.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError, Option } from "commander";
import { BENCH_MODELS, type BenchModelChoice, benchModel } from "../bench/bench-config.js";
import { evaluateGoals } from "../bench/goals.js";
import { mergeResults } from "../bench/merge-results.js";
import { FULL, QUICK } from "../bench/profiles.js";
import type { BenchResults } from "../bench/results.js";
import { runBench, STEPS, type Step } from "../bench/run-bench.js";
import { writeOutputs } from "../bench/write-outputs.js";
import { wholeNumber } from "../src/cli/options.js";
import { errorMessage } from "../src/errors.js";
import { createLogger } from "../src/log.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const stepList = (v: string): Step[] => {
  const steps = v.split(",").map((s) => s.trim());
  const bad = steps.filter((s) => !(STEPS as readonly string[]).includes(s));
  if (bad.length > 0) throw new InvalidArgumentError(`unknown step ${bad.join(", ")}; steps are ${STEPS.join(", ")}`);
  return steps as Step[];
};
// The same bounds as EMBED_BATCH_SIZE and ONNX_THREADS in src/config.ts, so a bad value fails before any work.
const batchSize = wholeNumber(1, 512);
const threads = wholeNumber(0, 64);

const program = new Command()
  .name("bench")
  .description("Measure quotebot's speed and scale; write bench/results.json and docs/performance.md.")
  .option("--quick", "small sizes and few repeats (a smoke test of every step, a few minutes)")
  .option("--json", "print the results as one JSON object on stdout")
  .option("--only <steps>", `run only these steps (${STEPS.join(",")})`, stepList)
  .option(
    "--out <dir>",
    "folder that gets bench/ and docs/ (default: the repository for a full run, a temp folder for --quick)",
  )
  .option("--shared <dir>", "the shared folder with datasets/ and models/", path.resolve(REPO_ROOT, "../shared"))
  .addOption(
    new Option(
      "--model <which>",
      "real: all-MiniLM-L6-v2 weights (<shared>/models/real); synthetic: the random-weight bge-small copy (mechanics and cost only) (default: real when its folder exists)",
    ).choices(BENCH_MODELS),
  )
  .option("--batch-size <n>", "EMBED_BATCH_SIZE to measure (default: the project default)", batchSize)
  .option("--threads <n>", "ONNX_THREADS to measure (default: the project default)", threads)
  .option("--keep", "keep the scratch folder (indexes, corpora) for inspection")
  .option("--render <results>", "measure nothing: rewrite the charts and docs/performance.md from a results.json")
  .option("--merge <results>", "keep the sections this run does not measure (see --only) from an earlier results.json")
  .parse();
const opts = program.opts<{
  quick?: boolean;
  json?: boolean;
  only?: Step[];
  out?: string;
  shared: string;
  model?: BenchModelChoice;
  batchSize?: number;
  threads?: number;
  keep?: boolean;
  render?: string;
  merge?: string;
}>();

const log = createLogger("info", { pretty: true });

if (opts.render) {
  const results = JSON.parse(await readFile(opts.render, "utf8")) as BenchResults;
  // Goals follow from the figures: evaluate them as the bench does now, not as the run that wrote the file did.
  results.goals = evaluateGoals(results);
  const written = await writeOutputs(opts.out ?? REPO_ROOT, results);
  log.info(`wrote ${written.report} and ${written.charts.length} charts from ${opts.render}`);
  process.exit(0);
}

const real = benchModel(opts.shared, "real");
const modelChoice: BenchModelChoice =
  opts.model ?? (existsSync(path.join(real.modelsDir, real.model)) ? "real" : "synthetic");
if (!opts.model && modelChoice === "synthetic")
  log.warn(`no real weights in ${real.modelsDir}: measuring the random-weight copy (similarities mean nothing)`);
const model = benchModel(opts.shared, modelChoice);
log.info(`model: ${model.model} (${model.weights} weights, ${model.modelsDir})`);

const scratch = await mkdtemp(path.join(tmpdir(), "quotebot-bench-"));
const env: Record<string, string> = {};
if (opts.batchSize !== undefined) env.EMBED_BATCH_SIZE = String(opts.batchSize);
if (opts.threads !== undefined) env.ONNX_THREADS = String(opts.threads);
try {
  const run = await runBench({
    profile: opts.quick ? QUICK : FULL,
    repoRoot: REPO_ROOT,
    datasetsDir: path.join(opts.shared, "datasets"),
    model,
    scratch,
    steps: opts.only ?? STEPS,
    env,
    log,
  });
  const { errors } = run;
  const outRoot = opts.out ?? (opts.quick ? path.join(tmpdir(), "quotebot-bench-quick") : REPO_ROOT);
  let results: BenchResults | undefined = run.results;
  if (opts.merge) {
    try {
      results = mergeResults(run.results, JSON.parse(await readFile(opts.merge, "utf8")) as BenchResults);
    } catch (e) {
      // Minutes of measurement must not be lost to a refused merge: keep them, unmerged, beside the results.
      const kept = path.join(outRoot, "bench", "results.unmerged.json");
      await mkdir(path.dirname(kept), { recursive: true });
      await writeFile(kept, `${JSON.stringify(run.results, null, 2)}\n`);
      log.error(`${errorMessage(e)}. This run's figures are in ${kept}.`);
      results = undefined;
      process.exitCode = 1;
    }
  }
  if (results) {
    const written = await writeOutputs(outRoot, results);
    log.info(`wrote ${written.results}, ${written.report} and ${written.charts.length} charts`);
    for (const g of results.goals)
      log.info(`${g.met ? "met   " : "MISSED"} ${g.what}: ${g.measured} (goal ${g.target})`);
    if (opts.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  }
  if (errors.length > 0) {
    for (const e of errors) log.error(`step failed: ${e.step}: ${e.message}`);
    process.exitCode = 1;
  }
} finally {
  if (opts.keep) log.info(`scratch folder kept: ${scratch}`);
  else await rm(scratch, { recursive: true, force: true });
}
