/**
 * `npm run native-hnsw [-- --portable]`: recompile hnswlib-node for this machine's CPU (AVX/AVX-512 distance
 * kernels), or back to the portable build `npm install` makes. Then check the result in a child process: an
 * index built with it must find what exact search finds. A build that fails the check is replaced by the portable one.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { errorMessage } from "../src/errors.js";
import { hnswlibDir, NATIVE_FLAGS, readHnswlibBuild, rebuildHnswlib } from "../src/indexing/hnswlib-build.js";
import { createLogger } from "../src/log.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const opts = new Command()
  .name("native-hnsw")
  .description(`Recompile hnswlib-node with ${NATIVE_FLAGS} for this CPU (or back to the portable build).`)
  .option("--portable", "rebuild the portable build that `npm install` makes")
  .option("--verbose", "show the compiler's output")
  .parse()
  .opts<{ portable?: boolean; verbose?: boolean }>();

const log = createLogger("info", { pretty: true });

/**
 * In a child process (an illegal instruction must not take this one down): 2,000 random unit vectors, each one's
 * nearest neighbour by HNSW and by exact search. Prints the share that agree.
 */
const SELF_TEST = `
const { HierarchicalNSW, BruteforceSearch } = require("hnswlib-node");
const dim = 384, n = 2000;
let a = 7;
const rnd = () => {
  // mulberry32, as in bench/rng.ts (this runs as plain JavaScript in a child process)
  a = (a + 0x6d2b79f5) >>> 0;
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
};
const hnsw = new HierarchicalNSW("cosine", dim);
hnsw.initIndex({ maxElements: n, m: 16, efConstruction: 200, randomSeed: 1 });
hnsw.setEf(64);
const exact = new BruteforceSearch("cosine", dim);
exact.initIndex(n);
const rows = [];
for (let i = 0; i < n; i++) {
  const v = Array.from({ length: dim }, rnd);
  rows.push(v);
  hnsw.addPoint(v, i);
  exact.addPoint(v, i);
}
let agree = 0;
for (const v of rows.slice(0, 200)) {
  const q = v.map((x) => x + 0.01 * rnd());
  if (hnsw.searchKnn(q, 1).neighbors[0] === exact.searchKnn(q, 1).neighbors[0]) agree++;
}
process.stdout.write(String(agree / 200));
`;

function selfTest(): { ok: boolean; detail: string } {
  const r = spawnSync(process.execPath, ["-e", SELF_TEST], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
  if (r.signal) return { ok: false, detail: `the test process was killed by ${r.signal}` };
  if (r.status !== 0) return { ok: false, detail: r.stderr.trim().split("\n").slice(-3).join(" ") };
  const agreement = Number(r.stdout);
  return {
    ok: agreement >= 0.99,
    detail: `nearest neighbours agree with exact search for ${agreement * 100}% of queries`,
  };
}

const output = (chunk: string) => {
  if (opts.verbose) process.stderr.write(chunk);
};

try {
  const flags = opts.portable ? undefined : NATIVE_FLAGS;
  log.info(`rebuilding hnswlib-node in ${hnswlibDir(REPO_ROOT)} (${flags ?? "portable"})…`);
  await rebuildHnswlib(REPO_ROOT, flags, output);
  const check = selfTest();
  if (!check.ok) {
    log.error(`The rebuilt hnswlib-node failed its check: ${check.detail}.`);
    if (flags) {
      log.info("Restoring the portable build…");
      await rebuildHnswlib(REPO_ROOT, undefined, output);
    }
    process.exit(1);
  }
  const build = readHnswlibBuild(hnswlibDir(REPO_ROOT));
  log.info(`hnswlib-node: ${build.kind} build; ${check.detail}.`);
  if (build.kind === "native")
    log.info(
      "This binary runs only on CPUs with the same instruction sets; quotebot refuses it elsewhere. " +
        "`npm run native-hnsw -- --portable` (or `npm rebuild hnswlib-node`) undoes it. Indexes need no rebuild.",
    );
} catch (e) {
  log.error(`${errorMessage(e)}. Run again with --verbose to see the compiler's output.`);
  process.exit(1);
}
