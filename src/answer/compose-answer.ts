/**
 * From ranked passages to an Answer:
 * 1. Decline when none of the first passages answers the question with enough confidence: keyword coverage, with the
 *    dense similarity where the model has a calibration (docs/quality.md, "No-answer calibration").
 * 2. Quote the best sentence(s) of each passage that covers the question.
 * 3. Fold near-duplicates: a quote that says what a better-ranked one already says is not repeated; its article is
 *    cited under the better one as "also reported by".
 * 4. Diversify: the best quote of each article comes before a second quote from an article already shown, so one
 *    article does not fill the answer while other relevant articles wait.
 */

import type { SentenceTerms } from "../retrieval/sentence-terms.js";
import type { QuoteScorer } from "../retrieval/term-match.js";
import { analyze } from "../text/analyze.js";
import { splitSentences } from "../text/sentences.js";
import type { Answer, AnswerResult, ArticleMeta, Chunk, IndexMode, Passage, Quote } from "../types.js";
import { type QuestionCues, questionCues } from "./answer-cues.js";
import { DUPLICATE_THRESHOLD, type Fingerprint, fingerprint, quoteSimilarity } from "./dedupe.js";
import { selectQuote } from "./select-quote.js";

export interface ComposeOptions {
  k: number;
  /** Minimum confidence of a passage for it to count as an answer (`passageConfidence`). */
  minConfidence: number;
  /** The model's similarity calibration, when the passages carry dense similarity and the model has one. */
  calibration?: SimilarityCalibration;
  mode: IndexMode;
  scorer: QuoteScorer;
  /** The quote cache to use, when some quotes were selected ahead (quote-ahead.ts); a fresh one otherwise. */
  quotes?: (chunk: Chunk) => Quote;
}

/** The decision looks at the best passage among the first few (measured: docs/quality.md). */
export const DECISION_DEPTH = 3;

/** How dense similarity joins keyword coverage in the no-answer decision, for one model. */
export interface SimilarityCalibration {
  /** Weight of keyword coverage; dense similarity gets the rest. */
  coverageWeight: number;
  /** Similarities at or below this count as 0, at or above `ceiling` as 1, linearly between. */
  floor: number;
  ceiling: number;
}

/**
 * With the model loaded, a passage's evidence is its keyword coverage and its dense similarity to the question
 * together: a paraphrase shares few words but means the same, and a passage sharing words by chance does not.
 * Similarities live on each model's own scale, so a calibration holds for the model it was measured with only:
 * all-MiniLM-L6-v2 on the SQuAD halves, whole articles held out (ROC AUC 0.952 with coverage alone, 0.981 together;
 * docs/quality.md, "No-answer calibration"). A model without one decides by keyword coverage, as keyword mode does.
 */
export const SIMILARITY_CALIBRATIONS: Readonly<Record<string, SimilarityCalibration>> = {
  "Xenova/all-MiniLM-L6-v2": { coverageWeight: 0.6, floor: 0.3, ceiling: 0.7 },
};

/** How strongly one passage answers the question, in [0, 1]: its coverage, with its similarity when calibrated. */
export function passageConfidence(
  p: Pick<Passage, "coverage" | "denseSimilarity">,
  calibration?: SimilarityCalibration,
): number {
  if (!calibration) return p.coverage;
  const { coverageWeight, floor, ceiling } = calibration;
  const scaled = Math.min(1, Math.max(0, ((p.denseSimilarity ?? floor) - floor) / (ceiling - floor)));
  return coverageWeight * p.coverage + (1 - coverageWeight) * scaled;
}

/**
 * How well the corpus answers the question, in [0, 1]: compared with MIN_ANSWER_COVERAGE (keyword coverage) or
 * MIN_ANSWER_CONFIDENCE (with a similarity calibration) to answer or decline.
 */
export function answerConfidence(
  passages: readonly Pick<Passage, "coverage" | "denseSimilarity">[],
  calibration?: SimilarityCalibration,
): number {
  let best = 0;
  for (const p of passages.slice(0, DECISION_DEPTH)) best = Math.max(best, passageConfidence(p, calibration));
  return best;
}

interface Candidate {
  result: AnswerResult;
  fp: Fingerprint;
  /** Retrieval order, for the final ordering. */
  order: number;
}

export function composeAnswer(
  question: string,
  queryTerms: readonly string[],
  passages: Passage[],
  options: ComposeOptions,
): Answer {
  if (answerConfidence(passages, options.calibration) < options.minConfidence)
    return decline(question, passages, options.mode);
  const candidates: Candidate[] = [];
  const quotes = options.quotes ?? quoteCache(queryTerms, options.scorer);
  const fingerprints = new Map<string, Fingerprint>();
  for (const passage of passages) {
    if (passageConfidence(passage, options.calibration) < options.minConfidence) continue;
    const quote = quotes(passage.chunk);
    const articleId = passage.article.id;
    // Overlapping chunks of one article often yield the same sentence: keep only the first.
    if (
      candidates.some(
        ({ result }) =>
          result.passage.article.id === articleId && quote.start < result.quote.end && result.quote.start < quote.end,
      )
    )
      continue;
    const highlighted = quote.text.slice(quote.highlight.start, quote.highlight.end);
    let fp = fingerprints.get(highlighted);
    if (!fp) {
      fp = fingerprint(highlighted, options.scorer.weight, queryTerms);
      fingerprints.set(highlighted, fp);
    }
    const twin = candidates.find((c) => quoteSimilarity(fp, c.fp) >= DUPLICATE_THRESHOLD);
    if (twin) {
      const { result } = twin;
      const cited = result.passage.article.id === articleId || result.alsoReportedBy.some((a) => a.id === articleId);
      if (!cited) result.alsoReportedBy.push(passage.article);
      continue;
    }
    candidates.push({
      result: { rank: 0, score: round(passage.score), quote, passage, alsoReportedBy: [] },
      fp,
      order: candidates.length,
    });
  }
  const chosen = diversify(candidates, options.k).sort((a, b) => a.order - b.order);
  const results = chosen.map(({ result }, i) => ({ ...result, rank: i + 1 }));
  return { question, answered: true, mode: options.mode, results, suggestions: [] };
}

/** What quote selection knows of the question and the articles beyond the question's terms. */
export interface QuoteCacheContext {
  /** The question as asked: its answer cues are read on the first quote, not before retrieval starts. */
  question?: string;
  /** The title of a chunk's article (its subject). */
  titleOf?: (chunk: Chunk) => string | undefined;
  /** The first paragraph of a chunk's article: its first sentence is the lead a question names the story by. */
  leadOf?: (chunk: Chunk) => string | undefined;
  /** The question's memo of analyzed sentences (shared with the sentence rerank). */
  sentenceTerms?: SentenceTerms;
}

/**
 * Quote selection, once per distinct chunk text: syndicated copies of a story are common (and every copy is a
 * candidate), and the same text gets the same quote, moved to the copy's offsets. The question's cues are parsed on
 * the first quote: that is quote-ahead's work while the vector is computed, off the answer's critical path.
 */
export function quoteCache(
  queryTerms: readonly string[],
  scorer: QuoteScorer,
  context: QuoteCacheContext = {},
): (chunk: Chunk) => Quote {
  const seen = new Map<string, { quote: Quote; from: number }>();
  let cues: QuestionCues | undefined;
  // The article's title and lead are read once per article, whichever of its chunks are quoted.
  const subjects = new Map<string, { topic: ReadonlySet<string>; lead: ReadonlySet<string> }>();
  const subjectOf = (chunk: Chunk) => {
    let subject = subjects.get(chunk.articleId);
    if (!subject) {
      const title = context.titleOf?.(chunk);
      const first = splitSentences(context.leadOf?.(chunk) ?? "")[0];
      subject = { topic: new Set(title ? analyze(title) : []), lead: new Set(first ? analyze(first.text) : []) };
      subjects.set(chunk.articleId, subject);
    }
    return subject;
  };
  return (chunk) => {
    const hit = seen.get(chunk.text);
    if (!hit) {
      if (context.question !== undefined) cues ??= questionCues(context.question);
      const quote = selectQuote(chunk, queryTerms, scorer, {
        cues,
        ...subjectOf(chunk),
        sentenceTerms: context.sentenceTerms,
      });
      seen.set(chunk.text, { quote, from: chunk.start });
      return quote;
    }
    const shift = chunk.start - hit.from;
    return {
      ...hit.quote,
      start: hit.quote.start + shift,
      end: hit.quote.end + shift,
      highlight: { ...hit.quote.highlight },
    };
  };
}

/** Up to `k` candidates: each article's best first (in retrieval order), then second quotes, and so on. */
function diversify(candidates: readonly Candidate[], k: number): Candidate[] {
  const seen = new Map<string, number>();
  const nth = candidates.map(({ result }) => {
    const id = result.passage.article.id;
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n;
  });
  return candidates
    .map((c, i) => ({ c, n: nth[i]! }))
    .sort((a, b) => a.n - b.n || a.c.order - b.c.order)
    .slice(0, k)
    .map(({ c }) => c);
}

function decline(question: string, passages: readonly Passage[], mode: IndexMode): Answer {
  const seen = new Set<string>();
  const suggestions: ArticleMeta[] = [];
  for (const p of passages) {
    if (seen.has(p.article.id)) continue;
    seen.add(p.article.id);
    suggestions.push(p.article);
    if (suggestions.length === 3) break;
  }
  return { question, answered: false, mode, results: [], suggestions };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
