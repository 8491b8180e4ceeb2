/**
 * Reflow over real hard-wrapped newswire: the first 2,000 Reuters-21578 stories load through the JSONL loader with
 * paragraphs of whole sentences, every word kept, and their tables of figures still one row per line. BBC News
 * (one paragraph per line, never wrapped) loads exactly as it did without reflow.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanText } from "../../src/corpus/clean.js";
import { loadCorpus } from "../../src/corpus/load-corpus.js";
import { splitSentences } from "../../src/text/sentences.js";
import { DATASETS, tempDir } from "../helpers/env.js";

const REUTERS = path.join(DATASETS, "reuters-21578/reuters21578.jsonl");
const BBC = path.join(DATASETS, "bbc-news/bbc-news.jsonl");
const ROWS = 2_000;
/** A whole row of an earnings table: "Shr 34 cts vs 1.19 dlrs", "Net profit 72,000 vs profit 16,000". */
const EARNINGS_ROW =
  /^(Shr|Net|Revs)( profit| loss)? [\d,.]+( mln| dlrs| cts| billion)? vs( profit| loss)? [\d,.]+( mln| dlrs| cts| billion)?$/;

interface Row {
  id: string;
  title: string;
  text: string;
}
const words = (t: string) => t.split(/\s+/).filter(Boolean);
/** Paragraphs (blank-line separated), lines per paragraph, sentences, and sentences that stop mid-clause. */
function shape(texts: readonly string[]) {
  let paragraphs = 0;
  let lines = 0;
  let sentences = 0;
  let unfinished = 0;
  for (const t of texts) {
    const ps = t.split(/\n\n+/).filter((p) => p.trim());
    paragraphs += ps.length;
    lines += ps.reduce((n, p) => n + p.split("\n").length, 0);
    const ss = splitSentences(t).filter((s) => !/^reuter$/i.test(s.text));
    sentences += ss.length;
    unfinished += ss.filter((s) => !/[.!?:;"')\]]$/.test(s.text)).length;
  }
  return {
    linesPerParagraph: lines / paragraphs,
    sentencesPerStory: sentences / texts.length,
    unfinished: unfinished / sentences,
  };
}

function readRows(file: string, limit: number, body: (r: Record<string, unknown>) => unknown, id: string): Row[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .slice(0, limit)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((r) => typeof body(r) === "string" && typeof r.title === "string" && (body(r) as string).trim() !== "")
    .map((r) => ({ id: String(r[id]), title: r.title as string, text: body(r) as string }));
}

const have = existsSync(REUTERS) && existsSync(BBC);
let cleanup: () => void = () => {};
let reuters: Row[];
let bbc: Row[];
let loadedReuters: Map<string, string>;
let loadedBbc: Map<string, string>;

beforeAll(async () => {
  if (!have) return;
  const t = tempDir("quotebot-reflow-reuters-");
  cleanup = t.cleanup;
  reuters = readRows(REUTERS, ROWS, (r) => r.body, "newid");
  bbc = readRows(BBC, Number.MAX_SAFE_INTEGER, (r) => r.text, "id");
  writeFileSync(path.join(t.dir, "reuters.jsonl"), reuters.map((r) => JSON.stringify(r)).join("\n"));
  writeFileSync(path.join(t.dir, "bbc.jsonl"), bbc.map((r, n) => JSON.stringify({ ...r, id: String(n) })).join("\n"));
  const loaded = await loadCorpus(t.dir, { maxFileBytes: 1024 ** 3 });
  const byStem = (stem: string) =>
    new Map(
      loaded.articles.filter((a) => a.id.startsWith(`${stem}/`)).map((a) => [a.id.slice(stem.length + 1), a.text]),
    );
  loadedReuters = byStem("reuters");
  loadedBbc = byStem("bbc");
}, 120_000);
afterAll(() => cleanup());

describe.skipIf(!have)("reflow over the first 2,000 Reuters-21578 stories", () => {
  it("given the wrapped stories then every one loads and keeps every word, in order", () => {
    expect(loadedReuters.size).toBe(reuters.length);
    for (const r of reuters) expect(words(loadedReuters.get(r.id)!), r.id).toEqual(words(cleanText(r.text)));
  });

  it("given the wrapped stories then paragraphs hold about one line each and sentences stop mid-clause far less often", () => {
    const before = shape(reuters.map((r) => cleanText(r.text)));
    const after = shape(reuters.map((r) => loadedReuters.get(r.id)!));
    // Before: a story is one "paragraph" of 10–20 wrapped lines, and most "sentences" are wrapped line fragments.
    expect(before.linesPerParagraph).toBeGreaterThan(5);
    expect(after.linesPerParagraph).toBeLessThan(1.5);
    expect(after.sentencesPerStory).toBeLessThan(before.sentencesPerStory * 0.7);
    expect(after.unfinished).toBeLessThan(before.unfinished / 2);
    // What is left unfinished is rows of tables ("Shr 34 cts vs 1.19 dlrs"), headings and the like, not prose.
    expect(after.unfinished).toBeLessThan(0.25);
  });

  it("given earnings tables ('Shr … vs …' rows) then every row is still a line of its own", () => {
    let rows = 0;
    for (const r of reuters) {
      const lines = new Set(loadedReuters.get(r.id)!.split("\n"));
      for (const raw of r.text.split("\n")) {
        const row = raw.trim();
        if (!EARNINGS_ROW.test(row)) continue;
        rows++;
        expect(lines.has(row), `${r.id}: ${row}`).toBe(true);
      }
    }
    expect(rows).toBeGreaterThan(100);
  });

  it("given BBC News, one paragraph per line and never wrapped, then every article loads exactly as without reflow", () => {
    expect(loadedBbc.size).toBe(bbc.length);
    bbc.forEach((r, n) => {
      expect(loadedBbc.get(String(n))).toBe(cleanText(r.text));
    });
  });
});
