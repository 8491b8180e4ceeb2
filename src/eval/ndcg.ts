/**
 * nDCG@k with graded relevance and linear gain, as BEIR (pytrec_eval) computes it:
 * DCG@k = Σ_{i=1..k} rel_i / log2(i + 1); IDCG@k is the DCG of the ideal ordering of the judged documents.
 */
export function ndcgAt(k: number, ranked: readonly string[], relevant: ReadonlyMap<string, number>): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) dcg += (relevant.get(ranked[i]!) ?? 0) / Math.log2(i + 2);
  const ideal = [...relevant.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, rel, i) => sum + rel / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}
