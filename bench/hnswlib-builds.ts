/**
 * The installed hnswlib-node build against the other one (portable ↔ native, see src/indexing/hnswlib-build.ts):
 * the other is compiled into the scratch folder with the same function `npm run native-hnsw` uses, both load the
 * same graph file, and each query runs on both in turn. What -march=native buys is then a ratio from one run.
 */
import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import {
  describeHnswlibBuild,
  hnswlibDir,
  NATIVE_FLAGS,
  readHnswlibBuild,
  rebuildHnswlib,
} from "../src/indexing/hnswlib-build.js";
import { type Hnswlib, readHnswGraph } from "../src/indexing/vector-store.js";
import { type LatencyStats, latencyStats } from "./stats.js";

export interface HnswlibBuildComparison {
  size: number;
  ef: number;
  k: number;
  queries: number;
  installed: { build: string; ms: LatencyStats };
  other: { build: string; ms: LatencyStats };
  /** Portable time over native time (p50). */
  nativeSpeedup: number;
  /**
   * Mean share of the k results both builds return. Not identical lists: AVX-512 sums a dot product in another
   * order, the last bits of near-tied distances differ, and a near tie can reorder or swap the last results.
   */
  sharedResults: number;
}

export interface OtherBuild {
  lib: Hnswlib;
  build: string;
  /** The installed build, described when the other one was made from it. */
  installed: string;
  /** Whether the other build is the native one (the speed-up is portable time over native time). */
  native: boolean;
}

/** The package's runtime and build dependencies, found from the project's node_modules. */
async function dependencyClosure(modules: string, name: string, seen = new Set<string>()): Promise<Set<string>> {
  const pkg = JSON.parse(await readFile(path.join(modules, name, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (seen.has(dep)) continue;
    seen.add(dep);
    await dependencyClosure(modules, dep, seen);
  }
  return seen;
}

/** Compile the build that is not installed into `scratch` and load it (a second copy of the addon). */
export async function compileOtherBuild(
  repoRoot: string,
  scratch: string,
  onOutput?: (s: string) => void,
): Promise<OtherBuild> {
  const installed = readHnswlibBuild();
  const installedNative = installed.kind !== "portable";
  const project = path.join(scratch, "hnswlib-other");
  const modules = path.join(project, "node_modules");
  const source = hnswlibDir(repoRoot);
  const repoModules = path.dirname(source);
  await mkdir(modules, { recursive: true });
  await writeFile(path.join(project, "package.json"), '{ "name": "hnswlib-other", "private": true }\n');
  const build = path.join(source, "build");
  await cp(source, path.join(modules, "hnswlib-node"), {
    recursive: true,
    filter: (p) => p !== build && !p.startsWith(build + path.sep),
  });
  for (const dep of await dependencyClosure(repoModules, "hnswlib-node")) {
    await mkdir(path.dirname(path.join(modules, dep)), { recursive: true });
    await symlink(path.join(repoModules, dep), path.join(modules, dep), "dir");
  }
  await rebuildHnswlib(project, installedNative ? undefined : NATIVE_FLAGS, onOutput);
  const lib = createRequire(path.join(project, "package.json"))("hnswlib-node") as Hnswlib;
  return {
    lib,
    build: describeHnswlibBuild(readHnswlibBuild(hnswlibDir(project))),
    installed: describeHnswlibBuild(installed),
    native: !installedNative,
  };
}

/** Time the same searches on the same graph file with the installed build and the other one. */
export async function compareBuilds(options: {
  installed: Hnswlib;
  other: OtherBuild;
  graphFile: string;
  dimension: number;
  size: number;
  queries: readonly Float32Array[];
  ef: number;
  k: number;
}): Promise<HnswlibBuildComparison> {
  const load = async (lib: Hnswlib) => {
    const index = await readHnswGraph(options.graphFile, options.dimension, lib);
    index.setEf(options.ef);
    return index;
  };
  const graphs = [await load(options.installed), await load(options.other.lib)];
  const times: number[][] = [[], []];
  let shared = 0;
  const queries = options.queries.map((q) => Array.from(q));
  for (const q of queries.slice(0, 20)) for (const g of graphs) g.searchKnn(q, options.k); // warm caches
  for (const q of queries) {
    const results: number[][] = [];
    for (const [i, g] of graphs.entries()) {
      const t0 = performance.now();
      const { neighbors } = g.searchKnn(q, options.k);
      times[i]!.push(performance.now() - t0);
      results.push(neighbors);
    }
    const first = new Set(results[0]);
    shared += results[1]!.filter((label) => first.has(label)).length / Math.max(1, results[0]!.length);
  }
  const [installedMs, otherMs] = [latencyStats(times[0]!), latencyStats(times[1]!)];
  const [portable, native] = options.other.native ? [installedMs, otherMs] : [otherMs, installedMs];
  return {
    size: options.size,
    ef: options.ef,
    k: options.k,
    queries: queries.length,
    installed: { build: options.other.installed, ms: installedMs },
    other: { build: options.other.build, ms: otherMs },
    nativeSpeedup: portable.p50 / native.p50,
    sharedResults: shared / queries.length,
  };
}
