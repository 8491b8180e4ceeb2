/**
 * Quote selection: inside a retrieved passage, score every sentence against the question and quote the best one,
 * with a neighbouring sentence when the best one cannot stand alone (too short, or it opens with a word that points
 * back, like "It" or "However") or when the neighbour adds question words the best sentence lacks. The highlight
 * marks the best-matching part: the best sentence, narrowed to its best clauses when it is long.
 */

import { chunkSentences } from "../indexing/chunk.js";
import { BM25 } from "../indexing/lexical-store.js";
import { type QuoteScorer, termCredits } from "../retrieval/term-match.js";
import { analyze, tokenize } from "../text/analyze.js";
import type { Span } from "../text/sentences.js";
import type { Chunk, Quote } from "../types.js";

/** A sentence shorter than this reads as a fragment on its own. */
const MIN_STANDALONE_CHARS = 80;
/** Quotes stay short; the full passage is one click away. */
const MAX_QUOTE_CHARS = 450;
/** A best sentence longer than this gets a narrower highlight when its matches sit in a few clauses. */
const LONG_SENTENCE_CHARS = 200;
/** A narrowed highlight keeps at least this many words, or it reads as a fragment. */
const MIN_HIGHLIGHT_WORDS = 8;

/** Opening words that refer back to the previous sentence: quoting the sentence alone would lose its subject. */
const REFERS_BACK =
  /^(?:it|its|this|that|these|those|they|their|them|he|his|she|her|such|however|but|also|meanwhile|moreover|furthermore|additionally|still|yet|then|thus|therefore|instead|otherwise)\b/i;

interface Match {
  /** IDF-weighted credit earned per question term found. */
  credit: Map<string, number>;
  score: number;
}

/**
 * Score a piece of text against the question: the IDF-weighted share of question terms it contains (fuzzy matches
 * of out-of-vocabulary words at half credit), plus a bonus for question bigrams it keeps together.
 */
export function scoreText(text: string, queryTerms: readonly string[], scorer: QuoteScorer): Match {
  const terms = analyze(text);
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

/** Credit the union of two matches earns beyond the first one's. */
function addedCredit(base: Match, extra: Match): number {
  let added = 0;
  for (const [term, c] of extra.credit) added += Math.max(0, c - (base.credit.get(term) ?? 0));
  return added;
}

export function selectQuote(chunk: Chunk, queryTerms: readonly string[], scorer: QuoteScorer): Quote {
  const sentences = chunkSentences(chunk);
  if (sentences.length === 0)
    return { text: chunk.text, start: chunk.start, end: chunk.end, highlight: { start: 0, end: chunk.text.length } };
  const matches = sentences.map((s) => scoreText(s.text, queryTerms, scorer));
  let best = 0;
  matches.forEach((m, i) => {
    // Ties go to the earlier sentence: leads and topic sentences come first in news writing.
    if (m.score > matches[best]!.score) best = i;
  });
  const bestSentence = sentences[best]!;
  let first = best;
  let last = best;
  // A neighbour must be in the same paragraph (no line break between) and the quote must stay short: a heading or
  // the previous paragraph's last line is not context.
  const fits = (a: number, b: number) =>
    sentences[b]!.end - sentences[a]!.start <= MAX_QUOTE_CHARS &&
    !chunk.text.slice(sentences[a]!.start, sentences[b]!.end).includes("\n");
  const prev = best - 1;
  const next = best + 1;
  const gain = (i: number) => (i >= 0 && i < sentences.length ? addedCredit(matches[best]!, matches[i]!) : -1);
  if (prev >= 0 && REFERS_BACK.test(bestSentence.text) && fits(prev, last)) first = prev;
  else if (gain(next) > 0 || gain(prev) > 0) {
    // The neighbour that adds the most missing question words, the following one on a tie (it usually elaborates).
    if (gain(next) >= gain(prev) && next < sentences.length && fits(first, next)) last = next;
    else if (prev >= 0 && fits(prev, last)) first = prev;
  } else if (bestSentence.text.length < MIN_STANDALONE_CHARS) {
    if (next < sentences.length && fits(first, next)) last = next;
    else if (prev >= 0 && fits(prev, last)) first = prev;
  }
  const start = sentences[first]!.start;
  const end = sentences[last]!.end;
  const text = chunk.text.slice(start, end);
  const focus = highlightSpan(bestSentence, queryTerms, scorer);
  return {
    text,
    start: chunk.start + start,
    end: chunk.start + end,
    highlight: { start: focus.start - start, end: focus.end - start },
  };
}

/**
 * The best-matching part of a sentence, as offsets into the chunk: the whole sentence, or for a long one the
 * shortest run of clauses (split at , ; : and dashes) that holds every question word the sentence matches.
 */
export function highlightSpan(sentence: Span, queryTerms: readonly string[], scorer: QuoteScorer): Span {
  if (sentence.text.length <= LONG_SENTENCE_CHARS) return sentence;
  const clauses = splitClauses(sentence);
  if (clauses.length < 2) return sentence;
  const wanted = scoreText(sentence.text, queryTerms, scorer).credit;
  if (wanted.size === 0) return sentence;
  const clauseTerms = clauses.map((c) => new Set(scoreText(c.text, queryTerms, scorer).credit.keys()));
  let bestSpan: Span = sentence;
  for (let a = 0; a < clauses.length; a++) {
    const seen = new Set<string>();
    for (let b = a; b < clauses.length; b++) {
      for (const t of clauseTerms[b]!) seen.add(t);
      if (seen.size < wanted.size) continue;
      const span = { start: clauses[a]!.start, end: clauses[b]!.end };
      if (span.end - span.start < bestSpan.end - bestSpan.start)
        bestSpan = { ...span, text: sentence.text.slice(span.start - sentence.start, span.end - sentence.start) };
      break;
    }
  }
  return tokenize(bestSpan.text).length >= MIN_HIGHLIGHT_WORDS ? bestSpan : sentence;
}

/** Clauses of a sentence: split after , ; : followed by a space (not inside "1,250") and around dashes. */
function splitClauses(sentence: Span): Span[] {
  const out: Span[] = [];
  const boundary = /[,;:](?=\s)|\s[—–-]\s|—/g;
  let from = 0;
  const push = (a: number, b: number) => {
    const raw = sentence.text.slice(a, b);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== "") {
      const start = sentence.start + a + lead;
      out.push({ start, end: start + trimmed.length, text: trimmed });
    }
  };
  for (let m = boundary.exec(sentence.text); m !== null; m = boundary.exec(sentence.text)) {
    const end = m.index + m[0].length;
    push(from, end);
    from = end;
  }
  push(from, sentence.text.length);
  return out;
}
