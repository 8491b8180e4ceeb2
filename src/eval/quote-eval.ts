/**
 * What the user sees, measured: every question with gold answers is asked through `Engine.ask`, exactly as the
 * terminal and Discord ask it, and the quotes shown are checked for a gold answer (SQuAD's normalisation).
 * - answerInQuote1 / answerInQuote3: a gold answer inside the first quote / any of the first three;
 * - firstPassage: the first result's passage holds a gold answer (the right place was found);
 * - quoteGivenPassage: of those, the share whose quote holds it too (the right sentence was quoted);
 * - answered: the share not declined.
 */
import type { AskOptions, Engine } from "../engine.js";
import type { Answer } from "../types.js";
import { holdsAnswer } from "./answer-match.js";
import type { BeirQuery } from "./load-beir.js";

export interface QuoteMetrics {
  questions: number;
  answerInQuote1: number;
  answerInQuote3: number;
  firstPassage: number;
  quoteGivenPassage: number;
  answered: number;
}

export interface QuoteOutcome {
  id: string;
  kind?: string;
  answered: boolean;
  firstPassage: boolean;
  quote1: boolean;
  quote3: boolean;
}

export function judgeAnswer(query: BeirQuery, answer: Answer | undefined): QuoteOutcome {
  const answers = query.answers ?? [];
  const results = answer?.answered ? answer.results : [];
  const first = results[0];
  return {
    id: query.id,
    ...(query.kind ? { kind: query.kind } : {}),
    answered: results.length > 0,
    firstPassage: first !== undefined && holdsAnswer(first.passage.chunk.text, answers),
    quote1: first !== undefined && holdsAnswer(first.quote.text, answers),
    quote3: results.slice(0, 3).some((r) => holdsAnswer(r.quote.text, answers)),
  };
}

export function summarizeOutcomes(outcomes: readonly QuoteOutcome[]): QuoteMetrics {
  const n = outcomes.length;
  const share = (pick: (o: QuoteOutcome) => boolean, of = outcomes) =>
    of.length > 0 ? of.filter(pick).length / of.length : 0;
  const found = outcomes.filter((o) => o.firstPassage);
  return {
    questions: n,
    answerInQuote1: share((o) => o.quote1),
    answerInQuote3: share((o) => o.quote3),
    firstPassage: share((o) => o.firstPassage),
    quoteGivenPassage: share((o) => o.quote1, found),
    answered: share((o) => o.answered),
  };
}

/** The metrics per question kind, where the dataset gives kinds. */
export function metricsByKind(outcomes: readonly QuoteOutcome[]): Record<string, QuoteMetrics> {
  const kinds = [...new Set(outcomes.flatMap((o) => (o.kind ? [o.kind] : [])))].sort();
  return Object.fromEntries(kinds.map((k) => [k, summarizeOutcomes(outcomes.filter((o) => o.kind === k))]));
}

/** Ask every query that carries answers; questions that cannot be searched count as unanswered. */
export async function runQuoteEval(
  engine: Engine,
  queries: readonly BeirQuery[],
  options: AskOptions = {},
): Promise<{ metrics: QuoteMetrics; outcomes: QuoteOutcome[] }> {
  const outcomes: QuoteOutcome[] = [];
  for (const q of queries) {
    if (!q.answers) continue;
    const answer = await engine.ask(q.text, { k: 3, ...options }).catch(() => undefined);
    outcomes.push(judgeAnswer(q, answer));
  }
  return { metrics: summarizeOutcomes(outcomes), outcomes };
}
