/**
 * Measuring follow-up questions: each pair (a first question, a follow-up, a short string the right answer quotes)
 * is asked three ways, and an answer counts when it is answered and one of its first `k` quotes contains the
 * expected string (case-insensitive):
 * - alone: the follow-up as typed (what the bot did before follow-ups were read in context);
 * - contextual: `contextualQuestion(first, followUp)` (what the bot searches now);
 * - concatenated: the first question and the follow-up joined (the naive alternative).
 */
import { contextualQuestion } from "../retrieval/follow-up.js";
import type { Answer } from "../types.js";

export interface FollowUpPair {
  corpus: string;
  first: string;
  followUp: string;
  expected: string;
}

export const STRATEGIES = ["alone", "contextual", "concatenated"] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const searchText = (pair: FollowUpPair, strategy: Strategy): string =>
  strategy === "alone"
    ? pair.followUp
    : strategy === "contextual"
      ? contextualQuestion(pair.first, pair.followUp)
      : `${pair.first} ${pair.followUp}`;

/** Whether the answer quotes the expected string in one of its first `k` quotes. */
export function quotesExpected(answer: Answer, expected: string, k: number): boolean {
  if (!answer.answered) return false;
  const want = expected.toLowerCase();
  return answer.results.slice(0, k).some((r) => r.quote.text.toLowerCase().includes(want));
}

export interface PairOutcome {
  pair: FollowUpPair;
  /** Per strategy: the text searched, whether it was answered, and whether an answering quote came back. */
  runs: Record<Strategy, { text: string; answered: boolean; hit: boolean; top1: boolean }>;
}

export async function evaluatePair(
  ask: (question: string) => Promise<Answer>,
  pair: FollowUpPair,
  k: number,
): Promise<PairOutcome> {
  const runs = {} as PairOutcome["runs"];
  for (const strategy of STRATEGIES) {
    const text = searchText(pair, strategy);
    const answer = await ask(text);
    runs[strategy] = {
      text,
      answered: answer.answered,
      hit: quotesExpected(answer, pair.expected, k),
      top1: quotesExpected(answer, pair.expected, 1),
    };
  }
  return { pair, runs };
}

export interface FollowUpSummary {
  pairs: number;
  /** Pairs with an answering quote in the first k / at rank 1, per strategy. */
  hits: Record<Strategy, number>;
  top1: Record<Strategy, number>;
  /** Pairs declined outright, per strategy. */
  declined: Record<Strategy, number>;
}

export function summarize(outcomes: readonly PairOutcome[]): FollowUpSummary {
  const count = (f: (o: PairOutcome, s: Strategy) => boolean) =>
    Object.fromEntries(STRATEGIES.map((s) => [s, outcomes.filter((o) => f(o, s)).length])) as Record<Strategy, number>;
  return {
    pairs: outcomes.length,
    hits: count((o, s) => o.runs[s].hit),
    top1: count((o, s) => o.runs[s].top1),
    declined: count((o, s) => !o.runs[s].answered),
  };
}
