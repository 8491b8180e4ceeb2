/**
 * The lexical store (src/indexing/lexical-store.ts) scores plain Lucene BM25 over terms + bigrams with true
 * token-count lengths. Expected scores are computed by hand from the formula.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/eval/rng.js";
import { buildLexicalData } from "../../src/indexing/build-lexical.js";
import { decodeLexical, encodeLexical } from "../../src/indexing/lexical-format.js";
import { BM25, createLexicalStore, topK } from "../../src/indexing/lexical-store.js";
import { analyze, isBigram, withBigrams } from "../../src/text/analyze.js";

const { k1, b, bigramWeight } = BM25;
const idf = (n: number, N: number) => Math.log(1 + (N - n + 0.5) / (n + 0.5));
const tfPart = (tf: number, dl: number, avgdl: number) => (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * dl) / avgdl));

// Titles are empty, so a body is its text. Analyzed: d0 = appl banana | d1 = appl appl cherri | d2 = cherri date.
// Lengths count terms and bigrams: d0 = 2 + 1 = 3, d1 = 3 + 2 = 5, d2 = 2 + 1 = 3; average 11/3.
const docs = [
  { title: "", text: "apple banana" },
  { title: "", text: "apples apple cherries" },
  { title: "", text: "cherry date" },
];
const avgdl = 11 / 3;

describe("BM25 in the lexical store", () => {
  const store = createLexicalStore(buildLexicalData(docs));

  it("given a one-word query then each hit scores idf · tf-saturation with its true length", () => {
    const hits = store.search("cherry", 10);
    expect(hits.map((h) => h.label)).toEqual([2, 1]);
    expect(hits[0]!.score).toBeCloseTo(idf(2, 3) * tfPart(1, 3, avgdl), 10);
    expect(hits[1]!.score).toBeCloseTo(idf(2, 3) * tfPart(1, 5, avgdl), 10);
    expect(hits[1]!.matched).toEqual(["cherri"]);
  });

  it("given a two-word query then scores add up per term (no coord factor) and the bigram counts a quarter", () => {
    const [top] = store.search("apple cherry", 10);
    expect(top!.label).toBe(1);
    const expected =
      idf(2, 3) * tfPart(2, 5, avgdl) +
      idf(2, 3) * tfPart(1, 5, avgdl) +
      bigramWeight * idf(1, 3) * tfPart(1, 5, avgdl);
    expect(top!.score).toBeCloseTo(expected, 10);
    expect(top!.matched.sort()).toEqual(["appl", "cherri"]);
  });

  it("given an out-of-vocabulary misspelling then it matches fuzzily, and a known word does not", () => {
    expect(store.search("bananna", 10).map((h) => h.label)).toEqual([0]);
    expect(store.search("bananna", 10)[0]!.matched).toEqual(["bananna"]);
    // "date" is known: it must not also match "dat…" neighbours, and "dare" (unknown, 1 edit) finds it.
    expect(store.search("dare", 10).map((h) => h.label)).toEqual([2]);
  });

  it("given a chunk and question words then termsIn tells which it contains, a misspelling by its neighbours", () => {
    expect(store.termsIn(1, ["appl", "cherri", "banana", "date"])).toEqual(new Set(["appl", "cherri"]));
    expect(store.termsIn(0, ["bananna", "zzz"])).toEqual(new Set(["banana"]));
    expect(store.termsIn(2, ["bananna"])).toEqual(new Set());
  });

  it("given a query word twice then it counts twice, as BM25 with query term frequency", () => {
    const once = store.search("date", 10)[0]!.score;
    expect(store.search("date date", 10)[0]!.score).toBeCloseTo(2 * once, 12);
  });

  it("given a query that matches nothing then there are no hits, and the next query is unaffected", () => {
    expect(store.search("zebra", 10)).toEqual([]);
    expect(store.search("", 10)).toEqual([]);
    const first = store.search("cherry", 10);
    store.search("apple cherry banana", 10);
    expect(store.search("cherry", 10)).toEqual(first);
  });

  it("given a saved store then loading it gives the same scores, document frequencies and idf", () => {
    const loaded = createLexicalStore(decodeLexical(encodeLexical(store.data)));
    expect(loaded.search("apple cherry", 10)).toEqual(store.search("apple cherry", 10));
    expect(loaded.size).toBe(3);
    expect(loaded.has("cherri")).toBe(true);
    expect(loaded.has("toString")).toBe(false);
    expect(loaded.idf("cherri")).toBeCloseTo(idf(2, 3), 12);
  });
});

describe("top-k selection", () => {
  it("given more candidates than k then it keeps the k best, best first, lower row first on ties", () => {
    const scores = new Float64Array([0.5, 2, 1, 2, 0.1, 3]);
    expect(topK([0, 1, 2, 3, 4, 5], scores, 3)).toEqual([5, 1, 3]);
    expect(topK([5, 4, 3, 2, 1, 0], scores, 4)).toEqual([5, 1, 3, 2]);
    expect(topK([0, 1], scores, 0)).toEqual([]);
  });

  it("given random scores then it agrees with a full sort", () => {
    const random = createRng(7).next;
    const scores = Float64Array.from({ length: 500 }, () => Math.round(random() * 50));
    const all = [...scores.keys()];
    const sorted = all.slice().sort((a, b) => scores[b]! - scores[a]! || a - b);
    expect(topK(all, scores, 37)).toEqual(sorted.slice(0, 37));
  });
});

describe("BM25 against an independent implementation", () => {
  // A corpus with Zipf-like word frequencies, so queries mix rare words with common ones and the top k is contested.
  const random = createRng(11).next;
  const vocabulary = Array.from(
    { length: 400 },
    (_, i) => `w${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}x`,
  );
  const word = () => vocabulary[Math.min(vocabulary.length - 1, Math.floor(1 / (random() + 0.0025)) - 1)]!;
  const texts = Array.from({ length: 1500 }, () =>
    Array.from({ length: 5 + Math.floor(random() * 60) }, word).join(" "),
  );
  const corpus = createLexicalStore(buildLexicalData(texts.map((text) => ({ title: "", text }))));

  /** Every chunk scored from its own text: an independent BM25 with bigrams, as documented. */
  function oracle(query: string): number[] {
    const analyzed = texts.map((t) => withBigrams(analyze(t)));
    const avg = analyzed.reduce((s, a) => s + a.length, 0) / analyzed.length;
    const df = new Map<string, number>();
    for (const a of analyzed) for (const t of new Set(a)) df.set(t, (df.get(t) ?? 0) + 1);
    return analyzed.map((terms) => {
      let score = 0;
      for (const q of withBigrams(analyze(query))) {
        const tf = terms.filter((t) => t === q).length;
        if (tf === 0) continue;
        const w = isBigram(q) ? bigramWeight : 1;
        score += w * idf(df.get(q)!, texts.length) * tfPart(tf, terms.length, avg);
      }
      return score;
    });
  }

  it("given queries of rare and common words then the top k and their scores equal BM25 computed from each text", () => {
    for (let n = 0; n < 25; n++) {
      const query = Array.from({ length: 2 + Math.floor(random() * 6) }, () =>
        random() < 0.5 ? word() : vocabulary[Math.floor(random() * vocabulary.length)]!,
      ).join(" ");
      const expected = oracle(query);
      for (const k of [1, 5, 20]) {
        const hits = corpus.search(query, k);
        const best = [...expected]
          .sort((a, b) => b - a)
          .slice(0, k)
          .filter((x) => x > 0);
        expect(hits.map((h) => h.score)).toEqual(best.map((x) => expect.closeTo(x, 9)));
        for (const h of hits) expect(h.score).toBeCloseTo(expected[h.label]!, 9);
      }
    }
  });
});
