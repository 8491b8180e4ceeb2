import { describe, expect, it } from "vitest";
import { FUZZY_CREDIT, hasTerm, matchTerm, weightedCoverage } from "../../src/retrieval/term-match.js";
import { analyze } from "../../src/text/analyze.js";

describe("matchTerm / hasTerm", () => {
  const text = new Set(analyze("Huawei is building a catalog of metaverse-related patents in 2023."));

  it("given a misspelt word the corpus has never seen then a close spelling matches (a swap is 2 edits)", () => {
    const [typo] = analyze("patnets");
    expect(matchTerm(text, typo!, false)).toBe(analyze("patents")[0]);
  });

  it("given a word the corpus knows then only the exact term matches", () => {
    const [near] = analyze("catalogs");
    expect(hasTerm(text, "catalog", true)).toBe(true);
    expect(hasTerm(new Set(["catalogu"]), near!, true)).toBe(false);
  });

  it("given numbers then they never match fuzzily: 2019 is not 2023", () => {
    expect(hasTerm(text, "2019", false)).toBe(false);
    expect(hasTerm(text, "2023", false)).toBe(true);
  });

  it("given a short word then it gets fewer edits: two letters none", () => {
    expect(hasTerm(new Set(["ab"]), "ac", false)).toBe(false);
    expect(hasTerm(new Set(["abc"]), "abd", false)).toBe(true);
  });
});

describe("weightedCoverage", () => {
  const weight = (t: string) => ({ a: 1, b: 3, zz: 4 })[t] ?? 0;

  it("given exact matches then coverage is the matched share of the IDF weight", () => {
    expect(weightedCoverage(["a", "b"], new Set(["b"]), weight, () => true)).toBe(3 / 4);
  });

  it("given an out-of-vocabulary word matched fuzzily then it earns half its weight", () => {
    // "zz" has two letters: no edits allowed, so only "a" counts.
    expect(weightedCoverage(["a", "zz"], new Set(["a", "zzz"]), weight, (t) => t !== "zz")).toBe(1 / 5);
    // "abcdef" (6 letters, 2 edits) matches "abcdeg" fuzzily: half of its weight 4.
    const w = (t: string) => ({ a: 1, abcdef: 4 })[t] ?? 0;
    expect(weightedCoverage(["a", "abcdef"], new Set(["a", "abcdeg"]), w, (t) => t === "a")).toBe(
      (1 + 4 * FUZZY_CREDIT) / 5,
    );
  });
});
