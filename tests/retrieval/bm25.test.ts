/**
 * The lexical store (src/indexing/lexical-store.ts) scores plain Lucene BM25 over terms + bigrams, without
 * MiniSearch's coord factor and with true token-count lengths. Expected scores are computed by hand from the formula.
 * (Kept with the retrieval tests: the lexical store is what lexical retrieval ranks with.)
 */
import { describe, expect, it } from "vitest";
import { BM25, buildLexical, loadLexical } from "../../src/indexing/lexical-store.js";

const { k1, b, bigramWeight } = BM25;
const idf = (n: number, N: number) => Math.log(1 + (N - n + 0.5) / (n + 0.5));
const tfPart = (tf: number, dl: number, avgdl: number) => (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * dl) / avgdl));

// Titles are empty, so a body is its text. Analyzed: d0 = appl banana | d1 = appl appl cherri | d2 = cherri date.
// Lengths count terms and bigrams: d0 = 2 + 1 = 3, d1 = 3 + 2 = 5, d2 = 2 + 1 = 3; average 11/3.
const docs = [
  { id: 0, title: "", text: "apple banana" },
  { id: 1, title: "", text: "apples apple cherries" },
  { id: 2, title: "", text: "cherry date" },
];
const avgdl = 11 / 3;

describe("BM25 in the lexical store", () => {
  const store = buildLexical(docs);

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

  it("given a serialized store then loading it gives the same scores, document frequencies and idf", () => {
    const loaded = loadLexical(JSON.parse(JSON.stringify(store.toJSON())));
    expect(loaded.search("apple cherry", 10)).toEqual(store.search("apple cherry", 10));
    expect(loaded.size).toBe(3);
    expect(loaded.has("cherri")).toBe(true);
    expect(loaded.has("toString")).toBe(false);
    expect(loaded.idf("cherri")).toBeCloseTo(idf(2, 3), 12);
  });
});
