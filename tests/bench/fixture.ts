/** A small, hand-made BenchResults for testing the report and goal helpers (numbers are illustrative only). */
import type { BenchResults } from "../../src/bench/results.js";

const timed = (durationMs: number, embedded: number, reused: number) => ({
  durationMs,
  phases: {
    "corpus-loaded": 100,
    "model-loaded": 600,
    chunked: 900,
    embedded: 900 + embedded * 30,
    "lexical-written": durationMs - 300,
    "vectors-written": durationMs - 100,
    published: durationMs,
  },
  summary: {
    articles: 10,
    chunks: 30,
    embedded,
    reused,
    removed: 0,
    mode: "hybrid" as const,
    model: "m",
    durationMs,
    skipped: 0,
  },
});

export function sampleResults(): BenchResults {
  return {
    formatVersion: 1,
    generatedAt: "2026-01-01T00:00:00.000Z",
    mode: "full",
    durationMs: 60_000,
    machine: {
      cpuModel: "Test CPU",
      cores: 2,
      memoryGiB: 8,
      node: "v20.0.0",
      platform: "Linux",
      onnxruntime: "1.0.0",
      transformers: "4.0.0",
      hnswlib: "3.0.0",
      loadAverage: [1, 1, 1],
    },
    settings: {
      model: "m",
      dtype: "q8",
      batchSize: 4,
      threads: 0,
      chunkMaxTokens: 200,
      hnsw: { M: 32, efConstruction: 500, efSearch: 1024 },
    },
    goals: [],
    embedding: {
      sampleChunks: 100,
      tuningChunks: 16,
      tuning: [
        { threads: 2, spinning: false, batchSize: 4, chunksPerSec: 40, perRound: [40], paddingShare: 0.05 },
        { threads: 2, spinning: true, batchSize: 4, chunksPerSec: 20, perRound: [20], paddingShare: 0.05 },
      ],
      best: { threads: 2, spinning: false, batchSize: 4, chunksPerSec: 40, perRound: [40], paddingShare: 0.05 },
      efficiency: {
        batchSize: 4,
        threads: 0,
        chunks: 32,
        pipelineChunksPerSec: 38,
        rawChunksPerSec: 40,
        ratio: 0.95,
        perRoundRatio: [0.95],
      },
    },
    build: {
      dataset: "BBC",
      articles: 10,
      chunks: 30,
      full: timed(10_000, 30, 0),
      embedChunksPerSec: 33,
      incremental: { runs: [timed(400, 3, 27)], medianMs: 400, ratioToFull: 0.04 },
    },
    hnsw: {
      derivation: {
        method: "residual mixtures",
        seeds: 100,
        neighbourCosine: 0.43,
        realPairCosine: 0.999,
        derivedPairCosine: Number.NaN,
        docResidualNorm: 0.03,
        queryResidualNorm: 0.08,
        check: {
          size: 100,
          M: 16,
          efConstruction: 200,
          points: [{ ef: 64, real: 0.8, derived: 0.82, documentQueries: 0.97 }],
        },
      },
      queries: 50,
      scales: [
        {
          size: 20_000,
          dimension: 384,
          queries: 50,
          k: 10,
          exact: { cppMedianMs: 3, jsMedianMs: 10 },
          builds: [{ M: 32, efConstruction: 500, buildMs: 20_000 }],
          points: [
            { M: 32, efConstruction: 500, ef: 256, recall: 0.96, medianMs: 1, p95Ms: 1.5, timeVsExact: 0.33 },
            { M: 32, efConstruction: 500, ef: 1024, recall: 0.995, medianMs: 2, p95Ms: 2.5, timeVsExact: 0.67 },
          ],
        },
      ],
      chosen: [
        {
          size: 20_000,
          point: { M: 32, efConstruction: 500, ef: 1024, recall: 0.995, medianMs: 2, p95Ms: 2.5, timeVsExact: 0.67 },
          meetsGoal: false,
        },
      ],
      builds: [
        {
          size: 20_000,
          ef: 128,
          k: 50,
          queries: 400,
          installed: { build: "portable", ms: { p50: 0.9, p95: 1.2 } },
          other: { build: "native (-O3 -march=native)", ms: { p50: 0.5, p95: 0.7 } },
          nativeSpeedup: 1.8,
          sharedResults: 0.995,
        },
      ],
    },
    lexical: {
      dataset: "Reuters",
      articles: 1000,
      chunks: 1500,
      builds: [timed(3000, 0, 0)],
      buildMedianMs: 3000,
      questions: 20,
      ask: { p50: 2, p95: 5 },
      search: { p50: 1, p95: 3 },
      answered: 18,
    },
    scale: {
      runs: [
        {
          targetChunks: 20_000,
          chunks: 20_010,
          articles: 9_000,
          passes: 1,
          build: timed(50_000, 20_010, 0),
          sizes: {
            chunks: 20_010,
            vectorBytes: 30e6,
            graphBytes: 5e6,
            textBytes: 20e6,
            rawBytes: 55e6,
            filesBytes: { "chunks.json": 25e6 },
          },
          latency: {
            chunks: 20_010,
            questions: 100,
            ask: { p50: 12, p95: 30 },
            search: { p50: 10, p95: 25 },
            embedQuery: { p50: 6, p95: 9 },
            forward: { p50: 5.5, p95: 8 },
            forwardByThreads: [
              { threads: 1, forward: { p50: 5.5, p95: 8 } },
              { threads: 2, forward: { p50: 7.25, p95: 9 } },
            ],
            bm25: { p50: 4, p95: 15 },
            hnsw: { p50: 1, p95: 2 },
            askVsForward: 12 / 5.5,
            answered: 90,
          },
          coldStart: { runs: [], firstAnswerMedianMs: 2500, exitMedianMs: 2700, maxRssMedianBytes: 800e6 },
        },
      ],
    },
  };
}
