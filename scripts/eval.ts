/**
 * `npm run eval -- --dataset DIR [--mode lexical|dense|hybrid] [--limit N] [--json]`: index a BEIR-layout dataset
 * with the project's own build, run every judged query through the project's own retrieval, and report nDCG@10,
 * Recall@1/5/10/100, MRR@10 and queries per second. `--calibrate` instead measures the no-answer decision.
 */
import { Command, Option } from "commander";
import { answerConfidence, DECISION_DEPTH, SIMILARITY_CALIBRATIONS } from "../src/answer/compose-answer.js";
import { runCli } from "../src/cli/main.js";
import { wholeNumber } from "../src/cli/options.js";
import type { Config } from "../src/config.js";
import { Engine } from "../src/engine.js";
import { QuotebotError } from "../src/errors.js";
import { articleHalves, declineSamples } from "../src/eval/decline-samples.js";
import { declineTradeoff } from "../src/eval/decline-tradeoff.js";
import { indexBeir } from "../src/eval/index-beir.js";
import { type BeirDataset, type BeirQuery, loadBeir } from "../src/eval/load-beir.js";
import { metricsByKind, type QuoteMetrics, runQuoteEval } from "../src/eval/quote-eval.js";
import { createRng } from "../src/eval/rng.js";
import { rocAuc } from "../src/eval/roc-auc.js";
import { type EvalResult, runEval } from "../src/eval/run-eval.js";
import { typoQueries } from "../src/eval/typo-queries.js";
import { createEmbedder, type Embedder } from "../src/indexing/embedder.js";
import type { Logger } from "../src/log.js";
import { DEFAULT_FUSION, type FusionMethod } from "../src/retrieval/fuse.js";
import type { RetrievalMode } from "../src/retrieval/retrieve.js";
import type { IndexMode } from "../src/types.js";

const atLeastOne = wholeNumber(1);

const program = new Command()
  .name("eval")
  .description("Measure retrieval quality on a dataset in BEIR layout (corpus.jsonl, queries.jsonl, qrels/test.tsv).")
  .requiredOption("--dataset <dir>", "the dataset folder")
  .addOption(new Option("--mode <mode>", "rankings to use").choices(["lexical", "dense", "hybrid"]).default("lexical"))
  .option("--limit <n>", "evaluate only the first N judged queries", atLeastOne)
  .option("--json", "print one JSON object on stdout")
  .option("--whole-docs", "index each document as one chunk, like published BM25 baselines (lexical only)")
  .addOption(new Option("--fusion <method>", "hybrid fusion").choices(["rrf", "convex"]).default(DEFAULT_FUSION))
  .addOption(
    new Option(
      "--half <n>",
      "ask only questions about one half of the articles (0 or 1; tune on one, check on the other)",
    ).choices(["0", "1"]),
  )
  .option("--dense-weight <w>", "convex fusion's dense weight, in [0, 1] (tuning)", Number)
  .option(
    "--sentence-weight <w>",
    "the best sentence's weight in reranking the first candidates; 0: off (tuning)",
    Number,
  )
  .option("--typos", "give every query one seeded typo (robustness)")
  .option("--split <name>", "qrels split", "test")
  .option("--calibrate", "measure the no-answer decision instead (answerable vs unanswerable questions)")
  .option("--quotes", "measure the quotes users see: does the answer's quote hold a gold answer (metadata.answers)?")
  .option("--sample <n>", "ask a seeded random sample of N judged queries (with --quotes)", atLeastOne)
  .option("--cache <dir>", "keep the built index in DIR and reuse its vectors in later runs (incremental build)")
  .parse();
const opts = program.opts<{
  dataset: string;
  mode: RetrievalMode;
  limit?: number;
  json?: boolean;
  wholeDocs?: boolean;
  fusion: FusionMethod;
  typos?: boolean;
  split: string;
  calibrate?: boolean;
  quotes?: boolean;
  denseWeight?: number;
  sentenceWeight?: number;
  sample?: number;
  cache?: string;
  half?: "0" | "1";
}>();

const fmt = (x: number) => x.toFixed(4);

function table(r: EvalResult): string {
  const rows: [string, string][] = [
    ["dataset", r.dataset],
    ["mode", r.mode],
    ["queries", String(r.queries)],
    ["nDCG@10", fmt(r.ndcg10)],
    ["Recall@1", fmt(r.recall1)],
    ["Recall@5", fmt(r.recall5)],
    ["Recall@10", fmt(r.recall10)],
    ["Recall@100", fmt(r.recall100)],
    ["MRR@10", fmt(r.mrr10)],
    ["queries/s", r.qps.toFixed(1)],
  ];
  return rows.map(([k, v]) => `${k.padEnd(11)} ${v}`).join("\n");
}

await runCli(async ({ config, log }) => {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  if (opts.wholeDocs && opts.mode !== "lexical")
    throw new Error("--whole-docs is for lexical evaluation: the embedding model reads at most 512 tokens per chunk.");
  const data = await loadBeir(opts.dataset, { split: opts.split, limit: opts.limit });
  const asked = opts.half === undefined ? data.queries : queriesOfHalf(data, Number(opts.half));
  const queries = opts.typos ? typoQueries(asked) : asked;
  if (opts.half !== undefined) data.qrels = new Map(asked.map((q) => [q.id, data.qrels.get(q.id)!]));

  let embedder: Embedder | null = null;
  if (opts.mode !== "lexical") {
    const created = await createEmbedder(config.embedding);
    if (created instanceof QuotebotError) throw created;
    embedder = created;
    if (/random|synthetic/i.test(`${embedder.modelId} ${config.embedding.modelsDir ?? ""}`))
      say(
        `MACHINERY TEST: ${embedder.modelId} has random weights. These numbers exercise the ${opts.mode} pipeline; they say nothing about retrieval quality.`,
      );
  }
  if (opts.calibrate)
    try {
      return await calibrate({ ...data, queries }, config, log, say, embedder);
    } finally {
      await embedder?.dispose();
    }
  say(
    `${data.name}: indexing ${data.docs.length} documents (${embedder ? `hybrid, ${embedder.modelId}` : "lexical"})…`,
  );
  const built = await indexBeir(data.docs, { config, log, embedder, wholeDocs: opts.wholeDocs, keepIn: opts.cache });
  let engine: Engine | undefined;
  try {
    say(
      `Indexed ${built.summary.articles} documents as ${built.summary.chunks} chunks in ${(built.summary.durationMs / 1000).toFixed(1)} s; running ${queries.length} queries…`,
    );
    engine = await Engine.open(built.config, { log, embedder });
    if (opts.quotes) return await reportQuotes(engine, queries, data.name);
    const result = await runEval(engine, queries, data.qrels, {
      dataset: data.name,
      mode: opts.mode,
      fusion: opts.fusion,
      denseWeight: opts.denseWeight,
      sentenceWeight: opts.sentenceWeight,
      embedder: embedder ?? undefined,
      docOf: built.docOf,
    });
    process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${table(result)}\n`);
    return 0;
  } finally {
    await engine?.close();
    if (!engine) await embedder?.dispose();
    await built.cleanup();
  }
});

/** `--quotes`: what users see, per dataset and per question kind. */
async function reportQuotes(engine: Engine, queries: readonly BeirQuery[], dataset: string): Promise<number> {
  const withAnswers = queries.filter((q) => q.answers);
  if (withAnswers.length === 0) throw new Error("--quotes needs queries with answers (metadata.answers).");
  const asked = opts.sample ? seededSample(withAnswers, opts.sample) : withAnswers;
  const mode = opts.mode;
  const { metrics, outcomes } = await runQuoteEval(engine, asked, {
    mode,
    fusion: opts.fusion,
    sentenceWeight: opts.sentenceWeight,
  });
  const byKind = metricsByKind(outcomes);
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ dataset, mode, fusion: mode === "hybrid" ? opts.fusion : undefined, ...metrics, byKind })}\n`,
    );
    return 0;
  }
  const head =
    "| questions | answer in quote@1 | answer in quote@3 | first passage holds it | quote given that | answered |";
  const row = (label: string, m: QuoteMetrics) =>
    `| ${label} ${m.questions} | ${fmt(m.answerInQuote1)} | ${fmt(m.answerInQuote3)} | ${fmt(m.firstPassage)} | ${fmt(m.quoteGivenPassage)} | ${fmt(m.answered)} |`;
  const lines = [
    `${dataset}, ${mode}${mode === "hybrid" ? ` (${opts.fusion})` : ""}`,
    head,
    "| --- | --- | --- | --- | --- | --- |",
    row("all", metrics),
  ];
  for (const [kind, m] of Object.entries(byKind)) lines.push(row(kind, m));
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

/** Questions whose gold documents all belong to one half of the articles (grouped by title, as `--calibrate` splits). */
function queriesOfHalf(data: BeirDataset, half: number): BeirQuery[] {
  const halfOf = articleHalves(data.docs);
  return data.queries.filter((q) => {
    const gold = [...(data.qrels.get(q.id)?.keys() ?? [])];
    return gold.length > 0 && gold.every((id) => halfOf.get(id) === half);
  });
}

/** A seeded sample, in dataset order, so runs compare on the same questions. */
function seededSample<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items];
  const rng = createRng(20261201);
  const picked = new Set<number>();
  while (picked.size < n) picked.add(rng.int(items.length));
  return [...picked].sort((a, b) => a - b).map((i) => items[i]!);
}

/**
 * `--calibrate`: the precision/recall trade-off of the no-answer decision, keyword coverage (MIN_ANSWER_COVERAGE)
 * and, with `--mode hybrid`, coverage with dense similarity (MIN_ANSWER_CONFIDENCE), reported apart.
 */
async function calibrate(
  data: BeirDataset,
  config: Config,
  log: Logger,
  say: (line: string) => void,
  embedder: Embedder | null,
): Promise<number> {
  say(`${data.name}: indexing each half of the articles in turn, asking ${data.queries.length} questions of both…`);
  const samples = await declineSamples(data, {
    config,
    log,
    embedder,
    keepIn: opts.cache,
    depth: DECISION_DEPTH,
    onHalf: (half, docs) => say(`half ${half + 1}: ${docs} documents indexed`),
  });
  const positives = samples.filter((s) => s.positive).length;
  const thresholds = Array.from({ length: 13 }, (_, i) => Math.round((0.3 + 0.05 * i) * 100) / 100);
  // Keyword evidence is measured in every mode; hybrid evidence where the model has a similarity calibration.
  const calibration = embedder ? SIMILARITY_CALIBRATIONS[embedder.modelId] : undefined;
  if (embedder && !calibration)
    say(`${embedder.modelId} has no similarity calibration: its hybrid answers decide by keyword coverage alone.`);
  const modes: IndexMode[] = calibration ? ["lexical", "hybrid"] : ["lexical"];
  const decisions = modes.map((mode) => {
    const used = mode === "hybrid" ? calibration : undefined;
    const confidence = (positive: boolean) =>
      samples.filter((s) => s.positive === positive).map((s) => answerConfidence(s.passages, used));
    const auc = rocAuc(confidence(true), confidence(false));
    const threshold = used ? config.retrieval.minConfidence : config.retrieval.minCoverage;
    const grid = [...new Set([...thresholds, threshold])].sort((x, y) => x - y);
    return { mode, auc, threshold, rows: declineTradeoff(samples, grid, used) };
  });
  if (opts.json) {
    const summary = {
      dataset: data.name,
      mode: opts.mode,
      positives,
      negatives: samples.length - positives,
      decisions,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  const lines = [`positives ${positives}, negatives ${samples.length - positives}`];
  for (const d of decisions) {
    lines.push(
      "",
      `${d.mode === "hybrid" ? "hybrid (coverage and dense similarity)" : "keyword coverage"}: ROC AUC ${fmt(d.auc)}, default threshold ${d.threshold}`,
      "| threshold | precision | recall | F1 | false answers | gold passage first |",
      "| --- | --- | --- | --- | --- | --- |",
      ...d.rows.map(
        (r) =>
          `| ${r.threshold.toFixed(2)}${r.threshold === d.threshold ? " (default)" : ""} | ${fmt(r.precision)} | ${fmt(r.recall)} | ${fmt(r.f1)} | ${fmt(r.falseAnswers)} | ${fmt(r.goldFirst)} |`,
      ),
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}
