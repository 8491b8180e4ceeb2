/** The shape of bench/results.json: every figure of one `npm run bench` run, with the machine it ran on. */
import type { BuildTimeResult, TimedBuild } from "./build-time.js";
import type { ColdStartResult } from "./cold-start.js";
import type { EfficiencyResult } from "./embed-efficiency.js";
import type { TuningPoint } from "./embed-tuning.js";
import type { HnswScaleResult, SweepPoint } from "./hnsw-recall.js";
import type { HnswlibBuildComparison } from "./hnswlib-builds.js";
import type { IndexSizes } from "./index-sizes.js";
import type { LexicalScaleResult } from "./lexical-scale.js";
import type { MachineInfo } from "./machine.js";
import type { QueryLatencyResult } from "./query-latency.js";

export interface Goal {
  id: string;
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface DerivationStats {
  method: string;
  seeds: number;
  /** Target residual cosine (mean nearest-neighbour residual cosine of the real embeddings). */
  neighbourCosine: number;
  /** Mean cosine of random pairs: real embeddings vs derived ones. */
  realPairCosine: number;
  derivedPairCosine: number;
  /** Median residual length (distance from the documents' mean) of documents and of real query embeddings. */
  docResidualNorm: number;
  queryResidualNorm: number;
  /**
   * recall@10 at equal size and settings: real vs derived vectors with real queries (the check that derived
   * vectors are as hard as real ones), and real vectors queried with held-out document vectors.
   */
  check?: {
    size: number;
    M: number;
    efConstruction: number;
    points: { ef: number; real: number; derived: number; documentQueries: number }[];
  };
}

export interface ScaleRun {
  targetChunks: number;
  chunks: number;
  articles: number;
  /** Times the dataset articles were reused under new ids to reach the size (1 = none). */
  passes: number;
  /** Index build with derived vectors (no model time): chunking, BM25, HNSW, files. */
  build: TimedBuild;
  sizes: IndexSizes;
  latency?: QueryLatencyResult;
  coldStart?: ColdStartResult;
}

export interface BenchResults {
  formatVersion: 1;
  generatedAt: string;
  mode: "full" | "quick";
  durationMs: number;
  machine: MachineInfo;
  settings: {
    model: string;
    /** Trained or random weights (absent in results from before the bench measured the real model: random). */
    weights?: "real" | "random";
    /** Transformer layers of the model (from its config.json). */
    layers?: number;
    /** How token vectors become one embedding, and the text put before every question ("" = none). */
    pooling?: "cls" | "mean";
    queryPrefix?: string;
    dtype: string;
    batchSize: number;
    threads: number;
    /** QUERY_ONNX_THREADS (absent in results from before it existed). */
    queryThreads?: number;
    chunkMaxTokens: number;
    hnsw: { M: number; efConstruction: number; efSearch: number };
  };
  goals: Goal[];
  /** Sections carried over from an earlier run (`--merge`), with when that run was made. */
  carriedOver?: {
    section: string;
    generatedAt: string;
    /** The settings of the run that measured it, when its model differs from this run's. */
    measuredWith?: BenchResults["settings"];
  }[];
  embedding?: {
    /** Chunks of the dataset sample the texts were drawn from. */
    sampleChunks: number;
    tuningChunks: number;
    tuning: TuningPoint[];
    best: TuningPoint;
    efficiency: EfficiencyResult;
  };
  build?: BuildTimeResult & { dataset: string };
  hnsw?: {
    derivation: DerivationStats;
    queries: number;
    scales: HnswScaleResult[];
    chosen: { size: number; point: SweepPoint; meetsGoal: boolean }[];
    /** The same graphs queried with held-out passages (document embeddings, no query instruction). */
    documentQueries?: number;
    documentScales?: HnswScaleResult[];
    documentChosen?: { size: number; point: SweepPoint; meetsGoal: boolean }[];
    /** The product's graphs searched with the portable and the native hnswlib-node build, in the same run. */
    builds?: HnswlibBuildComparison[];
  };
  scale?: { baseline?: { coldStart: ColdStartResult; sizes: IndexSizes }; runs: ScaleRun[] };
  lexical?: LexicalScaleResult & { dataset: string };
}

/** The bench's steps, in running order; each writes the section of the same name. */
export const STEPS = ["embedding", "build", "scale", "hnsw", "lexical"] as const;
export type Step = (typeof STEPS)[number];

/** The run the cold-start goal is about: the first one of at least 20,000 chunks, else any with a cold start. */
export function coldStartRun(r: BenchResults): ScaleRun | undefined {
  const runs = r.scale?.runs ?? [];
  return runs.find((x) => x.coldStart && x.targetChunks >= 20_000) ?? runs.find((x) => x.coldStart);
}

/** The build of median duration among `runs` (the incremental rebuild the report and the chart show). */
export function medianRun<T extends { durationMs: number }>(runs: readonly T[]): T | undefined {
  return [...runs].sort((a, b) => a.durationMs - b.durationMs)[Math.floor(runs.length / 2)];
}

/** The candidate with the highest median throughput (measured without contention). */
export function pickBest<T extends { chunksPerSec: number; contended?: boolean }>(points: readonly T[]): T | undefined {
  return points.filter((p) => !p.contended).sort((a, b) => b.chunksPerSec - a.chunksPerSec)[0];
}
