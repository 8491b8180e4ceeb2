import { describe, expect, it } from "vitest";
import { questionCues } from "../../src/answer/answer-cues.js";
import { highlightSpan, selectQuote } from "../../src/answer/select-quote.js";
import type { QuoteScorer } from "../../src/retrieval/term-match.js";
import { analyze } from "../../src/text/analyze.js";
import type { Chunk } from "../../src/types.js";

/** A chunk from the middle of an article (ordinal 1): its first sentence is not the article's lead. */
const chunkOf = (text: string, start = 100, ordinal = 1): Chunk => ({
  id: `a#${ordinal}`,
  articleId: "a",
  ordinal,
  start,
  end: start + text.length,
  text,
  tokenCount: 0,
});

/** Every term weighs 1; the vocabulary is the chunk's own, so other words count as out-of-vocabulary. */
const scorerFor = (text: string): QuoteScorer => {
  const vocabulary = new Set(analyze(text));
  return { weight: () => 1, known: (t) => vocabulary.has(t) };
};

const highlighted = (q: { text: string; highlight: { start: number; end: number } }) =>
  q.text.slice(q.highlight.start, q.highlight.end);

function quote(text: string, question: string) {
  return selectQuote(chunkOf(text), analyze(question), scorerFor(text));
}

describe("selectQuote", () => {
  const text =
    "Bitpowr is a blockchain infrastructure company based in Lagos and founded by three engineers. " +
    "The company has exceeded $200 million in total transactions processed since its launch in January 2022. " +
    "Its chief executive said the firm now wants to grow in Asia over the coming year.";

  it("given a question then the sentence matching most of it is quoted and highlighted, with article offsets", () => {
    const q = quote(text, "How much in total transactions has Bitpowr processed?");
    expect(highlighted(q)).toBe(
      "The company has exceeded $200 million in total transactions processed since its launch in January 2022.",
    );
    expect(q.text).toContain(highlighted(q));
    expect(text.slice(q.start - 100, q.end - 100)).toBe(q.text);
  });

  it("given a best sentence that opens with a word pointing back then the previous sentence comes with it", () => {
    const q = quote(text, "Which market does the chief executive want to grow in?");
    expect(highlighted(q)).toMatch(/^Its chief executive/);
    expect(q.text).toMatch(/^The company has exceeded/);
  });

  it("given a neighbour that holds question words the best sentence lacks then it is added", () => {
    const q = quote(text, "Where is the blockchain company that launched in January 2022 based?");
    expect(q.text).toContain("based in Lagos");
    expect(q.text).toContain("January 2022");
  });

  it("given the lead and title repeating the question's subject then the sentence with the asked-for amount wins", () => {
    const lead =
      "Westport opened its new ferry terminal on Monday after three years of building work. " +
      "Crowds gathered on the quay as the first boat arrived. " +
      "The terminal cost 84 million pounds, paid by the port authority.";
    const question = "How much did Westport's new ferry terminal cost?";
    const topic = new Set(analyze("Westport opens its new ferry terminal"));
    const q = selectQuote(chunkOf(lead, 0, 0), analyze(question), scorerFor(lead), {
      cues: questionCues(question),
      topic,
    });
    expect(q.text).toContain("84 million pounds");
  });

  it("given a question that names the story by its lead and asks a detail told later then the detail's sentence is quoted, not the lead", () => {
    // The lead holds most of the question's words; the answer holds the few the lead lacks.
    const lead = "Harbourtown council awarded the contract for its new swing bridge on Tuesday, ending a long tender.";
    const body =
      "The council said the bridge over the harbour mouth would open in 2028. " +
      "Three firms bid for the contract. " +
      "The winning steel design came from Nordbygg, a builder from Bergen.";
    const question = "Which firm's steel design won the contract for Harbourtown's new swing bridge?";
    const context = {
      cues: questionCues(question),
      topic: new Set(analyze("Harbourtown picks bridge builder")),
    };
    const chunk = chunkOf(`${lead} ${body}`, 0, 0);
    const scorer = scorerFor(chunk.text);
    const withLead = selectQuote(chunk, analyze(question), scorer, { ...context, lead: new Set(analyze(lead)) });
    expect(highlighted(withLead)).toMatch(/^The winning steel design came from Nordbygg/);
  });

  it("given two sentences with the same question words and a figure each then the one whose figure sits beside them is quoted", () => {
    const body =
      "Under the quota grain exports will ease, officials said, while the port counted 40 ships.\n\n" +
      "Under the quota grain exports will ease by about 250,000 tonnes.";
    const question = "How much will grain exports ease under the quota?";
    const q = selectQuote(chunkOf(body), analyze(question), scorerFor(body), { cues: questionCues(question) });
    expect(q.text).toBe("Under the quota grain exports will ease by about 250,000 tonnes.");
  });

  it("given a question about nothing but the title's subject then the title's words are the detail", () => {
    const body =
      "The Quillfeather aqueduct reopened to narrowboats on Monday after repairs. " +
      "Critics said the plan for the aqueduct was rushed, and more work is expected next spring.";
    const question = "When did the Quillfeather aqueduct reopen to narrowboats?";
    const topic = new Set(analyze("Quillfeather aqueduct reopens to narrowboats"));
    const q = selectQuote(chunkOf(body, 0, 0), analyze(question), scorerFor(body), {
      cues: questionCues(question),
      topic,
    });
    expect(highlighted(q)).toMatch(/^The Quillfeather aqueduct reopened/);
  });

  it("given a short best sentence then it gets a neighbour, but never across a paragraph break", () => {
    const short =
      "ChainMaker is live.\n\nA heading line\n\nIt connects ministries, banks and courts across the region.";
    const q = quote(short, "Is ChainMaker live?");
    expect(highlighted(q)).toBe("ChainMaker is live.");
    expect(q.text).toBe("ChainMaker is live.");
  });

  it("given a typo'd question word then its close spelling still picks the sentence", () => {
    const q = quote(text, "bitpowr transactons processed");
    expect(highlighted(q)).toMatch(/^The company has exceeded/);
  });

  it("given a chunk without sentences then the whole chunk is the quote", () => {
    const q = quote("   ", "anything");
    expect(q.text).toBe("   ");
  });
});

describe("highlightSpan", () => {
  it("given a long sentence whose matches sit in its last clauses then only those clauses are highlighted", () => {
    const sentence =
      "Against a backdrop of months of uncertainty, shifting rules, repeated delays and long debates among investors, " +
      "officials and the press about the future of the sector, " +
      "the Securities Regulatory Commission halted the partnership between Metaverse and KICKICO last week.";
    const span = highlightSpan(
      { start: 0, end: sentence.length, text: sentence },
      analyze("Who halted the partnership between Metaverse and KICKICO?"),
      scorerFor(sentence),
    );
    expect(span.text).toBe(
      "the Securities Regulatory Commission halted the partnership between Metaverse and KICKICO last week.",
    );
    expect(sentence.slice(span.start, span.end)).toBe(span.text);
  });

  it("given a short sentence then the whole sentence is highlighted", () => {
    const s = "KICKICO is a crowdfunding platform, based in Moscow.";
    expect(highlightSpan({ start: 5, end: 5 + s.length, text: s }, ["kickico"], scorerFor(s))).toEqual({
      start: 5,
      end: 5 + s.length,
      text: s,
    });
  });
});
