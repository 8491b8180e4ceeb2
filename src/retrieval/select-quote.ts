/**
 * Quote selection: inside a retrieved passage, find the sentence that best answers the question and quote it,
 * with a neighbouring sentence when the best one is too short to stand alone or the neighbour also matches.
 */
import { analyze } from "../text/analyze.js";
import { splitSentences } from "../text/sentences.js";
import type { Chunk, Quote } from "../types.js";
import { weightedCoverage } from "./term-match.js";

export interface QuoteScorer {
  weight(term: string): number;
  known(term: string): boolean;
}

/** A sentence shorter than this reads as a fragment on its own. */
const MIN_STANDALONE_CHARS = 80;
/** Quotes stay short; the full passage is one click away. */
const MAX_QUOTE_CHARS = 450;

export function selectQuote(chunk: Chunk, queryTerms: readonly string[], scorer: QuoteScorer): Quote {
  const sentences = splitSentences(chunk.text);
  if (sentences.length === 0)
    return { text: chunk.text, start: chunk.start, end: chunk.end, highlight: { start: 0, end: chunk.text.length } };
  const scores = sentences.map((s) =>
    weightedCoverage(queryTerms, new Set(analyze(s.text)), scorer.weight, scorer.known),
  );
  let best = 0;
  scores.forEach((score, i) => {
    // Ties go to the earlier sentence: leads and topic sentences come first in news writing.
    if (score > scores[best]!) best = i;
  });
  let first = best;
  let last = best;
  const fits = (a: number, b: number) => sentences[b]!.end - sentences[a]!.start <= MAX_QUOTE_CHARS;
  const prev = best - 1;
  const next = best + 1;
  const bestSentence = sentences[best]!;
  const short = bestSentence.text.length < MIN_STANDALONE_CHARS;
  // Prefer the neighbour that adds matching terms; otherwise the following sentence, which usually elaborates.
  const prevScore = prev >= 0 ? scores[prev]! : -1;
  const nextScore = next < sentences.length ? scores[next]! : -1;
  if (nextScore > 0 || prevScore > 0 || short) {
    if (nextScore >= prevScore && next < sentences.length && fits(first, next)) last = next;
    else if (prev >= 0 && fits(prev, last)) first = prev;
  }
  const start = sentences[first]!.start;
  const end = sentences[last]!.end;
  const text = chunk.text.slice(start, end);
  return {
    text,
    start: chunk.start + start,
    end: chunk.start + end,
    highlight: { start: bestSentence.start - start, end: bestSentence.end - start },
  };
}
