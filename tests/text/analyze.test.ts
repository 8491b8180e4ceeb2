import { describe, expect, it } from "vitest";
import { analyze, isBigram, STOP_WORDS, tokenize, toTerm, withBigrams } from "../../src/text/analyze.js";

describe("analyze", () => {
  it("given word forms then they share one stem", () => {
    expect(analyze("patents")).toEqual(analyze("patent"));
    expect(analyze("regulations")).toEqual(analyze("regulation"));
    expect(analyze("universities")).toEqual(analyze("university"));
  });

  it("given words Porter (1980) and Snowball English stem differently then the Snowball stem is used", () => {
    // Porter: "gener"; Snowball English (Porter2) keeps "generous" apart from "general".
    expect(toTerm("generously")).toBe("generous");
    expect(toTerm("general")).not.toBe(toTerm("generously"));
  });

  it("given only stop words and question words then there are no terms", () => {
    expect(analyze("What is the of and who?")).toEqual([]);
    expect(STOP_WORDS.size).toBeGreaterThanOrEqual(179);
  });

  it("given possessives and contractions then the clitic pieces are stop words", () => {
    expect(analyze("China's ban")).toEqual(analyze("China ban"));
    expect(analyze("doesn't work")).toEqual(analyze("work"));
  });

  it("given digits inside words then they are kept as they are (p53, il-6)", () => {
    expect(analyze("p53 and IL-6 levels")).toEqual(["p53", "il", "6", "level"]);
  });

  it("given mixed case, digits and symbols then tokens are lowercase runs of letters and digits", () => {
    expect(tokenize("KICKICO raised $1.25 billion — in 2017!")).toEqual([
      "kickico",
      "raised",
      "1",
      "25",
      "billion",
      "in",
      "2017",
    ]);
  });

  it("given emoji only then there are no tokens", () => {
    expect(tokenize("🚀🔥💯")).toEqual([]);
  });
});

describe("withBigrams", () => {
  it("given terms then every adjacent pair is appended, after stop words are gone", () => {
    const terms = analyze("Bank of China shares");
    expect(withBigrams(terms)).toEqual(["bank", "china", "share", "bank china", "china share"]);
    expect(withBigrams(terms).filter(isBigram)).toHaveLength(2);
    expect(withBigrams(["one"])).toEqual(["one"]);
  });
});
