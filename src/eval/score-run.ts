/**
 * Average the per-query metrics of a run over every judged query. A judged query missing from the run (e.g. one
 * with no searchable words) counts as a ranking with nothing relevant in it, so it scores 0 rather than vanishing.
 */
import type { Qrels } from "./load-beir.js";
import { reciprocalRankAt } from "./mrr.js";
import { ndcgAt } from "./ndcg.js";
import { recallAt } from "./recall.js";

export interface Metrics {
  ndcg10: number;
  recall1: number;
  recall5: number;
  recall10: number;
  recall100: number;
  mrr10: number;
}

/** Query id → document ids, best first. */
export type Run = ReadonlyMap<string, readonly string[]>;

export function scoreRun(run: Run, qrels: Qrels): Metrics {
  const sum: Metrics = { ndcg10: 0, recall1: 0, recall5: 0, recall10: 0, recall100: 0, mrr10: 0 };
  for (const [qid, relevant] of qrels) {
    const ranked = run.get(qid) ?? [];
    sum.ndcg10 += ndcgAt(10, ranked, relevant);
    sum.recall1 += recallAt(1, ranked, relevant);
    sum.recall5 += recallAt(5, ranked, relevant);
    sum.recall10 += recallAt(10, ranked, relevant);
    sum.recall100 += recallAt(100, ranked, relevant);
    sum.mrr10 += reciprocalRankAt(10, ranked, relevant);
  }
  const n = qrels.size;
  const mean = (x: number) => (n > 0 ? x / n : 0);
  return {
    ndcg10: mean(sum.ndcg10),
    recall1: mean(sum.recall1),
    recall5: mean(sum.recall5),
    recall10: mean(sum.recall10),
    recall100: mean(sum.recall100),
    mrr10: mean(sum.mrr10),
  };
}
