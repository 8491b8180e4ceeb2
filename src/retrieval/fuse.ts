/**
 * Fusion of the lexical (BM25) and dense (cosine) rankings into one. Two standard methods:
 *
 * - Reciprocal rank fusion (Cormack et al., 2009): each ranking contributes 1 / (k + rank). It needs no score
 *   calibration between BM25 and cosine similarity, which live on unrelated scales, and no tuning data.
 * - Normalised score fusion (a convex combination of min-max normalised scores, "TM2C2" in Bruch et al., 2023):
 *   can beat RRF when its weight is tuned on labelled queries for the model and corpus at hand.
 *
 * Convex fusion is the default, with the dense weight tuned with real all-MiniLM-L6-v2 weights on SciFact's train
 * queries and one half of SQuAD's articles, and checked on SciFact's test queries and the other half: RRF was worse
 * than keywords alone on SQuAD (docs/quality.md, "Hybrid"). `--fusion rrf` keeps the alternative measurable.
 */
export const RRF_K = 60;

/** Weight of the dense ranking in normalised score fusion (tuned: 0.3–0.5 were within 0.002 nDCG@10 on SQuAD). */
export const DENSE_WEIGHT = 0.4;

export type FusionMethod = "rrf" | "convex";

export const DEFAULT_FUSION: FusionMethod = "convex";

export interface Scored {
  label: number;
  /** Higher is better; only compared within one ranking. */
  score: number;
}

export interface Fused {
  label: number;
  /** In [0, 1]; 1 = first (or best-scored) in every ranking. */
  score: number;
}

const byScore = (a: Fused, b: Fused) => b.score - a.score || a.label - b.label;

/** Fuse rankings into labels with scores normalised to [0, 1] (1 = first in every ranking). */
export function reciprocalRankFusion(rankings: readonly (readonly { label: number }[])[], k = RRF_K): Fused[] {
  const scores = new Map<number, number>();
  for (const ranking of rankings)
    ranking.forEach((hit, i) => {
      scores.set(hit.label, (scores.get(hit.label) ?? 0) + 1 / (k + i + 1));
    });
  const best = rankings.filter((r) => r.length > 0).length / (k + 1);
  return [...scores.entries()].map(([label, score]) => ({ label, score: best > 0 ? score / best : 0 })).sort(byScore);
}

/**
 * Convex combination of min-max normalised scores: Σ wᵢ · (sᵢ − minᵢ) / (maxᵢ − minᵢ), with weights summing to 1.
 * A label absent from a ranking scores that ranking's minimum (0 after normalisation).
 */
export function normalizedScoreFusion(rankings: readonly (readonly Scored[])[], weights: readonly number[]): Fused[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const scores = new Map<number, number>();
  rankings.forEach((ranking, r) => {
    if (ranking.length === 0) return;
    const w = (weights[r] ?? 0) / (total > 0 ? total : 1);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const { score } of ranking) {
      min = Math.min(min, score);
      max = Math.max(max, score);
    }
    const range = max - min;
    for (const { label, score } of ranking) {
      // A ranking whose scores are all equal says nothing about order: every hit gets the full weight.
      const norm = range > 0 ? (score - min) / range : 1;
      scores.set(label, (scores.get(label) ?? 0) + w * norm);
    }
  });
  return [...scores.entries()].map(([label, score]) => ({ label, score })).sort(byScore);
}

/** Fuse a lexical and a dense ranking with the chosen method (`denseWeight` is convex fusion's, for tuning). */
export function fuse(
  lexical: readonly Scored[],
  dense: readonly Scored[],
  method: FusionMethod = DEFAULT_FUSION,
  denseWeight = DENSE_WEIGHT,
): Fused[] {
  return method === "rrf"
    ? reciprocalRankFusion([lexical, dense])
    : normalizedScoreFusion([lexical, dense], [1 - denseWeight, denseWeight]);
}
