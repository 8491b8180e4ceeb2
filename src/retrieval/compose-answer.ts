/**
 * From ranked passages to an Answer: decline when nothing covers the question, pick a quote per passage, fold
 * near-duplicates into "also reported by", and keep the best `k`.
 */
import type { Answer, AnswerResult, ArticleMeta, IndexMode, Passage } from "../types.js";
import { DUPLICATE_THRESHOLD, type Fingerprint, fingerprint, quoteSimilarity } from "./dedupe.js";
import { type QuoteScorer, selectQuote } from "./select-quote.js";

export interface ComposeOptions {
  k: number;
  /** Minimum question coverage of a passage for it to count as an answer. */
  minCoverage: number;
  mode: IndexMode;
  scorer: QuoteScorer;
}

export function composeAnswer(
  question: string,
  queryTerms: readonly string[],
  passages: Passage[],
  options: ComposeOptions,
): Answer {
  const relevant = passages.filter((p) => p.coverage >= options.minCoverage);
  if (relevant.length === 0) {
    const seen = new Set<string>();
    const suggestions: ArticleMeta[] = [];
    for (const p of passages) {
      if (seen.has(p.article.id)) continue;
      seen.add(p.article.id);
      suggestions.push(p.article);
      if (suggestions.length === 3) break;
    }
    return { question, answered: false, mode: options.mode, results: [], suggestions };
  }
  const kept: { result: AnswerResult; fp: Fingerprint }[] = [];
  for (const passage of relevant) {
    const quote = selectQuote(passage.chunk, queryTerms, options.scorer);
    // Overlapping chunks of one article often yield the same sentence: keep only the first.
    if (
      kept.some(
        ({ result }) =>
          result.passage.article.id === passage.article.id &&
          quote.start < result.quote.end &&
          result.quote.start < quote.end,
      )
    )
      continue;
    const fp = fingerprint(quote.text);
    const twin = kept.find(({ fp: other }) => quoteSimilarity(fp, other) >= DUPLICATE_THRESHOLD);
    if (twin) {
      const already =
        twin.result.passage.article.id === passage.article.id ||
        twin.result.alsoReportedBy.some((a) => a.id === passage.article.id);
      if (!already) twin.result.alsoReportedBy.push(passage.article);
      continue;
    }
    if (kept.length >= options.k) continue;
    kept.push({
      result: { rank: kept.length + 1, score: round(passage.score), quote, passage, alsoReportedBy: [] },
      fp,
    });
  }
  return { question, answered: true, mode: options.mode, results: kept.map((k) => k.result), suggestions: [] };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
