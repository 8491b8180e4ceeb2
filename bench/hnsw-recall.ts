/**
 * HNSW fidelity and speed: recall@k of hnswlib-node's HNSW against exact search over the same vectors, and its
 * query time against exact brute force, for a grid of M / efConstruction / ef. Exact brute force is timed two ways:
 * hnswlib-node's own C++ BruteforceSearch (same library, same distance code: the fair baseline) and a plain
 * TypeScript scan (which also gives the ground truth). Every query runs through all of them in turn, so machine
 * load falls on all alike.
 */
import { buildHnsw, HNSW_SPACE, hnswStore, loadHnswlib } from "../src/indexing/vector-store.js";
import { dot, exactTopK, packRows } from "./exact-search.js";
import { meanRecallAtK, type RecallInput } from "./recall.js";
import { median, percentile } from "./stats.js";

export interface GraphParams {
  M: number;
  efConstruction: number;
}

export interface GraphBuild extends GraphParams {
  buildMs: number;
}

export interface SweepPoint extends GraphParams {
  ef: number;
  recall: number;
  /** Median and p95 per query, ms. */
  medianMs: number;
  p95Ms: number;
  /** Median HNSW time / median C++ brute-force time. */
  timeVsExact: number;
}

export interface HnswScaleResult {
  size: number;
  dimension: number;
  queries: number;
  k: number;
  exact: { cppMedianMs: number; jsMedianMs: number };
  builds: GraphBuild[];
  points: SweepPoint[];
}

type Hnsw = ReturnType<typeof buildHnsw>;

export interface HnswSweepOptions {
  vectors: readonly Float32Array[];
  queries: readonly Float32Array[];
  grid: readonly GraphParams[];
  /** Graphs already built over `vectors` (e.g. the one an index build wrote), used instead of building them. */
  prebuilt?: readonly { params: GraphParams; index: Hnsw; buildMs: number }[];
  efs: readonly number[];
  k: number;
  /** Called after each graph is built (progress for long runs). */
  onBuild?: (b: GraphBuild) => void;
}

/** One query set's sweep over the grid. */
export function measureHnsw(options: HnswSweepOptions): HnswScaleResult {
  const { queries, ...rest } = options;
  return measureHnswSets({ ...rest, querySets: [queries] })[0]!;
}

/**
 * Sweeps for several query sets over the same vectors: the exact-search structures and the graphs are built once,
 * then each set is measured in turn. Results come in the order of `querySets`.
 */
export function measureHnswSets(
  options: Omit<HnswSweepOptions, "queries"> & { querySets: readonly (readonly Float32Array[])[] },
): HnswScaleResult[] {
  const { vectors, k } = options;
  const dim = vectors[0]!.length;
  const matrix = packRows(vectors, dim);
  const brute = new (loadHnswlib().BruteforceSearch)(HNSW_SPACE, dim);
  brute.initIndex(vectors.length);
  vectors.forEach((v, i) => {
    brute.addPoint(Array.from(v), i);
  });
  const builds: GraphBuild[] = [];
  const graphs = options.grid.map((params) => {
    const ready = options.prebuilt?.find(
      (p) => p.params.M === params.M && p.params.efConstruction === params.efConstruction,
    );
    if (ready) {
      builds.push({ ...params, buildMs: ready.buildMs });
      return { params, index: ready.index, store: hnswStore(ready.index, dim) };
    }
    const t0 = performance.now();
    // The product's own build path (same space, seed and insertion order as an index build).
    const index = buildHnsw(vectors as Float32Array[], dim, { ...params, efSearch: options.efs[0] ?? 10 });
    const build = { ...params, buildMs: performance.now() - t0 };
    builds.push(build);
    options.onBuild?.(build);
    return { params, index, store: hnswStore(index, dim) };
  });

  return options.querySets.map((queries) => {
    const cppMs: number[] = [];
    const jsMs: number[] = [];
    const cells = graphs.flatMap((g) =>
      options.efs.map((ef) => ({ g, ef, ms: [] as number[], recall: [] as RecallInput[] })),
    );
    for (const [qi, q] of queries.entries()) {
      let t0 = performance.now();
      brute.searchKnn(Array.from(q), k);
      cppMs.push(performance.now() - t0);
      t0 = performance.now();
      const exact = exactTopK(matrix, q, k);
      jsMs.push(performance.now() - t0);
      const exactSimilarities = exact.map((n) => n.similarity);
      // Rotate the order: the first search after the brute-force scans finds cold caches, and that cost should not
      // always fall on the same setting.
      for (let c = 0; c < cells.length; c++) {
        const cell = cells[(qi + c) % cells.length]!;
        cell.g.index.setEf(Math.max(cell.ef, k));
        t0 = performance.now();
        const hits = cell.g.store.search(q, k);
        cell.ms.push(performance.now() - t0);
        // Recompute similarities exactly (hnswlib's are float32 and include its own rounding).
        cell.recall.push({ exactSimilarities, approxSimilarities: hits.map((h) => dot(matrix, h.label, q)) });
      }
    }
    const cppMedian = median(cppMs);
    return {
      size: vectors.length,
      dimension: dim,
      queries: queries.length,
      k,
      exact: { cppMedianMs: cppMedian, jsMedianMs: median(jsMs) },
      builds,
      points: cells.map((c) => ({
        ...c.g.params,
        ef: c.ef,
        recall: meanRecallAtK(c.recall, k),
        medianMs: median(c.ms),
        p95Ms: percentile(c.ms, 95),
        timeVsExact: median(c.ms) / cppMedian,
      })),
    };
  });
}

/** The goal: recall@10 ≥ 0.99 at ≤ 1/20 of exact brute-force time. */
export const HNSW_GOAL = { minRecall: 0.99, maxTimeVsExact: 1 / 20 } as const;

const fastest = (ps: readonly SweepPoint[]) => [...ps].sort((a, b) => a.medianMs - b.medianMs)[0];

/** The fastest setting whose recall reaches `minRecall`, if any does. */
export function fastestWithRecall(points: readonly SweepPoint[], minRecall: number): SweepPoint | undefined {
  return fastest(points.filter((p) => p.recall >= minRecall));
}

/**
 * The setting that answers "recall ≥ `minRecall` at ≤ `maxTimeVsExact` of exact time": the fastest one meeting both
 * when there is one; else the fastest one reaching the recall (its time tells how far off the goal is); else the
 * one with the best recall.
 */
export function chooseHnsw(
  points: readonly SweepPoint[],
  minRecall: number,
  maxTimeVsExact: number,
): { point: SweepPoint; meetsGoal: boolean } | undefined {
  const accurate = points.filter((p) => p.recall >= minRecall);
  const both = fastest(accurate.filter((p) => p.timeVsExact <= maxTimeVsExact));
  if (both) return { point: both, meetsGoal: true };
  const point =
    fastestWithRecall(points, minRecall) ??
    [...points].sort((a, b) => b.recall - a.recall || a.medianMs - b.medianMs)[0];
  return point ? { point, meetsGoal: false } : undefined;
}
