/**
 * The bench's build comparison compiles the hnswlib-node build that is not installed (the same rebuild
 * `npm run native-hnsw` runs) into a scratch folder, loads it beside the installed one, and searches one graph file
 * with both. This needs a C++ toolchain, which `npm install` already needs for hnswlib-node.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareBuilds, compileOtherBuild } from "../../bench/hnswlib-builds.js";
import { createRng } from "../../src/eval/rng.js";
import { readHnswlibBuild } from "../../src/indexing/hnswlib-build.js";
import { buildHnsw, loadHnswlib, writeHnsw } from "../../src/indexing/vector-store.js";
import { REPO_ROOT, tempDir } from "../helpers/env.js";

const { dir, cleanup } = tempDir();
afterAll(cleanup);

function unitVectors(n: number, dim: number, seed: number): Float32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: dim }, () => rng.gaussian());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

describe("compareBuilds", () => {
  it("given the other build compiled beside the installed one then both search one graph alike", async () => {
    const dim = 32;
    const graphFile = path.join(dir, "graph.bin");
    await writeHnsw(buildHnsw(unitVectors(1000, dim, 1), dim), graphFile);
    const other = await compileOtherBuild(REPO_ROOT, dir);
    const installedNative = readHnswlibBuild().kind === "native";
    expect(other.build).toBe(installedNative ? "portable" : "native (-O3 -march=native)");

    const queries = unitVectors(50, dim, 2);
    const c = await compareBuilds({
      installed: loadHnswlib(),
      other,
      graphFile,
      dimension: dim,
      size: 1000,
      queries,
      ef: 64,
      k: 10,
    });
    expect(c.queries).toBe(50);
    expect(c.installed.build).not.toBe(c.other.build);
    // Same graph, same algorithm; only float rounding in the distance kernels may reorder a near tie.
    expect(c.sharedResults).toBeGreaterThanOrEqual(0.9);
    expect(c.nativeSpeedup).toBeGreaterThan(0);
  }, 120_000);
});
