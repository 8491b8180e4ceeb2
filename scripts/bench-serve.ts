/**
 * `npm run bench:serve [-- --quick] [--work DIR [--build-only]]`: the query service under load against the
 * in-process Engine, with the real all-MiniLM-L6-v2 weights (../shared/models/real) over BBC News
 * (bench/serve-load.ts). Writes bench/serve-load.json and prints it. --quick: a small corpus and a few seconds of
 * load, to check the mechanics. --work keeps the corpora and indexes in DIR (reused by the next run, whose builds
 * then embed nothing); --build-only stops after the builds.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { datasetPaths } from "../bench/datasets.js";
import { runServeLoad } from "../bench/serve-load.js";
import { createLogger } from "../src/log.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SHARED = path.resolve(REPO_ROOT, "../shared");
const { values } = parseArgs({
  options: { quick: { type: "boolean" }, work: { type: "string" }, "build-only": { type: "boolean" } },
});
const quick = values.quick === true;
const log = createLogger("info");
const workDir = values.work ? path.resolve(values.work) : await mkdtemp(path.join(tmpdir(), "quotebot-serve-load-"));
await mkdir(workDir, { recursive: true });
try {
  const result = await runServeLoad({
    repoRoot: REPO_ROOT,
    datasetFile: datasetPaths(path.join(SHARED, "datasets")).bbc,
    modelsDir: path.join(SHARED, "models/real"),
    model: "Xenova/all-MiniLM-L6-v2",
    workDir,
    articles: quick ? 60 : 2225,
    smallArticles: quick ? 30 : 200,
    questions: quick ? 20 : 200,
    load: quick ? { connections: 2, seconds: 2, maxRequests: 40 } : { connections: 4, seconds: 12, maxRequests: 6000 },
    single: quick ? { seconds: 1, maxRequests: 20 } : { seconds: 6, maxRequests: 3000 },
    log,
    buildOnly: values["build-only"] === true,
  });
  if (result) {
    const json = `${JSON.stringify(result, null, 2)}\n`;
    if (!quick) await writeFile(path.join(REPO_ROOT, "bench/serve-load.json"), json);
    process.stdout.write(json);
  }
} finally {
  if (!values.work) await rm(workDir, { recursive: true, force: true });
}
