/** How much work each bench mode does. `quick` is a smoke test of every step in a few minutes. */
import { DEFAULT_HNSW } from "../src/indexing/vector-store.js";
import type { TuningCandidate } from "./embed-tuning.js";
import type { GraphParams } from "./hnsw-recall.js";

export interface BenchProfile {
  name: "full" | "quick";
  tuning: { texts: number; rounds: number; slice: number; candidates: TuningCandidate[] };
  efficiency: { texts: number; rounds: number };
  /** BBC articles for the build step (Infinity = all 2,225). */
  build: { articles: number; incrementalRuns: number };
  hnsw: {
    queries: number;
    scales: { size: number; grid: GraphParams[]; efs: number[] }[];
    /** Compare real and derived vectors at the real set's size. */
    check: { M: number; efConstruction: number; efs: number[] };
  };
  scale: {
    sizes: number[];
    questions: number;
    warmup: number;
    /** Passes over the questions for warm latency (samples pooled; each pass's ratio reported as the spread). */
    latencyRounds: number;
    coldRuns: number;
    baselineColdRuns: number;
  };
  lexical: { articles: number; builds: number; questions: number };
}

/** The graph the product builds; at sizes the scale step indexes, the bench measures that very graph. */
const DEFAULT_GRAPH: GraphParams = { M: DEFAULT_HNSW.M, efConstruction: DEFAULT_HNSW.efConstruction };

function uniqueGraphs(graphs: GraphParams[]): GraphParams[] {
  return graphs.filter((g, i) => graphs.findIndex((h) => h.M === g.M && h.efConstruction === g.efConstruction) === i);
}

const candidates = (threads: number[], batchSizes: number[], spinning: boolean, contended = false): TuningCandidate[] =>
  threads.flatMap((t) => batchSizes.map((batchSize) => ({ threads: t, spinning, batchSize, contended })));

export const FULL: BenchProfile = {
  name: "full",
  tuning: {
    texts: 128,
    rounds: 2,
    slice: 32,
    candidates: [
      ...candidates([1, 2], [1, 2, 4, 8, 16, 32], false),
      ...candidates([2], [1, 4, 32], true),
      // A shared machine: the same settings while another thread keeps one core busy.
      ...candidates([2], [4], false, true),
      ...candidates([2], [4], true, true),
      ...candidates([1], [4], false, true),
    ],
  },
  efficiency: { texts: 512, rounds: 3 },
  build: { articles: Number.POSITIVE_INFINITY, incrementalRuns: 3 },
  hnsw: {
    queries: 200,
    scales: [
      {
        size: 20_000,
        efs: [16, 32, 64, 96, 128, 256, 512, 1024],
        grid: uniqueGraphs([
          DEFAULT_GRAPH,
          { M: 16, efConstruction: 200 },
          { M: 32, efConstruction: 200 },
          { M: 32, efConstruction: 500 },
        ]),
      },
      // Graph builds at 100k take minutes each on one core: measure the product's own graph from the scale step.
      { size: 100_000, grid: [DEFAULT_GRAPH], efs: [32, 64, 96, 128, 192, 256, 512, 1024] },
    ],
    check: { M: 16, efConstruction: 200, efs: [32, 64, 128, 256] },
  },
  scale: { sizes: [20_000, 100_000], questions: 200, warmup: 10, latencyRounds: 3, coldRuns: 5, baselineColdRuns: 3 },
  lexical: { articles: Number.POSITIVE_INFINITY, builds: 3, questions: 200 },
};

export const QUICK: BenchProfile = {
  name: "quick",
  tuning: {
    texts: 16,
    rounds: 1,
    slice: 8,
    candidates: [
      ...candidates([1, 2], [1, 4], false),
      ...candidates([2], [4], true),
      ...candidates([2], [4], false, true),
      ...candidates([2], [4], true, true),
    ],
  },
  efficiency: { texts: 32, rounds: 2 },
  build: { articles: 60, incrementalRuns: 2 },
  hnsw: {
    queries: 40,
    scales: [
      { size: 2_000, grid: uniqueGraphs([DEFAULT_GRAPH, { M: 8, efConstruction: 100 }]), efs: [32, 128, 512] },
      { size: 5_000, grid: [DEFAULT_GRAPH], efs: [32, 128, 512, 1024] },
    ],
    check: { M: 16, efConstruction: 100, efs: [32, 128] },
  },
  scale: { sizes: [2_000, 5_000], questions: 20, warmup: 3, latencyRounds: 1, coldRuns: 2, baselineColdRuns: 1 },
  lexical: { articles: 1_500, builds: 1, questions: 20 },
};
