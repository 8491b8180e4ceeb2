/**
 * `node --import tsx scripts/follow-up-eval.ts [--pairs FILE] [--k N] [--json]`: how many follow-up questions get an
 * answering quote alone, read in context (contextualQuestion) and concatenated with the first question. Builds a
 * temporary index per corpus of the pairs file: `seed` = the repository's corpus/, `bbc-news` = the business and
 * tech articles of ../shared/datasets/bbc-news (evaluation only; nothing is copied into the repository). Use the
 * real model: MODELS_DIR=../shared/models/real EMBEDDING_MODEL=Xenova/all-MiniLM-L6-v2 ALLOW_REMOTE_MODELS=false.
 */
import { cpSync, createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Command } from "commander";
import { runCli } from "../src/cli/main.js";
import { wholeNumber } from "../src/cli/options.js";
import { loadConfig } from "../src/config.js";
import { Engine } from "../src/engine.js";
import { ExitCode } from "../src/errors.js";
import {
  evaluatePair,
  type FollowUpPair,
  type PairOutcome,
  STRATEGIES,
  summarize,
} from "../src/eval/follow-up-eval.js";
import { buildIndex } from "../src/indexing/build-index.js";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

const program = new Command()
  .name("follow-up-eval")
  .description("Measure follow-up questions alone, in context and concatenated.")
  .option("--pairs <file>", "pairs file", path.join(ROOT, "tests/eval/follow-up-pairs.json"))
  .option("--shared <dir>", "the shared folder (datasets)", path.resolve(ROOT, "../shared"))
  .option("--k <n>", "quotes that count", wholeNumber(1, 25), 3)
  .option("--work <dir>", "keep the corpora and indexes here and reuse them next time (default: a temporary folder)")
  .option("--json", "print one JSON object on stdout")
  .parse();
const opts = program.opts<{ pairs: string; shared: string; k: number; work?: string; json?: boolean }>();

/** The business and tech BBC articles as one JSONL corpus file. */
async function writeBbc(shared: string, corpusDir: string): Promise<void> {
  const lines: string[] = [];
  const input = createInterface({ input: createReadStream(path.join(shared, "datasets/bbc-news/bbc-news.jsonl")) });
  for await (const line of input) {
    const d = JSON.parse(line) as { id: string; category: string; title: string; text: string };
    if (d.category === "business" || d.category === "tech")
      lines.push(JSON.stringify({ id: d.id.replace("/", "-"), title: d.title, text: d.text }));
  }
  writeFileSync(path.join(corpusDir, "bbc-business-tech.jsonl"), `${lines.join("\n")}\n`);
}

await runCli(async ({ log }) => {
  const pairs = (JSON.parse(readFileSync(opts.pairs, "utf8")) as { pairs: FollowUpPair[] }).pairs;
  const outcomes: PairOutcome[] = [];
  for (const corpus of [...new Set(pairs.map((p) => p.corpus))]) {
    const dir = opts.work
      ? path.resolve(opts.work, corpus)
      : mkdtempSync(path.join(tmpdir(), `quotebot-follow-up-${corpus}-`));
    try {
      const corpusDir = path.join(dir, "corpus");
      if (corpus === "seed") cpSync(path.join(ROOT, "corpus"), corpusDir, { recursive: true });
      else if (corpus === "bbc-news") {
        mkdirSync(corpusDir, { recursive: true });
        await writeBbc(opts.shared, corpusDir);
      } else throw new Error(`unknown corpus ${corpus} in ${opts.pairs}`);
      const config = {
        ...loadConfig({ env: { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: path.join(dir, "index") } }),
        maxCorpusFileBytes: Number.MAX_SAFE_INTEGER,
      };
      const summary = await buildIndex({ config, log });
      process.stderr.write(`${corpus}: ${summary.articles} articles, ${summary.chunks} passages (${summary.mode})\n`);
      const engine = await Engine.open(config, { log });
      try {
        for (const pair of pairs.filter((p) => p.corpus === corpus))
          outcomes.push(await evaluatePair((q) => engine.ask(q, { k: Math.max(opts.k, 3) }), pair, opts.k));
      } finally {
        await engine.close();
      }
    } finally {
      if (!opts.work) rmSync(dir, { recursive: true, force: true });
    }
  }
  const summary = summarize(outcomes);
  if (opts.json) process.stdout.write(`${JSON.stringify({ k: opts.k, summary, outcomes })}\n`);
  else {
    for (const o of outcomes) {
      const mark = (s: (typeof STRATEGIES)[number]) => (o.runs[s].hit ? "✓" : o.runs[s].answered ? "✗" : "–");
      process.stdout.write(
        `${STRATEGIES.map(mark).join(" ")}  ${o.pair.first} → ${o.pair.followUp}  [${o.runs.contextual.text}]\n`,
      );
    }
    process.stdout.write(
      `\n${summary.pairs} pairs, answering quote in the first ${opts.k}: ${STRATEGIES.map((s) => `${s} ${summary.hits[s]}`).join(", ")}; at rank 1: ${STRATEGIES.map((s) => `${s} ${summary.top1[s]}`).join(", ")}; declined: ${STRATEGIES.map((s) => `${s} ${summary.declined[s]}`).join(", ")}\n`,
    );
  }
  return ExitCode.ok;
});
