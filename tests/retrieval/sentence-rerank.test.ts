import { describe, expect, it } from "vitest";
import { rerankBySentence, SENTENCE_RERANK_DEPTH } from "../../src/retrieval/sentence-rerank.js";
import type { QuoteScorer } from "../../src/retrieval/term-match.js";
import { analyze } from "../../src/text/analyze.js";
import type { Chunk } from "../../src/types.js";

const chunk = (label: number, text: string): Chunk => ({
  id: `a${label}#0`,
  articleId: `a${label}`,
  ordinal: 0,
  start: 0,
  end: text.length,
  text,
  tokenCount: 0,
});
const scorer: QuoteScorer = { weight: () => 1, known: () => true };

describe("rerankBySentence", () => {
  const question = analyze("When did the lighthouse keeper retire?");
  // Both passages hold every question word; only the second holds them in one sentence.
  const scattered = chunk(
    0,
    "The lighthouse stands on the north cape. Its keeper lived there for years. Many retire to the town.",
  );
  const together = chunk(1, "Visitors come in summer. The lighthouse keeper retired in 1998, after forty years.");
  const chunks = [scattered, together];

  it("given two close candidates then the one holding the question's words in one sentence comes first", () => {
    const ranked = rerankBySentence(
      [
        { label: 0, score: 0.9 },
        { label: 1, score: 0.85 },
      ],
      (l) => chunks[l]!,
      question,
      scorer,
    );
    expect(ranked.map((f) => f.label)).toEqual([1, 0]);
    // Scores stay the fused ones: the rerank orders, it does not rescale.
    expect(ranked.find((f) => f.label === 0)!.score).toBe(0.9);
  });

  it("given weight 0 then the fused order is kept", () => {
    const fused = [
      { label: 0, score: 0.9 },
      { label: 1, score: 0.85 },
    ];
    expect(rerankBySentence(fused, (l) => chunks[l]!, question, scorer, 0)).toEqual(fused);
  });

  it("given a fused lead far ahead then one sentence's words do not overturn it", () => {
    const ranked = rerankBySentence(
      [
        { label: 0, score: 1 },
        { label: 1, score: 0.05 },
      ],
      (l) => chunks[l]!,
      question,
      scorer,
    );
    expect(ranked[0]!.label).toBe(0);
  });

  it("given candidates past the rerank depth then they keep their places after it", () => {
    const many = Array.from({ length: SENTENCE_RERANK_DEPTH + 3 }, (_, i) => ({ label: i % 2, score: 1 - i / 100 }));
    const ranked = rerankBySentence(many, (l) => chunks[l]!, question, scorer);
    expect(ranked.slice(SENTENCE_RERANK_DEPTH)).toEqual(many.slice(SENTENCE_RERANK_DEPTH));
    expect(ranked).toHaveLength(many.length);
  });
});
