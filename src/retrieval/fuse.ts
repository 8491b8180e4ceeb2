/**
 * Reciprocal rank fusion (Cormack et al., 2009): each ranking contributes 1 / (k + rank). It needs no score
 * calibration between BM25 and cosine similarity, which live on unrelated scales.
 */
export const RRF_K = 60;

export interface Ranked {
  label: number;
}

/** Fuse rankings into labels with scores normalised to [0, 1] (1 = first in every ranking). */
export function reciprocalRankFusion(rankings: Ranked[][], k = RRF_K): { label: number; score: number }[] {
  const scores = new Map<number, number>();
  for (const ranking of rankings)
    ranking.forEach((hit, i) => {
      scores.set(hit.label, (scores.get(hit.label) ?? 0) + 1 / (k + i + 1));
    });
  const best = rankings.filter((r) => r.length > 0).length / (k + 1);
  return [...scores.entries()]
    .map(([label, score]) => ({ label, score: best > 0 ? score / best : 0 }))
    .sort((a, b) => b.score - a.score || a.label - b.label);
}
