/**
 * Realistic vectors at scales too costly to embed here (100k chunks ≈ 20+ minutes of model time), derived from a
 * few thousand real embeddings.
 *
 * A model's embeddings share a common direction (strongest for the random-weight bge, whose random pairs have
 * cosine ≈ 0.999; real all-MiniLM-L6-v2 pairs about 0.2); what tells them apart is the residual around the mean.
 * So the derivation works on residuals: each derived
 * vector takes one real embedding's residual (keeping its length) and turns it towards a mixture of two other real
 * residuals plus Gaussian noise shaped like the residuals' per-dimension spread, by just enough that its cosine to
 * the real residual equals `neighbourCosine`: the typical residual cosine between a real embedding and its nearest
 * real neighbour. The result is normalised. Derived points thus sit around real ones the way real neighbours
 * (other chunks of the same story) do, and the set keeps the real embeddings' common direction and spread.
 */
import type { Rng } from "../src/eval/rng.js";

export interface DeriveOptions {
  /** Target residual cosine between a derived vector and the real embedding it grows from (0 < c < 1). */
  neighbourCosine: number;
  rng: Rng;
}

const norm = (v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
};

export function normalize<T extends Float32Array | Float64Array>(v: T): T {
  const n = norm(v);
  if (n === 0) return v;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

export interface ResidualModel {
  mean: Float64Array;
  residuals: Float64Array[];
  /** Per-dimension standard deviation of the residuals. */
  std: Float64Array;
}

export function residualModel(seeds: readonly Float32Array[]): ResidualModel {
  const dim = seeds[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  for (const v of seeds) for (let d = 0; d < dim; d++) mean[d]! += v[d]! / seeds.length;
  const residuals = seeds.map((v) => Float64Array.from(v, (x, d) => x - mean[d]!));
  const std = new Float64Array(dim);
  for (const r of residuals) for (let d = 0; d < dim; d++) std[d]! += (r[d]! * r[d]!) / residuals.length;
  for (let d = 0; d < dim; d++) std[d] = Math.sqrt(std[d]!);
  return { mean, residuals, std };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => dot(a, b) / (norm(a) * norm(b) || 1);

/**
 * Mean residual cosine between each of `sample` vectors and its nearest other vector in the set. Exact duplicates
 * (cosine ≈ 1: repeated articles) are skipped, so they do not hide the typical neighbour distance.
 */
export function nearestNeighbourCosine(
  vectors: readonly Float32Array[],
  mean: Float64Array,
  sample: readonly number[],
): number {
  const residuals = vectors.map((v) => Float64Array.from(v, (x, d) => x - mean[d]!));
  // Each norm once, not once per pair: this loop is sample × n.
  const norms = residuals.map(norm);
  let sum = 0;
  for (const i of sample) {
    let best = -1;
    for (let j = 0; j < residuals.length; j++) {
      if (j === i) continue;
      const c = dot(residuals[i]!, residuals[j]!) / (norms[i]! * norms[j]! || 1);
      if (c > best && c < 0.9999) best = c;
    }
    sum += best;
  }
  return sample.length === 0 ? Number.NaN : sum / sample.length;
}

/** Median distance of the vectors from `mean`. */
export function medianResidualNorm(vectors: readonly Float32Array[], mean: Float64Array): number {
  const norms = vectors.map((v) => norm(Float64Array.from(v, (x, d) => x - mean[d]!))).sort((a, b) => a - b);
  return norms.length === 0 ? Number.NaN : norms[Math.floor(norms.length / 2)]!;
}

/** Mean cosine of random pairs (how tightly the set clusters around its common direction). */
export function meanPairCosine(vectors: readonly Float32Array[], pairs: number, rng: Rng): number {
  if (vectors.length < 2) return Number.NaN;
  let sum = 0;
  for (let p = 0; p < pairs; p++) sum += cosine(vectors[rng.int(vectors.length)]!, vectors[rng.int(vectors.length)]!);
  return sum / pairs;
}

/** `count` unit vectors: the real seeds first (so real embeddings are part of every set), then derived ones. */
export function deriveVectors(seeds: readonly Float32Array[], count: number, options: DeriveOptions): Float32Array[] {
  if (seeds.length === 0) throw new RangeError("deriveVectors needs at least one seed vector");
  const c = options.neighbourCosine;
  if (!(c > 0 && c < 1)) throw new RangeError(`neighbourCosine must be in (0, 1), got ${c}`);
  const { mean, residuals, std } = residualModel(seeds);
  const dim = mean.length;
  // |r̂ + λu| with u ⟂ r̂ (nearly so in high dimension) has cosine 1/√(1+λ²) to r̂.
  const lambda = Math.sqrt(1 / (c * c) - 1);
  const { rng } = options;
  const out: Float32Array[] = seeds.slice(0, count).map((s) => Float32Array.from(s));
  const pick = () => residuals[rng.int(residuals.length)]!;
  while (out.length < count) {
    const base = pick();
    const [b, d2] = [pick(), pick()];
    const nb = norm(b) || 1;
    const nd = norm(d2) || 1;
    const noise = Float64Array.from(std, (s) => s * rng.gaussian());
    const nn = norm(noise) || 1;
    const u = new Float64Array(dim);
    for (let i = 0; i < dim; i++) u[i] = b[i]! / nb + d2[i]! / nd + noise[i]! / nn;
    normalize(u);
    const baseNorm = norm(base) || 1;
    const r = new Float64Array(dim);
    for (let i = 0; i < dim; i++) r[i] = base[i]! / baseNorm + lambda * u[i]!;
    normalize(r);
    const v = new Float32Array(dim);
    for (let i = 0; i < dim; i++) v[i] = mean[i]! + baseNorm * r[i]!;
    out.push(normalize(v));
  }
  return out;
}
