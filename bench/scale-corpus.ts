/**
 * Corpora of a chosen size in chunks, made of real articles. When the datasets run out (BBC + Reuters give about
 * 35k chunks), articles are reused under new ids (`<id>.copyN`), so the lexical index sees repeated texts: enough
 * for timing and memory, not for judging ranking.
 */
import type { JsonlArticle } from "./datasets.js";

export interface SizedCorpus {
  articles: JsonlArticle[];
  /** Chunks the corpus will produce (from the per-article counts given). */
  chunks: number;
  /** How many times the source list was walked (1 = no copies). */
  passes: number;
}

/**
 * Walk `sources` (cycling, with fresh ids after the first pass) until the chunk total reaches `target`.
 * `chunkCount(article)` must give the number of chunks quotebot's chunker makes for it.
 */
export function corpusOfSize(
  sources: readonly JsonlArticle[],
  chunkCount: (a: JsonlArticle) => number,
  target: number,
): SizedCorpus {
  const articles: JsonlArticle[] = [];
  let chunks = 0;
  let pass = 0;
  if (sources.length === 0) return { articles, chunks, passes: 0 };
  while (chunks < target) {
    pass++;
    let added = 0;
    for (const a of sources) {
      if (chunks >= target) break;
      const n = chunkCount(a);
      if (n === 0) continue;
      articles.push(pass === 1 ? a : { ...a, id: `${a.id}.copy${pass}` });
      chunks += n;
      added++;
    }
    if (added === 0) break;
  }
  return { articles, chunks, passes: pass };
}
