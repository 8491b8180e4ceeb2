/**
 * Full index build (real embedding model) and incremental rebuilds after changing one article. The phases come
 * from buildIndex's own onPhase hook, so the embedding share of the build is measured, not estimated.
 */

import type { Config } from "../src/config.js";
import { type BuildSummary, buildIndex } from "../src/indexing/build-index.js";
import { removeIndex } from "../src/indexing/index-dir.js";
import { silentLogger } from "../src/log.js";
import { type JsonlArticle, writeCorpus } from "./datasets.js";
import { median } from "./stats.js";

export interface TimedBuild {
  durationMs: number;
  /** Milliseconds from the build's start to the end of each phase. */
  phases: Record<string, number>;
  summary: Omit<BuildSummary, "folder" | "warnings" | "skipped"> & { skipped: number };
}

export async function timedBuild(
  config: Config,
  embedder?: Parameters<typeof buildIndex>[0]["embedder"],
): Promise<TimedBuild> {
  const phases: Record<string, number> = {};
  const t0 = performance.now();
  const summary = await buildIndex({
    config,
    log: silentLogger,
    ...(embedder !== undefined ? { embedder } : {}),
    onPhase: (name) => {
      phases[name] = performance.now() - t0;
    },
  });
  const durationMs = performance.now() - t0;
  const { folder: _f, warnings: _w, skipped, ...rest } = summary;
  return { durationMs, phases, summary: { ...rest, skipped: skipped.length } };
}

export interface BuildTimeResult {
  articles: number;
  chunks: number;
  full: TimedBuild;
  /** Chunks per second in the full build's embedding phase (between the "chunked" and "embedded" phases). */
  embedChunksPerSec: number;
  incremental: { runs: TimedBuild[]; medianMs: number; ratioToFull: number };
}

const CHANGE = " This sentence was added by the benchmark to change one article.";

export async function measureBuildTime(
  config: Config,
  articles: readonly JsonlArticle[],
  incrementalRuns: number,
): Promise<BuildTimeResult> {
  await removeIndex(config.indexDir);
  const corpus = [...articles];
  await writeCorpus(config.corpusDir, "articles.jsonl", corpus);
  const full = await timedBuild(config);
  const embedMs = (full.phases.embedded ?? 0) - (full.phases.chunked ?? 0);
  const runs: TimedBuild[] = [];
  for (let i = 0; i < incrementalRuns; i++) {
    // A different article each time, spread over the corpus.
    const at = Math.floor(((i + 0.5) * corpus.length) / incrementalRuns);
    const a = corpus[at]!;
    corpus[at] = { ...a, text: a.text + CHANGE };
    await writeCorpus(config.corpusDir, "articles.jsonl", corpus);
    runs.push(await timedBuild(config));
  }
  const medianMs = median(runs.map((r) => r.durationMs));
  return {
    articles: full.summary.articles,
    chunks: full.summary.chunks,
    full,
    embedChunksPerSec: embedMs > 0 ? (full.summary.embedded / embedMs) * 1000 : Number.NaN,
    incremental: { runs, medianMs, ratioToFull: medianMs / full.durationMs },
  };
}
