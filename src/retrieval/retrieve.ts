/**
 * Retrieval: the lexical (BM25) and dense (HNSW) rankings of chunks, fused in hybrid mode, BM25 alone in lexical
 * mode. Each passage also gets its question coverage, the evidence used to decide whether to answer at all.
 */
import type { Embedder } from "../indexing/embedder.js";
import type { LexicalHit } from "../indexing/lexical-store.js";
import { citation, type LoadedIndex } from "../indexing/load-index.js";
import type { Passage } from "../types.js";
import { type Fused, type FusionMethod, fuse } from "./fuse.js";
import { rerankBySentence } from "./sentence-rerank.js";
import type { SentenceTerms } from "./sentence-terms.js";
import { type QuoteScorer, weightedCoverage } from "./term-match.js";

/** How deep each ranking goes before fusion. */
export const CANDIDATES = 50;

export type RetrievalMode = "lexical" | "dense" | "hybrid";

export interface RetrieveOptions {
  k: number;
  /** Query embedder; omit for lexical retrieval. */
  embedder?: Embedder;
  /** Rankings to use (default: hybrid when an embedder and vectors are available, else lexical). */
  mode?: RetrievalMode;
  /** How to fuse in hybrid mode (default: reciprocal rank fusion). */
  fusion?: FusionMethod;
  /** Convex fusion's dense weight (evaluation); default DENSE_WEIGHT. */
  denseWeight?: number;
  /** The best sentence's weight in reranking the first candidates (evaluation); default SENTENCE_WEIGHT, 0: off. */
  sentenceWeight?: number;
  /** The question's memo of analyzed sentences, shared with quote selection (default: a fresh one). */
  sentenceTerms?: SentenceTerms;
  /**
   * Work on the keyword hits while the question is being embedded on the embedder's thread (this one would wait
   * idle). `stop` is aborted when the vector arrives (or fails): the work must check it and yield between steps.
   */
  whileEmbedding?: (lexicalHits: readonly LexicalHit[], stop: AbortSignal) => Promise<unknown>;
}

export async function retrieve(
  index: LoadedIndex,
  query: string,
  queryTerms: readonly string[],
  options: RetrieveOptions,
): Promise<Passage[]> {
  const canEmbed = options.embedder !== undefined && index.vectors !== undefined;
  const mode = options.mode ?? (canEmbed ? "hybrid" : "lexical");
  if (mode !== "lexical" && !canEmbed) throw new Error(`${mode} retrieval needs an embedder and a hybrid index`);
  const depth = Math.max(CANDIDATES, options.k);
  // The question is embedded (on the embedder's thread) while BM25 runs here.
  const embedding = mode === "lexical" ? undefined : options.embedder!.embedQuery(query);
  embedding?.catch(() => undefined); // awaited below; this only stops a rejection counting as unhandled meanwhile
  const lexicalHits: LexicalHit[] = mode === "dense" ? [] : index.lexical.search(query, depth);
  if (embedding && options.whileEmbedding) {
    const stop = new AbortController();
    embedding.then(
      () => stop.abort(),
      () => stop.abort(),
    );
    // Best effort: whatever it fails to do is done again, and reported, when it is needed.
    options.whileEmbedding(lexicalHits, stop.signal).catch(() => undefined);
  }
  const denseHits = embedding ? index.vectors!.search(await embedding, depth) : [];
  const fused: Fused[] =
    mode === "lexical"
      ? scaleToTop(lexicalHits)
      : mode === "dense"
        ? denseHits.map((h) => ({ label: h.label, score: Math.max(0, h.similarity) }))
        : fuse(
            lexicalHits,
            denseHits.map((h) => ({ label: h.label, score: h.similarity })),
            options.fusion,
            options.denseWeight,
          );

  // Dense mode stays the model's own ranking (it is measured against the model's published score).
  const ranked =
    mode === "dense"
      ? fused
      : rerankBySentence(
          fused,
          (label) => index.store.chunks[label]!,
          queryTerms,
          indexScorer(index),
          options.sentenceWeight,
          options.sentenceTerms,
        );

  const lexical = new Map(lexicalHits.map((h, i) => [h.label, { rank: i + 1, matched: h.matched }]));
  const dense = new Map(denseHits.map((h, i) => [h.label, { rank: i + 1, similarity: h.similarity }]));
  return ranked.slice(0, options.k).map(({ label, score }) => {
    const chunk = index.store.chunks[label]!;
    const stored = index.articlesById.get(chunk.articleId)!;
    const lex = lexical.get(label);
    // BM25 already knows which question terms a chunk matched; for dense-only hits the postings tell.
    const terms = lex ? new Set(lex.matched) : index.lexical.termsIn(label, queryTerms);
    const passage: Passage = {
      chunk,
      article: citation(stored),
      score,
      coverage: coverage(index, queryTerms, terms),
    };
    if (lex) passage.lexicalRank = lex.rank;
    const d = dense.get(label);
    if (d) {
      passage.denseRank = d.rank;
      passage.denseSimilarity = d.similarity;
    }
    return passage;
  });
}

/** Question words weighed by this index's IDF, knowing which words the corpus has: for coverage and quoting. */
export function indexScorer(index: LoadedIndex): QuoteScorer {
  return { weight: (t) => index.lexical.idf(t), known: (t) => index.lexical.has(t) };
}

/** How much of the question `terms` cover, weighted by this index's IDF: a passage's `coverage`. */
export function coverage(index: LoadedIndex, queryTerms: readonly string[], terms: ReadonlySet<string>): number {
  const { weight, known } = indexScorer(index);
  return weightedCoverage(queryTerms, terms, weight, known);
}

/** BM25 scores relative to the best hit, so lexical scores read on the same [0, 1] scale as fused ones. */
function scaleToTop(hits: readonly LexicalHit[]): Fused[] {
  const top = hits[0]?.score ?? 0;
  return hits.map((h) => ({ label: h.label, score: top > 0 ? h.score / top : 0 }));
}
