/**
 * Lexical-only mode (no model: offline, or the model failed to load) at Reuters-21578 scale: build time and warm
 * query latency through the Engine with BM25 alone.
 */

import type { Config } from "../src/config.js";
import { Engine } from "../src/engine.js";
import { removeIndex } from "../src/indexing/index-dir.js";
import type { Logger } from "../src/log.js";
import { type TimedBuild, timedBuild } from "./build-time.js";
import { type JsonlArticle, writeCorpus } from "./datasets.js";
import { type LatencyStats, latencyStats, median } from "./stats.js";

export interface LexicalScaleResult {
  articles: number;
  chunks: number;
  builds: TimedBuild[];
  buildMedianMs: number;
  questions: number;
  ask: LatencyStats;
  search: LatencyStats;
  answered: number;
}

export async function measureLexicalScale(
  config: Config,
  articles: readonly JsonlArticle[],
  questions: readonly string[],
  options: { builds: number; warmup: number; log: Logger },
): Promise<LexicalScaleResult> {
  await writeCorpus(config.corpusDir, "articles.jsonl", articles);
  const builds: TimedBuild[] = [];
  for (let i = 0; i < options.builds; i++) {
    // A fresh index folder each time: a second build into the same one would be incremental.
    await removeIndex(config.indexDir);
    builds.push(await timedBuild(config, null));
  }
  const engine = await Engine.open(config, { log: options.log, embedder: null });
  try {
    for (const q of questions.slice(0, options.warmup)) await engine.ask(q);
    const ask: number[] = [];
    const search: number[] = [];
    let answered = 0;
    for (const q of questions) {
      let t0 = performance.now();
      const a = await engine.ask(q);
      ask.push(performance.now() - t0);
      if (a.answered) answered++;
      t0 = performance.now();
      await engine.search(q, config.retrieval.topK);
      search.push(performance.now() - t0);
    }
    return {
      articles: builds[0]?.summary.articles ?? 0,
      chunks: builds[0]?.summary.chunks ?? 0,
      builds,
      buildMedianMs: median(builds.map((b) => b.durationMs)),
      questions: questions.length,
      ask: latencyStats(ask),
      search: latencyStats(search),
      answered,
    };
  } finally {
    await engine.close();
  }
}
