/**
 * `npm run eval` end to end on small slices of the real datasets, in child processes: the JSON shape and sane metric
 * ranges on SciFact (lexical, the project's own build and retrieval), and the dense and hybrid machinery with the
 * synthetic random-weight model. Results are never hard-coded: the slice is real data, the numbers are whatever the
 * pipeline measures.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildResult, runTs } from "../hardening/support.js";
import { beirLines, writeBeirFolder } from "../helpers/beir.js";
import { DATASETS, REAL_TOKENIZERS_DIR, SYNTHETIC_MODEL, SYNTHETIC_MODELS_DIR, tempDir } from "../helpers/env.js";

const SCIFACT = path.join(DATASETS, "beir-scifact");
const t = tempDir("quotebot-eval-");

/** A BEIR folder with the first `queries` judged test queries, their documents, and `distractors` other documents. */
function slice(name: string, queries: number, distractors: number): string {
  const lines = (file: string) => beirLines(SCIFACT, file);
  const [header, ...rows] = lines("qrels/test.tsv");
  const judged = [...new Set(rows.map((r) => r.split("\t")[0]!))].slice(0, queries);
  const keptRows = rows.filter((r) => judged.includes(r.split("\t")[0]!));
  const gold = new Set(keptRows.map((r) => r.split("\t")[1]!));
  const docs = lines("corpus.jsonl");
  const isGold = (line: string) => gold.has(String((JSON.parse(line) as { _id: string })._id));
  const kept = [...docs.filter(isGold), ...docs.filter((l) => !isGold(l)).slice(0, distractors)];
  return writeBeirFolder(path.join(t.dir, name), {
    corpus: kept,
    queries: lines("queries.jsonl"),
    qrels: [header!, ...keptRows],
  });
}

const baseEnv = { ALLOW_REMOTE_MODELS: "false", LOG_LEVEL: "error", MODEL_CACHE_DIR: path.join(t.dir, "cache") };
const lexicalEnv = { ...baseEnv, MODELS_DIR: REAL_TOKENIZERS_DIR, EMBEDDING_MODEL: "Xenova/bge-small-en-v1.5" };
const syntheticEnv = { ...baseEnv, MODELS_DIR: SYNTHETIC_MODELS_DIR, EMBEDDING_MODEL: SYNTHETIC_MODEL };

let lexical: ChildResult;
let lexicalText: ChildResult;
const machinery = new Map<string, ChildResult>();

beforeAll(async () => {
  const small = slice("scifact-slice", 25, 300);
  const tiny = slice("scifact-tiny", 4, 30);
  lexical = await runTs("scripts/eval.ts", ["--dataset", small, "--limit", "20", "--json"], { env: lexicalEnv });
  lexicalText = await runTs("scripts/eval.ts", ["--dataset", small, "--limit", "5"], { env: lexicalEnv });
  for (const mode of ["dense", "hybrid"])
    machinery.set(
      mode,
      await runTs("scripts/eval.ts", ["--dataset", tiny, "--mode", mode, "--json"], {
        env: syntheticEnv,
        timeoutMs: 120_000,
      }),
    );
}, 240_000);

afterAll(() => t.cleanup());

const KEYS = ["dataset", "mode", "queries", "ndcg10", "recall1", "recall5", "recall10", "recall100", "mrr10", "qps"];

function parse(r: ChildResult): Record<string, number | string> {
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(0);
  const lines = r.stdout.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, number | string>;
}

function expectSaneMetrics(json: Record<string, number | string>) {
  for (const key of KEYS.slice(3, 9)) {
    expect(json[key]).toBeGreaterThanOrEqual(0);
    expect(json[key]).toBeLessThanOrEqual(1);
  }
  const n = json as Record<string, number>;
  expect(n.recall1).toBeLessThanOrEqual(n.recall5!);
  expect(n.recall5).toBeLessThanOrEqual(n.recall10!);
  expect(n.recall10).toBeLessThanOrEqual(n.recall100!);
  expect(n.qps).toBeGreaterThan(0);
}

describe("npm run eval (SciFact slice, lexical)", () => {
  it("given --limit 20 --json then stdout is one JSON object of the documented shape over 20 queries", () => {
    const json = parse(lexical);
    expect(Object.keys(json).sort()).toEqual([...KEYS].sort());
    expect(json).toMatchObject({ dataset: "scifact-slice", mode: "lexical", queries: 20 });
    expectSaneMetrics(json);
  });

  it("given real claims against their abstracts among 300 distractors then BM25 ranks well above chance", () => {
    const json = parse(lexical) as Record<string, number>;
    // Chance would put a gold abstract in the top 10 of ~330 about 3% of the time; BM25 is far above that.
    expect(json.recall10).toBeGreaterThan(0.5);
    expect(json.ndcg10).toBeGreaterThan(0.4);
    expect(json.mrr10).toBeGreaterThanOrEqual(json.recall1!);
  });

  it("given no --json then a readable table goes to stdout", () => {
    expect(lexicalText.code).toBe(0);
    expect(lexicalText.stdout).toMatch(/^dataset\s+scifact-slice$/m);
    expect(lexicalText.stdout).toMatch(/^nDCG@10\s+[01]\.\d{4}$/m);
    expect(lexicalText.stdout).toMatch(/^queries\s+5$/m);
  });
});

describe("npm run eval --mode dense|hybrid with the synthetic model (machinery test, not quality)", () => {
  for (const mode of ["dense", "hybrid"]) {
    it(`given --mode ${mode} then the real embedder, HNSW and ${mode} retrieval run end to end, labelled as a machinery test`, () => {
      const r = machinery.get(mode)!;
      const json = parse(r);
      expect(Object.keys(json).sort()).toEqual([...KEYS].sort());
      expect(json).toMatchObject({ dataset: "scifact-tiny", mode, queries: 4 });
      expectSaneMetrics(json);
      expect(r.stderr).toMatch(/MACHINERY TEST/);
    });
  }
});
