/**
 * Warm query latency through the Engine (ask: validate → BM25 ∥ HNSW → fuse → quote; search: the same without
 * quoting), with the query embedding's own forward pass beside it: a bare ONNX Runtime run of the same query's
 * tokens on the same model and settings. Each question goes through all four in turn, so load from other
 * processes falls on all of them alike.
 */
import type { Config } from "../config.js";
import { Engine } from "../engine.js";
import { QuotebotError } from "../errors.js";
import { createEmbedder } from "../indexing/embedder.js";
import { loadTokenizer } from "../indexing/model.js";
import type { Logger } from "../log.js";
import { CANDIDATES } from "../retrieval/retrieve.js";
import { createRawSession, loadOrt, tokenizeBatch } from "./raw-onnx.js";
import { type LatencyStats, percentile, latencyStats as stats } from "./stats.js";

export type { LatencyStats };

export interface QueryLatencyResult {
  chunks: number;
  questions: number;
  /** Engine.ask end to end, ms. */
  ask: LatencyStats;
  /** Engine.search (no quoting), ms. */
  search: LatencyStats;
  /** Embedder.embedQuery (tokenise + forward + pool), ms. */
  embedQuery: LatencyStats;
  /** Bare ONNX Runtime forward pass of the query, ms. */
  forward: LatencyStats;
  /** The two searches inside retrieval on their own: BM25 and HNSW, at retrieval's depth, ms. */
  bm25: LatencyStats;
  hnsw: LatencyStats;
  /** ask p50 / forward p50 (goal ≤ 1.3). */
  askVsForward: number;
  answered: number;
}

export async function measureQueryLatency(
  config: Config,
  folder: string,
  questions: readonly string[],
  options: { warmup: number; log: Logger },
): Promise<QueryLatencyResult> {
  const engine = await Engine.open(config, { log: options.log, folder });
  const embedder = await createEmbedder(config.embedding);
  if (embedder instanceof QuotebotError) throw embedder;
  const ort = loadOrt();
  const tokenizer = await loadTokenizer(config.embedding);
  const raw = await createRawSession(ort, config.embedding, { threads: config.embedding.threads, spinning: false });
  try {
    const feeds = questions.map(
      (q) => tokenizeBatch(ort, tokenizer, [config.embedding.queryPrefix + q], raw.inputNames).feeds,
    );
    for (let i = 0; i < Math.min(options.warmup, questions.length); i++) {
      await engine.ask(questions[i]!);
      await raw.run(feeds[i]!);
      await embedder.embedQuery(questions[i]!);
    }
    const ask: number[] = [];
    const search: number[] = [];
    const embed: number[] = [];
    const forward: number[] = [];
    const bm25: number[] = [];
    const hnsw: number[] = [];
    let answered = 0;
    for (const [i, q] of questions.entries()) {
      let t0 = performance.now();
      await raw.run(feeds[i]!);
      forward.push(performance.now() - t0);
      t0 = performance.now();
      const vector = await embedder.embedQuery(q);
      embed.push(performance.now() - t0);
      t0 = performance.now();
      engine.index.lexical.search(q, CANDIDATES);
      bm25.push(performance.now() - t0);
      if (engine.index.vectors) {
        t0 = performance.now();
        engine.index.vectors.search(vector, CANDIDATES);
        hnsw.push(performance.now() - t0);
      }
      t0 = performance.now();
      const answer = await engine.ask(q);
      ask.push(performance.now() - t0);
      if (answer.answered) answered++;
      t0 = performance.now();
      await engine.search(q, config.retrieval.topK);
      search.push(performance.now() - t0);
    }
    const result = {
      chunks: engine.index.store.chunks.length,
      questions: questions.length,
      ask: stats(ask),
      search: stats(search),
      embedQuery: stats(embed),
      forward: stats(forward),
      bm25: stats(bm25),
      hnsw: stats(hnsw),
      askVsForward: percentile(ask, 50) / percentile(forward, 50),
      answered,
    };
    return result;
  } finally {
    await raw.release();
    await embedder.dispose();
    await engine.close();
  }
}
