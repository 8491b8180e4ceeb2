import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/text/sentences.js";

describe("splitSentences", () => {
  it("given prose then every span's offsets point back at its text", () => {
    const text = "Mt. Gox collapsed in 2014. It lost 647,000 bitcoins!\n\nCreditors waited. Did they get paid?";
    const spans = splitSentences(text);
    expect(spans.map((s) => s.text)).toEqual([
      "Mt. Gox collapsed in 2014.",
      "It lost 647,000 bitcoins!",
      "Creditors waited.",
      "Did they get paid?",
    ]);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("given abbreviations and initials then they do not end the sentence", () => {
    const text =
      "In a Sept. 6 release, Assistant Attorney General Kenneth A. Polite, Jr. of the division spoke. He left.";
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      "In a Sept. 6 release, Assistant Attorney General Kenneth A. Polite, Jr. of the division spoke.",
      "He left.",
    ]);
  });

  it("given an initialism or a company suffix before a name or a figure then the sentence runs on, and before a new sentence it ends", () => {
    const text =
      "The U.S. Treasury and U.S. 1987 sugar quotas were cut, Peninsular and Oriental Steam Navigation Co. Plc said. Talks moved to the U.S. The talks ended.";
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      "The U.S. Treasury and U.S. 1987 sugar quotas were cut, Peninsular and Oriental Steam Navigation Co. Plc said.",
      "Talks moved to the U.S.",
      "The talks ended.",
    ]);
  });

  it("given a heading line without punctuation then it is its own sentence", () => {
    const spans = splitSentences("Initial in-roads\nBaidu established XiRang in 2021.");
    expect(spans.map((s) => s.text)).toEqual(["Initial in-roads", "Baidu established XiRang in 2021."]);
  });

  it("given only whitespace then there are no sentences", () => {
    expect(splitSentences("  \n\n \t")).toEqual([]);
  });
});
