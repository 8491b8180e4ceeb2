/** Answer → the documented JSON shape (see README, "JSON output"). */
import type { Answer, ArticleMeta } from "../types.js";

export interface JsonArticle {
  id: string;
  title: string;
  published: string | null;
  publisher: string | null;
  url: string | null;
  source: string;
}

export interface JsonResult {
  rank: number;
  score: number;
  quote: string;
  /** The best-matching sentence inside `quote` (character offsets into `quote`). */
  highlight: { start: number; end: number };
  passage: string;
  chunkId: string;
  article: JsonArticle;
  alsoReportedBy: JsonArticle[];
}

export interface JsonAnswer {
  question: string;
  answered: boolean;
  mode: Answer["mode"];
  results: JsonResult[];
  suggestions: JsonArticle[];
}

export const jsonArticle = (a: ArticleMeta): JsonArticle => ({
  id: a.id,
  title: a.title,
  published: a.published ?? null,
  publisher: a.publisher ?? null,
  url: a.url ?? null,
  source: a.source,
});

export function toJsonAnswer(answer: Answer): JsonAnswer {
  return {
    question: answer.question,
    answered: answer.answered,
    mode: answer.mode,
    results: answer.results.map((r) => ({
      rank: r.rank,
      score: r.score,
      quote: r.quote.text,
      highlight: r.quote.highlight,
      passage: r.passage.chunk.text,
      chunkId: r.passage.chunk.id,
      article: jsonArticle(r.passage.article),
      alsoReportedBy: r.alsoReportedBy.map(jsonArticle),
    })),
    suggestions: answer.suggestions.map(jsonArticle),
  };
}
