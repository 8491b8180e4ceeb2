/** contextualQuestion: what a follow-up searches, read with the question before it. */
import { describe, expect, it } from "vitest";
import { quotesExpected } from "../../src/eval/follow-up-eval.js";
import { contextualQuestion, isAcknowledgement, MAX_CARRIED_WORDS } from "../../src/retrieval/follow-up.js";
import type { Answer } from "../../src/types.js";

describe("contextualQuestion", () => {
  it("given a follow-up naming a new subject, then the earlier names are dropped and the earlier topic words kept", () => {
    const q = contextualQuestion("What did Huawei do in the metaverse?", "and Tencent?");
    expect(q).toBe("and Tencent? metaverse");
  });

  it("given a follow-up with a new number, then the earlier numbers are dropped and the names kept", () => {
    const q = contextualQuestion("How much will mobile gaming in India generate by the end of 2004?", "and by 2009?");
    expect(q).toContain("India");
    expect(q).not.toContain("2004");
  });

  it("given a month in the follow-up, then it is a date, not a new subject: the earlier names stay", () => {
    expect(contextualQuestion("How many texts were sent in the UK in 2004?", "and in December?")).toContain("UK");
  });

  it("given a follow-up without content words of its own, then every earlier content word is carried, once", () => {
    expect(contextualQuestion("What were Barclays' annual pre-tax profits?", "when was that?")).toBe(
      "when was that? Barclays annual pre-tax profits",
    );
  });

  it("given words the follow-up already has, then they are not repeated, and at most MAX_CARRIED_WORDS are carried", () => {
    expect(contextualQuestion("Who funds the blockchain fund?", "which blockchain fund?")).toBe(
      "which blockchain fund?",
    );
    const long = contextualQuestion("alpha bravo charlie delta echo foxtrot golf hotel india juliet", "why?");
    expect(long.split(" ").length - 1).toBe(MAX_CARRIED_WORDS);
  });

  it("given an acknowledgement, then it is not a question; a real follow-up is", () => {
    for (const t of ["thanks!", "Thank you so much!", "ok great", "cool, thx"]) expect(isAcknowledgement(t)).toBe(true);
    for (const t of ["and Tencent?", "ok but when?", "thanks, and who founded it?"])
      expect(isAcknowledgement(t)).toBe(false);
  });
});

describe("quotesExpected", () => {
  const answer = (answered: boolean, quotes: string[]): Answer =>
    ({
      question: "q",
      answered,
      mode: "hybrid",
      suggestions: [],
      results: quotes.map((text, i) => ({ rank: i + 1, quote: { text } })),
    }) as unknown as Answer;

  it("given the expected string in a quote within k, then it counts; beyond k or declined, it does not", () => {
    expect(quotesExpected(answer(true, ["a", "b", "Paid $6.8bn"]), "$6.8BN", 3)).toBe(true);
    expect(quotesExpected(answer(true, ["a", "b", "Paid $6.8bn"]), "$6.8bn", 2)).toBe(false);
    expect(quotesExpected(answer(false, ["Paid $6.8bn"]), "$6.8bn", 3)).toBe(false);
  });
});
