import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerConfidence, composeAnswer, DECISION_DEPTH, quoteCache } from "../../src/answer/compose-answer.js";
import { selectQuote } from "../../src/answer/select-quote.js";
import { Engine } from "../../src/engine.js";
import type { QuoteScorer } from "../../src/retrieval/term-match.js";
import { analyze } from "../../src/text/analyze.js";
import type { Passage } from "../../src/types.js";
import { indexedCorpus } from "../helpers/env.js";

const scorer: QuoteScorer = { weight: () => 1, known: () => true };

function passage(article: string, ordinal: number, text: string, coverage: number, score = 1): Passage {
  return {
    chunk: {
      id: `${article}#${ordinal}`,
      articleId: article,
      ordinal,
      start: ordinal * 1000,
      end: ordinal * 1000 + text.length,
      text,
      tokenCount: 0,
    },
    article: { id: article, title: `Title of ${article}`, source: `${article}.md` },
    score,
    coverage,
  };
}

const options = { k: 3, minConfidence: 0.55, mode: "lexical" as const, scorer };

describe("answerConfidence", () => {
  it(`given passages then it is the best coverage among the first ${DECISION_DEPTH}`, () => {
    const ps = [0.4, 0.3, 0.5, 0.9].map((c, i) => passage(`a${i}`, 0, "x", c));
    expect(answerConfidence(ps)).toBe(0.5);
    expect(answerConfidence([])).toBe(0);
  });
});

describe("composeAnswer", () => {
  it("given no passage covering enough of the question then it declines and suggests up to three distinct titles", () => {
    const ps = [
      passage("a", 0, "Cats sleep a lot.", 0.5),
      passage("a", 1, "Cats purr.", 0.3),
      passage("b", 0, "Dogs bark.", 0.2),
      passage("c", 0, "Birds sing.", 0.2),
      passage("d", 0, "Fish swim.", 0.2),
    ];
    const answer = composeAnswer("Why do cats purr?", analyze("Why do cats purr?"), ps, options);
    expect(answer.answered).toBe(false);
    expect(answer.results).toEqual([]);
    expect(answer.suggestions.map((s) => s.id)).toEqual(["a", "b", "c"]);
  });

  it("given a verbatim copy in another article then the first is shown and cites the copy", () => {
    const text = "Mt. Gox was hacked in 2011. Two Russian nationals were charged by the DOJ for it.";
    const [first, copy] = [passage("wire", 0, text, 1, 1), passage("copy", 3, text, 1, 0.9)];
    const answer = composeAnswer("Who hacked Mt. Gox?", analyze("Who hacked Mt. Gox?"), [first, copy], {
      ...options,
      k: 1,
    });
    const shown = answer.results[0]!;
    expect(shown.passage.article.id).toBe("wire");
    expect(shown.alsoReportedBy.map((a) => a.id)).toEqual(["copy"]);
  });

  it("given the same chunk text at two offsets then the cached quote equals selecting it afresh", () => {
    const text = "Mt. Gox was hacked in 2011. Two Russian nationals were charged by the DOJ for it.";
    const terms = analyze("Who hacked Mt. Gox?");
    const quotes = quoteCache(terms, scorer);
    const [a, b] = [passage("wire", 0, text, 1).chunk, passage("copy", 3, text, 1).chunk];
    expect(quotes(a)).toEqual(selectQuote(a, terms, scorer));
    expect(quotes(b)).toEqual(selectQuote(b, terms, scorer));
    expect(quotes(b).start - quotes(a).start).toBe(3000);
  });

  it("given two articles quoting the same sentence then the better-ranked one is shown and cites the other", () => {
    const fact = "Two Russian nationals were charged by the DOJ for hacking the Mt. Gox exchange in 2011.";
    const ps = [
      passage("wire", 0, fact, 1, 1),
      passage("copy", 0, `${fact} More later.`, 1, 0.9),
      passage("other", 0, "Mt. Gox collapsed in 2014 after losing bitcoin worth hundreds of millions.", 0.6, 0.5),
    ];
    const answer = composeAnswer(
      "Who was charged over Mt. Gox?",
      analyze("Who was charged over Mt. Gox?"),
      ps,
      options,
    );
    expect(answer.answered).toBe(true);
    expect(answer.results.map((r) => r.passage.article.id)).toEqual(["wire", "other"]);
    expect(answer.results[0]!.alsoReportedBy.map((a) => a.id)).toEqual(["copy"]);
    expect(answer.results.map((r) => r.rank)).toEqual([1, 2]);
  });

  it("given a second quote from an article already shown and a relevant quote from another then the other comes first", () => {
    const ps = [
      passage("x", 0, "KICKICO is a crowdfunding platform based in Moscow for token sales.", 1, 1),
      passage("x", 1, "KICKICO plans one hundred ICO projects with partners from Shanghai next year.", 1, 0.95),
      passage("y", 0, "Regulators in Beijing halted the KICKICO partnership with a Chinese foundation.", 0.8, 0.6),
    ];
    const answer = composeAnswer("What is KICKICO?", ["kickico"], ps, { ...options, k: 2 });
    expect(answer.results.map((r) => r.passage.chunk.id)).toEqual(["x#0", "y#0"]);
    const all = composeAnswer("What is KICKICO?", ["kickico"], ps, options);
    // With room for all three, they keep retrieval order.
    expect(all.results.map((r) => r.passage.chunk.id)).toEqual(["x#0", "x#1", "y#0"]);
  });

  it("given overlapping chunks of one article that yield the same sentence then it is quoted once", () => {
    const text = "ChainMaker is an open-source blockchain platform backed by a research institute.";
    const a = passage("z", 0, text, 1, 1);
    const b = { ...passage("z", 1, text, 1, 0.9), chunk: { ...a.chunk, id: "z#1", ordinal: 1 } };
    const answer = composeAnswer("What is ChainMaker?", ["chainmak"], [a, b], options);
    expect(answer.results).toHaveLength(1);
    expect(answer.results[0]!.alsoReportedBy).toEqual([]);
  });

  it("given a passage below the threshold after a relevant one then it is not quoted", () => {
    const ps = [
      passage("a", 0, "Bitpowr processed $200 million in transactions.", 0.9),
      passage("b", 0, "Transactions in Lagos rose.", 0.3),
    ];
    const answer = composeAnswer("q", ["bitpowr"], ps, options);
    expect(answer.results.map((r) => r.passage.article.id)).toEqual(["a"]);
  });
});

describe("composeAnswer over the seed corpus (three articles tell the same story)", () => {
  let engine: Engine;
  let cleanup: () => void;
  beforeAll(async () => {
    const built = await indexedCorpus("tokenizer-only");
    cleanup = built.cleanup;
    engine = await Engine.open(built.config);
  });
  afterAll(async () => {
    await engine?.close();
    cleanup?.();
  });

  const STORY = [
    "000-china-mulls-icos-blockchain-leaders-turn-to-russia",
    "001-chinese-and-russian-blockchain-companies-cryptocurrency-alliance",
    "002-cryptocurrency-partnership-delayed-chinese-stoppage",
  ];

  it("given a fact two of the stories report then one quote is shown and the other story is cited as also reporting it", async () => {
    const answer = await engine.ask("What did the China Securities Regulatory Commission do?");
    expect(answer.answered).toBe(true);
    const folded = answer.results.find((r) => r.alsoReportedBy.length > 0);
    expect(folded).toBeDefined();
    expect(STORY).toContain(folded!.passage.article.id);
    for (const a of folded!.alsoReportedBy) {
      expect(STORY).toContain(a.id);
      expect(a.id).not.toBe(folded!.passage.article.id);
    }
  });

  it("given a question all three stories answer then the quotes come from three different articles", async () => {
    const answer = await engine.ask("What is KICKICO?");
    const ids = answer.results.map((r) => r.passage.article.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });
});
