/**
 * Quote selection: inside a retrieved passage, quote the sentence, or the two adjacent sentences, that best answer
 * the question. A quote holds the answer when it gives what the question asks for, not when it repeats the question's
 * subject: candidates are scored by the question words they hold (above all the ones the title lacks, weighed by how
 * rare each is in the passage), the kind of answer asked for (answer-cues.ts), the new words they bring, and their
 * place in the article. The highlight
 * marks the better sentence of the quote, narrowed to its best clauses when it is long.
 */

import { chunkSentences } from "../indexing/chunk.js";
import type { SentenceTerms } from "../retrieval/sentence-terms.js";
import { type Match, type QuoteScorer, scoreTerms, scoreText } from "../retrieval/term-match.js";
import { analyze, tokenize, tokensWithOffsets, toTerm } from "../text/analyze.js";
import type { Span } from "../text/sentences.js";
import type { Chunk, Quote } from "../types.js";
import { answerCandidates, type QuestionCues } from "./answer-cues.js";

/** Quotes stay short; the full passage is one click away. */
const MAX_QUOTE_CHARS = 450;
/** A best sentence longer than this gets a narrower highlight when its matches sit in a few clauses. */
const LONG_SENTENCE_CHARS = 200;
/** A narrowed highlight keeps at least this many words, or it reads as a fragment. */
const MIN_HIGHLIGHT_WORDS = 8;

/** Opening words that refer back to the previous sentence: quoting the sentence alone would lose its subject. */
const REFERS_BACK =
  /^(?:it|its|this|that|these|those|they|their|them|he|his|she|her|such|however|but|also|meanwhile|moreover|furthermore|additionally|still|yet|then|thus|therefore|instead|otherwise)\b/i;

/**
 * How a quote is chosen: every sentence, and every pair of adjacent sentences in one paragraph, is a candidate, scored
 * by what it offers as an answer beside the question words it repeats. The weights were fitted on the SQuAD, BBC and
 * Reuters development sets together and checked on held-out halves of each (docs/quality.md, "Answer-sentence
 * selection", with each signal's share). Signals that did not help there (the answer type alone, the share of new
 * words, a penalty on the lead) are not scored.
 */
export const QUOTE_WEIGHTS = {
  /**
   * Question words outside the article's title, each weighed by how few of the passage's sentences hold it: the
   * detail asked about, not the story's subject (which the title names and every sentence repeats).
   */
  detail: 1.5,
  /**
   * Question words that neither the title nor the article's first sentence holds, weighed like `detail`. A question
   * about a story names it the way its headline and lead do, and asks for a detail told further down: the words left
   * once the lead's are set aside are the ones that point at the answer ("Who scored the crucial second goal in
   * Tottenham's 3-0 FA Cup win over Nottingham Forest?").
   */
  pastLead: 2.4,
  /**
   * A candidate answer of the kind asked for (an amount, a date, a name… that the question does not already hold;
   * answer-cues.ts) sits within a few words of a question word: "eased by about 250,000 tons", not a figure elsewhere
   * in a sentence that repeats the question.
   */
  near: 0.75,
  /**
   * Two sentences rather than one. The subject and the answer often sit in neighbouring sentences ("The commission
   * ruled the stake too high. They say Turkcell is a security risk because of…"): the pair reads as a whole.
   */
  pair: 0.25,
};

/** How many words apart a candidate answer and a question word may sit to count as `near`. */
const NEAR_WORDS = 3;

export interface SentenceEvidence {
  /** IDF-weighted share of the question's words, with a bonus for its bigrams kept together (`scoreText`). */
  coverage: number;
  detail: number;
  pastLead: number;
  near: number;
}

/**
 * Every sentence's evidence, from its terms, its question-word match and the question's cues. `topic` holds the
 * article title's terms; `pastLeadOf` is the share of the question's words past the title and the lead (the same
 * measure serves the pairs).
 */
function sentenceEvidence(
  sentences: readonly Span[],
  termSets: readonly ReadonlySet<string>[],
  matches: readonly Match[],
  question: ReadonlySet<string>,
  cues: QuestionCues | undefined,
  topic: ReadonlySet<string>,
  pastLeadOf: (terms: ReadonlySet<string>) => number,
): SentenceEvidence[] {
  // A question word found in every sentence says little about which sentence answers; one in the title, less.
  let detail = termSets.map(rarityShare(question, termSets, (q) => !topic.has(q)));
  // A question about nothing but the title's subject ("When did the aqueduct reopen?" under "Aqueduct reopens"):
  // then the title's words are the detail asked about.
  if (detail.every((d) => d === 0)) detail = termSets.map(rarityShare(question, termSets, () => true));
  return sentences.map((s, i) => {
    const answers = cues ? answerCandidates(s.text, cues).offsets : [];
    return {
      coverage: matches[i]!.score,
      detail: detail[i]!,
      pastLead: pastLeadOf(termSets[i]!),
      near: answers.length > 0 ? answerNearQuestion(s.text, answers, question) : 0,
    };
  });
}

/**
 * The share of the question words `keep` selects that a set of terms holds, each word weighed by how few of the
 * passage's sentences hold it (log(1 + sentences / holders)); always 0 when no sentence holds one.
 */
function rarityShare(
  question: ReadonlySet<string>,
  termSets: readonly ReadonlySet<string>[],
  keep: (term: string) => boolean,
): (terms: ReadonlySet<string>) => number {
  const rarity = new Map<string, number>();
  let total = 0;
  for (const q of question) {
    if (!keep(q)) continue;
    const holders = termSets.filter((t) => t.has(q)).length;
    if (holders === 0) continue;
    const r = Math.log(1 + termSets.length / holders);
    rarity.set(q, r);
    total += r;
  }
  return (terms) => {
    if (total === 0) return 0;
    let found = 0;
    for (const [q, r] of rarity) if (terms.has(q)) found += r;
    return found / total;
  };
}

/** 1 when one of the candidate answers at `offsets` is within `NEAR_WORDS` words of a question term, else 0. */
function answerNearQuestion(text: string, offsets: readonly number[], question: ReadonlySet<string>): number {
  const starts: number[] = [];
  const asked: number[] = [];
  for (const { token, start } of tokensWithOffsets(text)) {
    const term = toTerm(token);
    if (term !== null && question.has(term)) asked.push(starts.length);
    starts.push(start);
  }
  if (asked.length === 0) return 0;
  for (const offset of offsets) {
    let word = 0;
    while (word < starts.length && starts[word]! < offset) word++;
    if (asked.some((a) => Math.abs(a - word) <= NEAR_WORDS)) return 1;
  }
  return 0;
}

export function evidenceScore(e: SentenceEvidence, pair = false): number {
  const w = QUOTE_WEIGHTS;
  return e.coverage + w.detail * e.detail + w.pastLead * e.pastLead + w.near * e.near + (pair ? w.pair : 0);
}

/**
 * A pair's evidence: its words together (its question words, and those past the lead, counted once), the stronger of
 * the two sentences' detail and cue.
 */
function pairEvidence(a: SentenceEvidence, b: SentenceEvidence, together: Match, pastLead: number): SentenceEvidence {
  return {
    coverage: together.score,
    detail: Math.max(a.detail, b.detail),
    pastLead,
    near: Math.max(a.near, b.near),
  };
}

/** What the answer stage knows of the question beyond its terms. */
export interface QuoteContext {
  cues?: QuestionCues;
  /** Analyzed terms of the article's title (its subject). */
  topic?: ReadonlySet<string>;
  /** Analyzed terms of the article's first sentence (its lead). */
  lead?: ReadonlySet<string>;
  /** The question's memo of analyzed sentences (shared with the sentence rerank). */
  sentenceTerms?: SentenceTerms;
}

/** A quotable run of one or two adjacent sentences, with its evidence. */
export interface QuoteWindow {
  first: number;
  last: number;
  evidence: SentenceEvidence;
}

/**
 * Every candidate window of a passage: each sentence, and each pair of adjacent sentences in one paragraph that is
 * short enough to quote. Sentences are analyzed once.
 */
export function quoteWindows(
  chunk: Chunk,
  sentences: readonly Span[],
  queryTerms: readonly string[],
  scorer: QuoteScorer,
  context: QuoteContext = {},
): QuoteWindow[] {
  const analyzed = context.sentenceTerms?.(chunk) ?? sentences.map((s) => analyze(s.text));
  const termSets = analyzed.map((terms) => new Set(terms));
  const question = new Set(queryTerms);
  const topic = context.topic ?? new Set<string>();
  const lead = context.lead ?? new Set<string>();
  const pastLeadOf = rarityShare(question, termSets, (q) => !topic.has(q) && !lead.has(q));
  const matches = analyzed.map((terms) => scoreTerms(terms, queryTerms, scorer));
  const evidence = sentenceEvidence(sentences, termSets, matches, question, context.cues, topic, pastLeadOf);
  const windows: QuoteWindow[] = [];
  for (let i = 0; i < sentences.length; i++) {
    windows.push({ first: i, last: i, evidence: evidence[i]! });
    if (i + 1 < sentences.length && fitsPair(chunk, sentences, i)) {
      // Sentences meet at whitespace, so the pair's terms are the two sentences' terms in turn.
      const terms = [...analyzed[i]!, ...analyzed[i + 1]!];
      const together = scoreTerms(terms, queryTerms, scorer);
      const pastLead = pastLeadOf(new Set(terms));
      windows.push({
        first: i,
        last: i + 1,
        evidence: pairEvidence(evidence[i]!, evidence[i + 1]!, together, pastLead),
      });
    }
  }
  return windows;
}

/**
 * A pair must be in one paragraph (no line break between) and short: a heading or the previous paragraph's last line
 * is not context.
 */
function fitsPair(chunk: Chunk, sentences: readonly Span[], a: number, b = a + 1): boolean {
  return (
    sentences[b]!.end - sentences[a]!.start <= MAX_QUOTE_CHARS &&
    !chunk.text.slice(sentences[a]!.start, sentences[b]!.end).includes("\n")
  );
}

const windowScore = (w: QuoteWindow) => evidenceScore(w.evidence, w.last > w.first);

export function selectQuote(
  chunk: Chunk,
  queryTerms: readonly string[],
  scorer: QuoteScorer,
  context: QuoteContext = {},
): Quote {
  const sentences = chunkSentences(chunk);
  if (sentences.length === 0)
    return { text: chunk.text, start: chunk.start, end: chunk.end, highlight: { start: 0, end: chunk.text.length } };
  const windows = quoteWindows(chunk, sentences, queryTerms, scorer, context);
  const single = windows.filter((w) => w.first === w.last).map(windowScore);
  // Ties go to the earlier window: leads and topic sentences come first in news writing.
  let best = { first: 0, last: 0, score: Number.NEGATIVE_INFINITY };
  for (const w of windows) {
    const score = windowScore(w);
    if (score > best.score) best = { first: w.first, last: w.last, score };
  }
  // A lone sentence that opens with a word pointing back ("It", "However") takes the sentence it points to.
  if (best.first === best.last && best.first > 0 && REFERS_BACK.test(sentences[best.first]!.text))
    if (fitsPair(chunk, sentences, best.first - 1, best.last)) best = { ...best, first: best.first - 1 };
  // The bold part is the window's better sentence on its own: the one that answers, beside the one that sets it up.
  const key = best.last > best.first && single[best.last]! > single[best.first]! ? best.last : best.first;
  const start = sentences[best.first]!.start;
  const end = sentences[best.last]!.end;
  const focus = highlightSpan(sentences[key]!, queryTerms, scorer);
  return {
    text: chunk.text.slice(start, end),
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
