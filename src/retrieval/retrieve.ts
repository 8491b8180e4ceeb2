/**
 * Retrieval: lexical (BM25) and dense (HNSW) rankings, fused with reciprocal rank fusion in hybrid mode, BM25 alone
 * in lexical mode. Each passage also gets its question coverage, the evidence used to decide whether to answer.
 */
import type { Embedder } from "../indexing/embedder.js";
import { citation, type LoadedIndex } from "../indexing/load-index.js";
import { analyze } from "../text/analyze.js";
import type { Passage } from "../types.js";
import { reciprocalRankFusion } from "./fuse.js";
import { weightedCoverage } from "./term-match.js";

/** How deep each ranking goes before fusion. */
export const CANDIDATES = 50;

export interface RetrieveOptions {
  k: number;
  /** Query embedder; omit for lexical retrieval. */
  embedder?: Embedder;
}

export async function retrieve(
  index: LoadedIndex,
  query: string,
  queryTerms: readonly string[],
  options: RetrieveOptions,
): Promise<Passage[]> {
  const depth = Math.max(CANDIDATES, options.k);
  const lexicalHits = index.lexical.search(query, depth);
  let denseHits: { label: number; similarity: number }[] = [];
  if (options.embedder && index.vectors) {
    const vector = await options.embedder.embedQuery(query);
    denseHits = index.vectors.search(vector, depth);
  }
  const fused =
    denseHits.length > 0 ? reciprocalRankFusion([lexicalHits, denseHits]) : reciprocalRankFusion([lexicalHits]);
  const lexicalRank = new Map(lexicalHits.map((h, i) => [h.label, i + 1]));
  const dense = new Map(denseHits.map((h, i) => [h.label, { rank: i + 1, similarity: h.similarity }]));
  const weight = (t: string) => index.lexical.idf(t);
  const known = (t: string) => index.lexical.has(t);
  return fused.slice(0, options.k).map(({ label, score }) => {
    const chunk = index.store.chunks[label]!;
    const stored = index.articlesById.get(chunk.articleId)!;
    const terms = new Set(analyze(`${stored.title}\n${chunk.text}`));
    const passage: Passage = {
      chunk,
      article: citation(stored),
      score,
      coverage: weightedCoverage(queryTerms, terms, weight, known),
    };
    const lr = lexicalRank.get(label);
    if (lr !== undefined) passage.lexicalRank = lr;
    const d = dense.get(label);
    if (d) {
      passage.denseRank = d.rank;
      passage.denseSimilarity = d.similarity;
    }
    return passage;
  });
}
