import { describe, expect, it } from "vitest";
import {
  deriveVectors,
  meanPairCosine,
  nearestNeighbourCosine,
  normalize,
  residualModel,
} from "../../bench/derive-vectors.js";
import { createRng } from "../../src/eval/rng.js";

/** Seeds shaped like a model's outputs: a strong common direction plus small random residuals. */
function anisotropicSeeds(n: number, dim: number, seed: number): Float32Array[] {
  const rng = createRng(seed);
  const common = normalize(Float32Array.from({ length: dim }, () => rng.gaussian()));
  return Array.from({ length: n }, () => normalize(Float32Array.from(common, (c) => c + 0.05 * rng.gaussian())));
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("deriveVectors", () => {
  const seeds = anisotropicSeeds(200, 32, 1);

  it("given seeds then the set starts with the seeds themselves and every vector is a unit vector", () => {
    const out = deriveVectors(seeds, 1000, { neighbourCosine: 0.5, rng: createRng(2) });
    expect(out).toHaveLength(1000);
    expect(Array.from(out[7]!)).toEqual(Array.from(seeds[7]!));
    for (const v of out) expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
  });

  it("given the same seed then the derived set is identical", () => {
    const a = deriveVectors(seeds, 400, { neighbourCosine: 0.5, rng: createRng(9) });
    const b = deriveVectors(seeds, 400, { neighbourCosine: 0.5, rng: createRng(9) });
    expect(Array.from(a[399]!)).toEqual(Array.from(b[399]!));
  });

  it("given anisotropic seeds then derived vectors keep their common direction", () => {
    const out = deriveVectors(seeds, 2000, { neighbourCosine: 0.5, rng: createRng(3) });
    const seedCos = meanPairCosine(seeds, 2000, createRng(4));
    const derivedCos = meanPairCosine(out.slice(200), 2000, createRng(4));
    expect(Math.abs(seedCos - derivedCos)).toBeLessThan(0.01);
  });

  it("given a higher neighbour cosine then derived vectors sit closer to the real ones", () => {
    const model = residualModel(seeds);
    const sample = Array.from({ length: 50 }, (_, i) => 200 + i);
    const loose = nearestNeighbourCosine(
      deriveVectors(seeds, 250, { neighbourCosine: 0.3, rng: createRng(5) }),
      model.mean,
      sample,
    );
    const tight = nearestNeighbourCosine(
      deriveVectors(seeds, 250, { neighbourCosine: 0.8, rng: createRng(5) }),
      model.mean,
      sample,
    );
    expect(tight).toBeGreaterThan(loose);
  });

  it("given a neighbour cosine outside (0, 1) or no seeds then it refuses", () => {
    expect(() => deriveVectors(seeds, 10, { neighbourCosine: 1, rng: createRng(1) })).toThrow(RangeError);
    expect(() => deriveVectors([], 10, { neighbourCosine: 0.5, rng: createRng(1) })).toThrow(RangeError);
  });
});
