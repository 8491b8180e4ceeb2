import { describe, expect, it } from "vitest";
import { analyze, tokenize } from "../../src/text/analyze.js";

describe("analyze", () => {
  it("given word forms then they share one stem", () => {
    expect(analyze("patents")).toEqual(analyze("patent"));
    expect(analyze("regulations")).toEqual(analyze("regulation"));
  });

  it("given only stop words and question words then there are no terms", () => {
    expect(analyze("What is the of and who?")).toEqual([]);
  });

  it("given possessives then the clitic is dropped", () => {
    expect(analyze("China's ban")).toEqual(analyze("China ban"));
  });

  it("given mixed case, digits and symbols then tokens are lowercase words and numbers", () => {
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
