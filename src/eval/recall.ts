/** Recall@k: the share of a query's relevant documents that appear in its top k (BEIR's definition). */
export function recallAt(k: number, ranked: readonly string[], relevant: ReadonlyMap<string, number>): number {
  if (relevant.size === 0) return 0;
  let found = 0;
  for (const id of ranked.slice(0, k)) if (relevant.has(id)) found++;
  return found / relevant.size;
}
