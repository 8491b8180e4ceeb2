/**
 * Which question terms a piece of text contains, tolerating typos for words the corpus has never seen
 * ("patnets" → "patent"), with the same edit budget as BM25's fuzzy fallback so that retrieval, coverage and quote
 * selection agree on what matched. Shared by coverage scoring, quote selection and highlighting.
 */
import { distance } from "fastest-levenshtein";
import { BM25, fuzzyEdits } from "../indexing/lexical-store.js";
import { analyze } from "../text/analyze.js";

/** Question words weighed by the index's IDF, knowing which words the corpus has: coverage and quote scoring. */
export interface QuoteScorer {
  weight(term: string): number;
  known(term: string): boolean;
}

/** True when `term` is in `terms`, or (for an out-of-vocabulary term) a spelling within its edit budget is. */
export function hasTerm(terms: ReadonlySet<string>, term: string, knownToCorpus: boolean): boolean {
  return matchTerm(terms, term, knownToCorpus) !== undefined;
}

/** The member of `terms` that `term` matches (itself, or a close spelling of an out-of-vocabulary term). */
export function matchTerm(terms: Iterable<string>, term: string, knownToCorpus: boolean): string | undefined {
  const set = terms instanceof Set ? (terms as ReadonlySet<string>) : new Set(terms);
  if (set.has(term)) return term;
  if (knownToCorpus) return undefined;
  const edits = fuzzyEdits(term);
  if (edits === 0) return undefined;
  for (const t of set) if (Math.abs(t.length - term.length) <= edits && distance(t, term) <= edits) return t;
  return undefined;
}

/**
 * Credit for a fuzzy match. Measured on the SQuAD no-answer calibration (docs/quality.md): full credit lets "invent"
 * → "invest" make unanswerable questions look covered (ROC AUC 0.946), no credit declines typo'd questions (0.950),
 * half credit separates best (0.952).
 */
export const FUZZY_CREDIT = 0.5;

/**
 * What each question term earns in `terms`: its weight when present, `FUZZY_CREDIT` of it for a fuzzy match of an
 * out-of-vocabulary word ("invent" → "invest" is weaker evidence than the word itself), and the total on offer.
 */
export function termCredits(
  queryTerms: readonly string[],
  terms: ReadonlySet<string>,
  weight: (term: string) => number,
  known: (term: string) => boolean,
): { credit: Map<string, number>; total: number } {
  const credit = new Map<string, number>();
  let total = 0;
  for (const q of new Set(queryTerms)) {
    const w = weight(q);
    total += w;
    const inVocabulary = known(q);
    if (hasTerm(terms, q, inVocabulary)) credit.set(q, inVocabulary ? w : w * FUZZY_CREDIT);
  }
  return { credit, total };
}

/** Weighted share of `queryTerms` present in `terms`, in [0, 1] (see `termCredits`). */
export function weightedCoverage(
  queryTerms: readonly string[],
  terms: ReadonlySet<string>,
  weight: (term: string) => number,
  known: (term: string) => boolean,
): number {
  const { credit, total } = termCredits(queryTerms, terms, weight, known);
  let found = 0;
  for (const c of credit.values()) found += c;
  return total > 0 ? found / total : 0;
}

export interface Match {
  /** IDF-weighted credit earned per question term found. */
  credit: Map<string, number>;
  score: number;
}

/**
 * Score a piece of text against the question: the IDF-weighted share of question terms it contains (fuzzy matches
 * of out-of-vocabulary words at half credit), plus a bonus for question bigrams it keeps together.
 */
export function scoreText(text: string, queryTerms: readonly string[], scorer: QuoteScorer): Match {
  return scoreTerms(analyze(text), queryTerms, scorer);
}

/** `scoreText` over text already analyzed (quote selection analyzes each sentence once). */
export function scoreTerms(terms: readonly string[], queryTerms: readonly string[], scorer: QuoteScorer): Match {
  const { credit, total } = termCredits(queryTerms, new Set(terms), scorer.weight, scorer.known);
  let found = 0;
  for (const c of credit.values()) found += c;
  let bigrams = 0;
  let matchedBigrams = 0;
  if (queryTerms.length > 1) {
    const textBigrams = new Set<string>();
    for (let i = 0; i + 1 < terms.length; i++) textBigrams.add(`${terms[i]} ${terms[i + 1]}`);
    for (let i = 0; i + 1 < queryTerms.length; i++) {
      bigrams++;
      if (textBigrams.has(`${queryTerms[i]} ${queryTerms[i + 1]}`)) matchedBigrams++;
    }
  }
  const coverage = total > 0 ? found / total : 0;
  return { credit, score: coverage + (bigrams > 0 ? (BM25.bigramWeight * matchedBigrams) / bigrams : 0) };
}
