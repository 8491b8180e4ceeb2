/**
 * Run every judged query through the project's own retrieval (question validation, then `retrieve` on the loaded
 * index) and score the document rankings. Queries per second covers validation, retrieval and ranking.
 */
import type { Engine } from "../engine.js";
import type { Embedder } from "../indexing/embedder.js";
import type { FusionMethod } from "../retrieval/fuse.js";
import { type RetrievalMode, retrieve } from "../retrieval/retrieve.js";
import { validateQuestion } from "../retrieval/validate-question.js";
import { docRanking } from "./doc-ranking.js";
import type { BeirQuery, Qrels } from "./load-beir.js";
import { type Metrics, scoreRun } from "./score-run.js";

export interface EvalResult extends Metrics {
  dataset: string;
  mode: RetrievalMode;
  queries: number;
  qps: number;
}

export interface RunEvalOptions {
  dataset: string;
  mode: RetrievalMode;
  fusion?: FusionMethod;
  denseWeight?: number;
  /** The best sentence's weight in reranking (tuning); default SENTENCE_WEIGHT. */
  sentenceWeight?: number;
  embedder?: Embedder;
  /** BEIR document id of an indexed article. */
  docOf(articleId: string): string | undefined;
  /** Documents ranked per query (Recall@100 needs 100). */
  depth?: number;
}

export async function runEval(
  engine: Engine,
  queries: readonly BeirQuery[],
  qrels: Qrels,
  options: RunEvalOptions,
): Promise<EvalResult> {
  const depth = options.depth ?? 100;
  const { index } = engine;
  // Chunks of one document compete for places: fetch enough chunks to fill `depth` distinct documents.
  const articles = Math.max(1, index.store.articles.length);
  const chunksPerDoc = Math.ceil(index.store.chunks.length / articles);
  const k = depth * Math.max(1, chunksPerDoc) * (chunksPerDoc > 1 ? 2 : 1);
  const run = new Map<string, string[]>();
  const started = performance.now();
  for (const q of queries) {
    const valid = validateQuestion(q.text, Number.MAX_SAFE_INTEGER);
    // A query with no searchable words retrieves nothing; it still counts (as 0) in every metric.
    if (!valid.ok) continue;
    const passages = await retrieve(index, valid.value.text, valid.value.terms, {
      k,
      embedder: options.embedder,
      mode: options.mode,
      fusion: options.fusion,
      denseWeight: options.denseWeight,
      sentenceWeight: options.sentenceWeight,
    });
    run.set(
      q.id,
      docRanking(
        passages.map((p) => p.chunk.articleId),
        options.docOf,
        depth,
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    dataset: options.dataset,
    mode: options.mode,
    queries: qrels.size,
    ...scoreRun(run, qrels),
    qps: seconds > 0 ? queries.length / seconds : 0,
  };
}
