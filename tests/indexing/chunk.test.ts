/**
 * Chunking with the real bge-small-en-v1.5 tokenizer (tokenizer files only; no weights needed): offsets point back
 * into the article, the token limit holds for the text as the model will tokenize it, and chunks overlap.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load-corpus.js";
import { chunkArticle, chunkSentences, withSentences } from "../../src/indexing/chunk.js";
import { loadTokenCounter, type TokenCounter } from "../../src/indexing/model.js";
import { splitSentences } from "../../src/text/sentences.js";
import type { Article } from "../../src/types.js";
import { CORPUS_DIR, tempDir, testConfig } from "../helpers/env.js";

let tokens: TokenCounter;
let articles: Article[];

beforeAll(async () => {
  const t = tempDir();
  const loaded = await loadTokenCounter(testConfig(t.dir, "tokenizer-only").embedding);
  t.cleanup();
  if (!("count" in loaded)) throw loaded;
  tokens = loaded;
  articles = (await loadCorpus(CORPUS_DIR, { maxFileBytes: 1 << 24 })).articles;
});

const OPTIONS = [
  { maxTokens: 200, overlapTokens: 40 },
  { maxTokens: 64, overlapTokens: 16 },
  { maxTokens: 32, overlapTokens: 0 },
];

describe("chunkArticle over the real corpus", () => {
  it("given the real tokenizer then it is the model's own (WordPiece) and not the word-count estimate", () => {
    expect(tokens.id).toBe("Xenova/bge-small-en-v1.5");
    // "cryptocurrency" is several WordPiece tokens; a word-count estimate would say 1 or 2.
    expect(tokens.count("cryptocurrency")).toBeGreaterThan(2);
  });

  for (const options of OPTIONS) {
    it(`given maxTokens ${options.maxTokens} and overlap ${options.overlapTokens} then every chunk's text is the article's text at its offsets`, () => {
      for (const article of articles) {
        const chunks = chunkArticle(article, options, tokens);
        expect(chunks.length).toBeGreaterThan(0);
        chunks.forEach((c, i) => {
          expect(c.text).toBe(article.text.slice(c.start, c.end));
          expect(c).toMatchObject({ id: `${article.id}#${i}`, articleId: article.id, ordinal: i });
        });
      }
    });

    it(`given maxTokens ${options.maxTokens} then no chunk exceeds it when the real tokenizer counts its whole text`, () => {
      for (const article of articles)
        for (const c of chunkArticle(article, options, tokens)) {
          expect(c.tokenCount).toBeLessThanOrEqual(options.maxTokens);
          expect(tokens.count(c.text), c.id).toBeLessThanOrEqual(options.maxTokens);
        }
    });

    it(`given maxTokens ${options.maxTokens} then chunks move forward, cover every sentence, and overlap by at most ${options.overlapTokens} tokens`, () => {
      for (const article of articles) {
        const chunks = chunkArticle(article, options, tokens);
        for (let i = 1; i < chunks.length; i++) {
          expect(chunks[i]!.start).toBeGreaterThan(chunks[i - 1]!.start);
          expect(chunks[i]!.end).toBeGreaterThan(chunks[i - 1]!.end);
          // No gap: the next chunk starts at or before the end of the previous one's last sentence.
          expect(chunks[i]!.start).toBeLessThanOrEqual(chunks[i - 1]!.end + 2);
          const shared = article.text.slice(chunks[i]!.start, Math.max(chunks[i]!.start, chunks[i - 1]!.end));
          expect(tokens.count(shared)).toBeLessThanOrEqual(options.overlapTokens);
        }
        for (const s of splitSentences(article.text))
          expect(
            chunks.some((c) => c.start <= s.start && s.end <= c.end) ||
              // A sentence longer than the limit is split across chunks: its words are still all covered.
              chunks.filter((c) => c.end > s.start && c.start < s.end).length > 1,
            `${article.id}: ${s.text.slice(0, 40)}`,
          ).toBe(true);
      }
    });
  }

  it("given the real corpus then every chunk records its sentences, the same spans as segmenting its text again", () => {
    for (const article of articles)
      for (const chunk of chunkArticle(article, { maxTokens: 400, overlapTokens: 40 }, tokens)) {
        const again = splitSentences(chunk.text).map((s) => [s.start, s.end]);
        expect(chunk.sentences).toEqual(again.flat());
        expect(chunkSentences(chunk)).toEqual(chunkSentences({ text: chunk.text }));
      }
  });

  it("given a chunk stored without sentences then withSentences records them and chunkSentences agrees", () => {
    const [chunk] = chunkArticle(articles[0]!, { maxTokens: 400, overlapTokens: 40 }, tokens);
    const { sentences, ...old } = chunk!;
    expect(withSentences(old).sentences).toEqual(sentences);
    expect(withSentences(chunk!)).toBe(chunk);
  });

  it("given the default settings then consecutive chunks of a long article really share text", () => {
    const long = articles.find((a) => chunkArticle(a, OPTIONS[0]!, tokens).length >= 3)!;
    const chunks = chunkArticle(long, OPTIONS[0]!, tokens);
    expect(chunks.slice(1).some((c, i) => c.start < chunks[i]!.end)).toBe(true);
  });
});

describe("chunkArticle with long sentences", () => {
  it("given a sentence far over the limit then it is split at word boundaries into pieces within the limit", () => {
    const words = Array.from({ length: 600 }, (_, i) => `blockchain${i % 7 === 0 ? "," : ""}`).join(" ");
    const text = `Short opener. ${words} and then it ends. A closing sentence.`;
    const chunks = chunkArticle({ id: "long", text }, { maxTokens: 50, overlapTokens: 10 }, tokens);
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) {
      expect(c.text).toBe(text.slice(c.start, c.end));
      expect(tokens.count(c.text)).toBeLessThanOrEqual(50);
      // Word boundaries: a chunk never starts or ends inside a word.
      expect(/\s/.test(text[c.start - 1] ?? " ")).toBe(true);
      expect(/\s/.test(text[c.end] ?? " ")).toBe(true);
    }
    expect(chunks.at(-1)!.text).toContain("A closing sentence.");
  });

  it("given an article of one short sentence then it is one chunk", () => {
    const chunks = chunkArticle({ id: "s", text: "Just one." }, { maxTokens: 200, overlapTokens: 40 }, tokens);
    expect(chunks).toEqual([
      { id: "s#0", articleId: "s", ordinal: 0, start: 0, end: 9, text: "Just one.", tokenCount: 3, sentences: [0, 9] },
    ]);
  });

  it("given an empty article then there are no chunks", () => {
    expect(chunkArticle({ id: "e", text: "" }, { maxTokens: 200, overlapTokens: 40 }, tokens)).toEqual([]);
  });
});
