/**
 * recall@k of an approximate search against exact search. Tie-aware (as ann-benchmarks does it): a returned
 * neighbour counts when its true similarity is at least the exact k-th best, minus a tiny epsilon, so duplicate
 * vectors (the BBC dataset repeats some articles) do not count as misses when the two searches break a tie
 * differently.
 */

export interface RecallInput {
  /** True similarities of the exact top-k, best first. */
  exactSimilarities: readonly number[];
  /** True similarities (recomputed exactly) of what the approximate search returned. */
  approxSimilarities: readonly number[];
}

export function recallAtK(input: RecallInput, k: number, epsilon = 1e-6): number {
  const truth = input.exactSimilarities.slice(0, k);
  if (truth.length === 0) return 1;
  const kth = truth[truth.length - 1]!;
  let hits = 0;
  for (const s of input.approxSimilarities.slice(0, k)) if (s >= kth - epsilon) hits++;
  return Math.min(1, hits / truth.length);
}

/** Mean recall@k over queries (each query weighs the same). */
export function meanRecallAtK(inputs: readonly RecallInput[], k: number): number {
  if (inputs.length === 0) return 1;
  return inputs.reduce((s, x) => s + recallAtK(x, k), 0) / inputs.length;
}
