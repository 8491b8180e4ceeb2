/**
 * Dense vectors: an HNSW graph (hnswlib-node) for search, plus the raw float32 matrix so that rebuilds can reuse
 * vectors and benchmarks can compare against exact search. The VectorStore interface is the seam where a
 * server-backed store would plug in.
 */
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type hnswlibModule from "hnswlib-node";
import { assertHnswlibRunsHere } from "./hnswlib-build.js";

export type Hnswlib = typeof hnswlibModule;

let loaded: Hnswlib | undefined;

/**
 * hnswlib-node, loaded on first use and only after checking that its build runs on this CPU: a -march=native
 * binary may use instructions this CPU lacks as soon as it is loaded (`npm run native-hnsw`, hnswlib-build.ts).
 */
export function loadHnswlib(): Hnswlib {
  assertHnswlibRunsHere();
  loaded ??= createRequire(import.meta.url)("hnswlib-node") as Hnswlib;
  return loaded;
}

export interface VectorHit {
  /** Row number of the vector (= chunk index in the chunk store). */
  label: number;
  /** Cosine similarity in [-1, 1]. */
  similarity: number;
}

export interface VectorStore {
  readonly dimension: number;
  readonly size: number;
  search(query: Float32Array, k: number): VectorHit[];
}

export interface HnswParams {
  M: number;
  efConstruction: number;
  efSearch: number;
}

/**
 * Chosen from measurements in `npm run bench` (docs/performance.md, section 3). M=32 beats M=16 at equal query time
 * for both query sets measured; efConstruction=500 adds little over 200 for twice the build time. ef is the
 * recall/latency dial: at 128, held-out passages reach recall@10 0.98–0.99 at 20,000–100,000 vectors in about a ms,
 * which keeps HNSW a small part of a query next to the model's forward pass. Questions embedded by the random-weight
 * test model sit off the documents' manifold and need a far wider beam for the same recall; that is reported, not
 * tuned for, since a trained model places a question near its answer.
 */
export const DEFAULT_HNSW: HnswParams = { M: 32, efConstruction: 200, efSearch: 128 };

export const HNSW_SPACE = "cosine" as const;

type Hnsw = InstanceType<Hnswlib["HierarchicalNSW"]>;

class HnswVectorStore implements VectorStore {
  constructor(
    private readonly index: Hnsw,
    readonly dimension: number,
  ) {}
  get size(): number {
    return this.index.getCurrentCount();
  }
  search(query: Float32Array, k: number): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    // hnswlib-node wants a plain array, not a typed array.
    const { neighbors, distances } = this.index.searchKnn(Array.from(query), n);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }
}

export function buildHnsw(vectors: Float32Array[], dimension: number, params: HnswParams = DEFAULT_HNSW): Hnsw {
  const index = new (loadHnswlib().HierarchicalNSW)(HNSW_SPACE, dimension);
  index.initIndex({
    maxElements: Math.max(1, vectors.length),
    m: params.M,
    efConstruction: params.efConstruction,
    randomSeed: 100,
  });
  vectors.forEach((v, label) => {
    index.addPoint(Array.from(v), label);
  });
  index.setEf(params.efSearch);
  return index;
}

export async function writeHnsw(index: Hnsw, file: string): Promise<void> {
  await index.writeIndex(file);
}

export function hnswStore(index: Hnsw, dimension: number): VectorStore {
  return new HnswVectorStore(index, dimension);
}

/**
 * Load a graph whose checksum was already verified. Always a fresh instance, and `setEf` after every load,
 * because hnswlib resets ef to 10 on read.
 */
export async function loadHnsw(file: string, dimension: number, efSearch: number): Promise<VectorStore> {
  const index = await readHnswGraph(file, dimension);
  index.setEf(efSearch);
  return new HnswVectorStore(index, dimension);
}

/** A graph file as a fresh hnswlib index (of `lib`: the bench also loads another build); ef is the caller's to set. */
export async function readHnswGraph(file: string, dimension: number, lib: Hnswlib = loadHnswlib()): Promise<Hnsw> {
  const index = new lib.HierarchicalNSW(HNSW_SPACE, dimension);
  await index.readIndex(file);
  return index;
}

/** Raw vectors as little-endian float32 rows. */
export async function writeVectors(file: string, vectors: Float32Array[], dimension: number): Promise<void> {
  const out = new Float32Array(vectors.length * dimension);
  vectors.forEach((v, i) => {
    out.set(v, i * dimension);
  });
  await writeFile(file, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
}

export async function readVectors(file: string, dimension: number): Promise<Float32Array[]> {
  const bytes = await readFile(file);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const rows: Float32Array[] = [];
  for (let i = 0; i < all.length; i += dimension) rows.push(all.subarray(i, i + dimension));
  return rows;
}
