/**
 * The engine over the real curated corpus, in lexical mode (no model weights exist on this machine): real questions
 * about the seed articles must be answered from the right article, and questions the corpus cannot answer declined.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../src/config.js";
import { Engine } from "../src/engine.js";
import { ErrorCode, QuotebotError } from "../src/errors.js";
import { indexedCorpus } from "./helpers/env.js";

let config: Config;
let engine: Engine;
let cleanup: () => void;

beforeAll(async () => {
  ({ config, cleanup } = await indexedCorpus("tokenizer-only"));
  engine = await Engine.open(config);
});

afterAll(async () => {
  await engine?.close();
  cleanup?.();
});

const cases: { question: string; article: string; quoteMentions: RegExp }[] = [
  {
    question: "What did Huawei do in the metaverse?",
    article: "003-china-establishes-metaverse-working-group",
    quoteMentions: /patents/,
  },
  {
    question: "Who was charged over the Mt. Gox hack?",
    article: "003a-us-doj-charges-two-russians-mt-gox-hack",
    quoteMentions: /Bilyuchenko|Russian/,
  },
  {
    question: "How much in total transactions has Bitpowr processed?",
    article: "003b-bitpowr-looks-to-asia-after-200m-milestone",
    quoteMentions: /\$200 million/,
  },
  {
    question: "What is ChainMaker?",
    article: "004-beijing-research-facility-blockchain-web3",
    quoteMentions: /ChainMaker/,
  },
  {
    question: "How much working capital is C2CX providing to CyberEX?",
    article: "001-chinese-and-russian-blockchain-companies-cryptocurrency-alliance",
    quoteMentions: /80 million/,
  },
  {
    question: "When do the SFC's VASP guidelines take effect?",
    article: "003c-za-bank-to-expand-into-crypto-trading-in-hong-kong",
    quoteMentions: /June 1/,
  },
];

describe("Engine.ask over the seed corpus (lexical)", () => {
  it("given the offline machine then the index is lexical", () => {
    expect(engine.mode).toBe("lexical");
    expect(engine.articles().length).toBe(8);
  });

  for (const c of cases) {
    it(`given "${c.question}" then the top quote comes from ${c.article}`, async () => {
      const answer = await engine.ask(c.question);
      expect(answer.answered).toBe(true);
      const top = answer.results[0]!;
      expect(top.passage.article.id).toBe(c.article);
      expect(top.quote.text).toMatch(c.quoteMentions);
    });
  }

  it("given any answer then every quote is verbatim article text inside its passage, with a citation", async () => {
    const answer = await engine.ask("Why did China ban ICOs?", { k: 5 });
    expect(answer.results.length).toBeGreaterThan(0);
    for (const r of answer.results) {
      expect(r.passage.chunk.text).toContain(r.quote.text);
      expect(r.quote.highlight.end).toBeLessThanOrEqual(r.quote.text.length);
      expect(r.quote.text.slice(r.quote.highlight.start, r.quote.highlight.end).length).toBeGreaterThan(0);
      expect(r.passage.article.title.length).toBeGreaterThan(0);
      expect(r.passage.article.source).toMatch(/\.md$/);
    }
    const ranks = answer.results.map((r) => r.rank);
    expect(ranks).toEqual(ranks.map((_, i) => i + 1));
  });

  it("given a question the corpus cannot answer then it declines with no quotes", async () => {
    const answer = await engine.ask("Who won the 2019 Tour de France?");
    expect(answer.answered).toBe(false);
    expect(answer.results).toEqual([]);
  });

  it("given a question the corpus cannot answer but touches then it declines and suggests the nearest titles", async () => {
    const answer = await engine.ask("banana smoothie recipe with oat milk");
    expect(answer.answered).toBe(false);
    expect(answer.suggestions.length).toBeGreaterThan(0);
    const titles = new Set(engine.articles().map((a) => a.title));
    for (const s of answer.suggestions) expect(titles.has(s.title)).toBe(true);
  });

  it("given a typo'd question then fuzzy matching still finds the passage", async () => {
    const answer = await engine.ask("huawei metaverse patnets");
    expect(answer.answered).toBe(true);
    expect(answer.results[0]!.passage.article.id).toBe("003-china-establishes-metaverse-working-group");
    expect(answer.results[0]!.quote.text).toMatch(/patents/);
  });

  const bad: [string, string, string][] = [
    ["empty", "", ErrorCode.QuestionEmpty],
    ["whitespace", "   \n\t ", ErrorCode.QuestionEmpty],
    ["10,000 characters", "bitcoin ".repeat(1250), ErrorCode.QuestionTooLong],
    ["control characters only", "\u0000\u0007\u001b", ErrorCode.QuestionEmpty],
    ["only stop words", "what is the of and", ErrorCode.QuestionNoSearchableTerms],
  ];
  for (const [name, question, code] of bad) {
    it(`given a ${name} question then it is refused with ${code}`, async () => {
      const error = await engine.ask(question).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QuotebotError);
      expect((error as QuotebotError).code).toBe(code);
      expect((error as QuotebotError).message.length).toBeGreaterThan(10);
    });
  }

  it("given autocomplete input then titles starting with it come first", () => {
    const found = engine.findArticles("za");
    expect(found[0]!.title).toMatch(/^ZA Bank/);
  });
});

describe("Engine.lookup (the /search listing)", () => {
  it("given a query then it lists search's passages in the same order, each quoted where it matches", async () => {
    const query = "blockchain Russia fund";
    const passages = await engine.search(query, 5);
    const hits = await engine.lookup(query, 5);
    expect(hits.map((h) => h.passage.chunk.id)).toEqual(passages.map((p) => p.chunk.id));
    for (const { passage, quote } of hits) {
      expect(passage.chunk.text).toContain(quote.text);
      const focus = quote.text.slice(quote.highlight.start, quote.highlight.end);
      expect(focus).toMatch(/blockchain|Russia|fund/i);
    }
  });

  it("given a passage that covers little of the query then it is still listed (lookups never decline)", async () => {
    const hits = await engine.lookup("Huawei Tour de France", 3);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.quote.text).toMatch(/Huawei/);
  });
});
