/**
 * The no-answer calibration machinery on a slice of real SQuAD (four articles): each question is asked of the half
 * holding its article (a positive) and of the other half (a negative), through the project's own build and retrieval.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerConfidence } from "../../src/answer/compose-answer.js";
import { type DeclineSample, declineSamples } from "../../src/eval/decline-samples.js";
import { loadBeir } from "../../src/eval/load-beir.js";
import { silentLogger } from "../../src/log.js";
import { beirLines, writeBeirFolder } from "../helpers/beir.js";
import { DATASETS, tempDir, testConfig } from "../helpers/env.js";

const SQUAD = path.join(DATASETS, "squad-v1.1-dev", "beir-format");
const t = tempDir("quotebot-decline-");
let samples: DeclineSample[];
let questions: number;

beforeAll(async () => {
  const lines = (file: string) => beirLines(SQUAD, file);
  // Four articles (paragraph ids "<article>_<paragraph>"), five paragraphs each, two questions per paragraph.
  const docs = lines("corpus.jsonl").filter((l) => /"_id": ?"[0-3]_[0-4]"/.test(l));
  const ids = new Set(docs.map((l) => (JSON.parse(l) as { _id: string })._id));
  const [header, ...rows] = lines("qrels/test.tsv");
  const perDoc = new Map<string, number>();
  const kept = rows.filter((r) => {
    const doc = r.split("\t")[1]!;
    if (!ids.has(doc) || (perDoc.get(doc) ?? 0) >= 2) return false;
    perDoc.set(doc, (perDoc.get(doc) ?? 0) + 1);
    return true;
  });
  questions = kept.length;
  const dir = writeBeirFolder(path.join(t.dir, "squad-slice"), {
    corpus: docs,
    queries: lines("queries.jsonl"),
    qrels: [header!, ...kept],
  });
  const data = await loadBeir(dir);
  const config = testConfig(t.dir, "tokenizer-only");
  samples = await declineSamples(data, { config, log: silentLogger, depth: 3 });
}, 120_000);

afterAll(() => t.cleanup());

describe("declineSamples (SQuAD slice)", () => {
  it("given four articles split in two halves then every question is one positive and one negative", () => {
    expect(questions).toBeGreaterThan(30);
    expect(samples).toHaveLength(2 * questions);
    const byQuery = new Map<string, boolean[]>();
    for (const s of samples) byQuery.set(s.queryId, [...(byQuery.get(s.queryId) ?? []), s.positive]);
    for (const kinds of byQuery.values()) expect(kinds.sort()).toEqual([false, true]);
    expect(samples.every((s) => s.positive || !s.goldFirst)).toBe(true);
  });

  it("given questions with and without their article then answerable ones are covered far better", () => {
    const mean = (positive: boolean) => {
      const xs = samples.filter((s) => s.positive === positive).map((s) => answerConfidence(s.passages));
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean(true)).toBeGreaterThan(mean(false) + 0.2);
    // Most positives find their own paragraph first among 20 paragraphs of 2 articles.
    expect(samples.filter((s) => s.goldFirst).length).toBeGreaterThan(questions / 2);
  });
});
