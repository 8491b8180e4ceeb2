/**
 * Warm query latency through the Engine (ask: validate → BM25 ∥ HNSW → fuse → quote; search: the same without
 * quoting), with the query embedding's own forward pass beside it: a bare ONNX Runtime run of the same query's
 * tokens on the same model and settings. Each question goes through all four in turn, so load from other
 * processes falls on all of them alike.
 */
import type { Config } from "../src/config.js";
import { Engine } from "../src/engine.js";
import { QuotebotError } from "../src/errors.js";
import { createEmbedder } from "../src/indexing/embedder.js";
import { loadTokenizer } from "../src/indexing/model.js";
import type { Logger } from "../src/log.js";
import { CANDIDATES } from "../src/retrieval/retrieve.js";
import { createRawSession, loadOrt, tokenizeBatch } from "./raw-onnx.js";
import { type LatencyStats, percentile, latencyStats as stats } from "./stats.js";

export interface QueryLatencyResult {
  chunks: number;
  questions: number;
  /** Engine.ask end to end, ms. */
  ask: LatencyStats;
  /** Engine.search (no quoting), ms. */
  search: LatencyStats;
  /** Embedder.embedQuery (tokenise + forward + pool), ms. */
  embedQuery: LatencyStats;
  /** Bare ONNX Runtime forward pass of the query, with the query embedder's settings (QUERY_ONNX_THREADS), ms. */
  forward: LatencyStats;
  /** The same forward pass with other thread counts, measured in the same loop (how QUERY_ONNX_THREADS is chosen). */
  forwardByThreads?: { threads: number; forward: LatencyStats }[];
  /** The two searches inside retrieval on their own: BM25 and HNSW, at retrieval's depth, ms. */
  bm25: LatencyStats;
  hnsw: LatencyStats;
  /** ask p50 / forward p50 over every round's samples (goal ≤ 1.3). */
  askVsForward: number;
  /** The same ratio per round: the run-to-run spread on a shared machine. */
  askVsForwardByRound?: number[];
  /** Passes over the questions; every latency above pools all of them. */
  rounds?: number;
  answered: number;
}

/** Thread counts the query's forward pass is also timed with (0 = ONNX Runtime's default, one per core). */
const COMPARED_THREADS = [1, 2];

export async function measureQueryLatency(
  config: Config,
  folder: string,
  questions: readonly string[],
  options: { warmup: number; log: Logger; rounds?: number },
): Promise<QueryLatencyResult> {
  const engine = await Engine.open(config, { log: options.log, folder });
  // The query embedder's own settings: the Engine's embedding thread runs with these.
  const queryEmbedding = { ...config.embedding, threads: config.embedding.queryThreads };
  const embedder = await createEmbedder(queryEmbedding);
  if (embedder instanceof QuotebotError) throw embedder;
  const ort = loadOrt();
  const tokenizer = await loadTokenizer(config.embedding);
  const threadCounts = [...new Set([queryEmbedding.threads, ...COMPARED_THREADS])];
  const sessions = await Promise.all(
    threadCounts.map((threads) => createRawSession(ort, config.embedding, { threads, spinning: false })),
  );
  const raw = sessions[0]!;
  try {
    const feeds = questions.map(
      (q) => tokenizeBatch(ort, tokenizer, [config.embedding.queryPrefix + q], raw.inputNames).feeds,
    );
    for (let i = 0; i < Math.min(options.warmup, questions.length); i++) {
      await engine.ask(questions[i]!);
      for (const session of sessions) await session.run(feeds[i]!);
      await embedder.embedQuery(questions[i]!);
    }
    const others = sessions.slice(1).map(() => [] as number[]);
    const ask: number[] = [];
    const search: number[] = [];
    const embed: number[] = [];
    const forward: number[] = [];
    const bm25: number[] = [];
    const hnsw: number[] = [];
    let answered = 0;
    const byRound: number[] = [];
    const rounds = Math.max(1, options.rounds ?? 1);
    for (let round = 0; round < rounds; round++) {
      const askFrom = ask.length;
      const forwardFrom = forward.length;
      for (const [i, q] of questions.entries()) {
        let t0 = performance.now();
        await raw.run(feeds[i]!);
        forward.push(performance.now() - t0);
        for (const [j, session] of sessions.slice(1).entries()) {
          t0 = performance.now();
          await session.run(feeds[i]!);
          others[j]!.push(performance.now() - t0);
        }
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
        if (round === 0 && answer.answered) answered++;
        t0 = performance.now();
        await engine.search(q, config.retrieval.topK);
        search.push(performance.now() - t0);
      }
      byRound.push(percentile(ask.slice(askFrom), 50) / percentile(forward.slice(forwardFrom), 50));
    }
    const result = {
      chunks: engine.index.store.chunks.length,
      questions: questions.length,
      ask: stats(ask),
      search: stats(search),
      embedQuery: stats(embed),
      forward: stats(forward),
      forwardByThreads: [
        { threads: threadCounts[0]!, forward: stats(forward) },
        ...others.map((times, j) => ({ threads: threadCounts[j + 1]!, forward: stats(times) })),
      ],
      bm25: stats(bm25),
      hnsw: stats(hnsw),
      askVsForward: percentile(ask, 50) / percentile(forward, 50),
      askVsForwardByRound: byRound,
      rounds,
      answered,
    };
    return result;
  } finally {
    for (const session of sessions) await session.release();
    await embedder.dispose();
    await engine.close();
  }
}
