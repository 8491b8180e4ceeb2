/**
 * The query service under load, against the in-process Engine measured in the same run (`npm run bench:serve`):
 *
 * - memory: RSS of a process holding the Engine at two index sizes (the slope gives bytes per chunk, extrapolated
 *   to 100,000 chunks), of `npm run serve`, and of one more bot process with a local Engine or with QUERY_URL;
 * - speed: questions answered in turn by the Engine in one process, then through `serve` with autocannon on
 *   loopback (one connection, then several), bounded in time and count; p50/p95 latency, questions per second
 *   and per CPU-second of the serving process.
 *
 * Every process is a real child: `scripts/serve.ts`, and bench/serve-load-probe.ts for the others.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import autocannon from "autocannon";
import { loadConfig } from "../src/config.js";
import { buildIndex } from "../src/indexing/build-index.js";
import type { Logger } from "../src/log.js";
import { readArticles, writeCorpus } from "./datasets.js";
import { questionsFromTitles } from "./questions.js";
import type { ProbeReport } from "./serve-load-probe.js";
import { type LatencyStats, latencyStats } from "./stats.js";

export interface ServeLoadOptions {
  repoRoot: string;
  datasetFile: string;
  modelsDir: string;
  model: string;
  /**
   * The folder for the corpora, indexes and state. Builds are incremental, so a folder kept from an earlier run
   * (`--work`) is reused: nothing is embedded again.
   */
  workDir: string;
  /** Stop after the builds (prepare a `--work` folder ahead of the load run). */
  buildOnly?: boolean;
  /** Articles of the measured index, and of the smaller one that gives the memory slope. */
  articles: number;
  smallArticles: number;
  questions: number;
  /** The load run: concurrent connections, at most this many seconds and requests. */
  load: { connections: number; seconds: number; maxRequests: number };
  /** The one-connection run (HTTP's own cost without queueing). */
  single: { seconds: number; maxRequests: number };
  log: Logger;
}

export interface LoadRun {
  connections: number;
  requests: number;
  failed: number;
  seconds: number;
  questionsPerSecond: number;
  /** Requests per CPU-second of the serving process (all its threads). */
  questionsPerCpuSecond: number;
  latencyMs: LatencyStats;
}

export interface ServeLoadResult {
  dataset: string;
  model: string;
  chunks: { small: number; large: number };
  indexBytes: { small: number; large: number };
  rssBytes: {
    engineSmall: number;
    engineLarge: number;
    serve: number;
    servePeak: number;
    botLocal: number;
    botRemote: number;
  };
  /** (RSS large − RSS small) / (chunks large − chunks small) × 100,000: an extrapolation from two measured sizes. */
  rssPer100kChunksBytes: number;
  inProcess: { questions: number; questionsPerSecond: number; questionsPerCpuSecond: number; latencyMs: LatencyStats };
  serveSingle: LoadRun;
  serveLoad: LoadRun;
  ratios: {
    serveLoadQpsVsInProcess: number;
    serveLoadPerCpuVsInProcess: number;
    serveSingleP50VsInProcess: number;
    serveLoadP50VsInProcess: number;
    serveLoadP95VsInProcess: number;
    serveRssVsEngine: number;
    botRemoteRssVsBotLocal: number;
  };
  notes: string[];
}

const TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU seconds a process has used so far (user + system, every thread), from /proc. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function rssOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

async function folderBytes(folder: string): Promise<number> {
  return Number(execFileSync("du", ["-sb", "-L", folder], { encoding: "utf8" }).split("\t")[0]);
}

function envFor(options: ServeLoadOptions, name: string): Record<string, string> {
  const root = path.join(options.workDir, name);
  return {
    CORPUS_DIR: path.join(root, "corpus"),
    INDEX_DIR: path.join(root, "index"),
    DATA_DIR: path.join(root, "data"),
    MODELS_DIR: options.modelsDir,
    EMBEDDING_MODEL: options.model,
    MODEL_CACHE_DIR: path.join(root, "models-cache"),
    ALLOW_REMOTE_MODELS: "false",
    LOG_LEVEL: "warn",
    COOLDOWN_SECONDS: "0",
    // Builds on one thread: the machine is shared, and build speed is not what this bench measures.
    ONNX_THREADS: "1",
  };
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  return env;
}

function probe(options: ServeLoadOptions, mode: string, env: Record<string, string>, questionsFile: string) {
  return new Promise<ProbeReport>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--expose-gc", path.join(options.repoRoot, "bench/serve-load-probe.ts"), mode, questionsFile],
      { cwd: options.repoRoot, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line) as ProbeReport);
      else reject(new Error(`probe ${mode} exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

/** Start `scripts/serve.ts` on a free port; resolves with its URL once it listens. */
function startServe(
  options: ServeLoadOptions,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(options.repoRoot, "scripts/serve.ts")], {
      cwd: options.repoRoot,
      env: childEnv({ ...env, SERVE_PORT: "0", LOG_LEVEL: "info", SERVE_RATE_LIMIT_PER_MINUTE: "1000000" }),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr?.on("data", (d) => {
      err += d;
      const m = /"address":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(err);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code} before listening: ${err.slice(-2000)}`)));
  });
}

async function load(
  url: string,
  pid: number,
  questions: readonly string[],
  run: { connections: number; seconds: number; maxRequests: number },
): Promise<LoadRun> {
  let next = 0;
  const times: number[] = [];
  let failed = 0;
  const cpu0 = await cpuSeconds(pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: run.connections,
        duration: run.seconds,
        maxOverallRequests: run.maxRequests,
        timeout: 30,
        requests: [
          {
            method: "POST",
            path: "/v1/ask",
            headers: { "content-type": "application/json" },
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ question: questions[next++ % questions.length] }),
            }),
          },
        ],
      },
      (e, r) => (e ? reject(e) : resolve(r)),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status === 200) times.push(ms);
      else failed++;
    });
  });
  const cpu = (await cpuSeconds(pid)) - cpu0;
  const requests = times.length;
  return {
    connections: run.connections,
    requests,
    failed: failed + result.errors + result.timeouts,
    seconds: result.duration,
    questionsPerSecond: requests / result.duration,
    questionsPerCpuSecond: requests / cpu,
    latencyMs: latencyStats(times),
  };
}

export async function runServeLoad(options: ServeLoadOptions): Promise<ServeLoadResult | undefined> {
  const { log } = options;
  const articles = await readArticles(options.datasetFile, options.articles);
  const sizes = { small: options.smallArticles, large: articles.length };
  const envs = { small: envFor(options, "small"), large: envFor(options, "large") };
  const chunks = { small: 0, large: 0 };
  const indexBytes = { small: 0, large: 0 };
  for (const size of ["small", "large"] as const) {
    const env = envs[size];
    await writeCorpus(env.CORPUS_DIR!, "bbc-news.jsonl", articles.slice(0, sizes[size]));
    const config = loadConfig({ env, cwd: options.repoRoot, dotenv: false });
    log.info({ size, articles: sizes[size] }, "serve-load: building the index");
    const summary = await buildIndex({ config, log });
    if (summary.mode !== "hybrid") throw new Error(`the ${size} index is ${summary.mode}: is the model in MODELS_DIR?`);
    chunks[size] = summary.chunks;
    indexBytes[size] = await folderBytes(env.INDEX_DIR!);
  }
  if (options.buildOnly) return undefined;
  const questions = questionsFromTitles(articles, options.questions, 15);
  const questionsFile = path.join(options.workDir, "questions.json");
  await writeFile(questionsFile, JSON.stringify(questions));

  log.info("serve-load: in-process engine");
  const small = await probe(options, "engine", envs.small, questionsFile);
  const large = await probe(options, "engine", envs.large, questionsFile);
  const local = await probe(options, "bot-local", envs.large, questionsFile);

  log.info("serve-load: serve under load");
  const { child, url } = await startServe(options, envs.large);
  const pid = child.pid!;
  let serveSingle: LoadRun;
  let serveLoad: LoadRun;
  let serveRss: { rss: number; peak: number };
  let remote: ProbeReport;
  try {
    for (const q of questions.slice(0, 5))
      await fetch(`${url}/v1/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: q }),
      });
    serveSingle = await load(url, pid, questions, { connections: 1, ...options.single });
    serveLoad = await load(url, pid, questions, options.load);
    serveRss = await rssOf(pid);
    remote = await probe(options, "bot-remote", { ...envs.large, QUERY_URL: url }, questionsFile);
  } finally {
    child.kill("SIGTERM");
  }

  const lat = latencyStats(large.latenciesMs ?? []);
  const inProcess = {
    questions: large.latenciesMs?.length ?? 0,
    questionsPerSecond: ((large.latenciesMs?.length ?? 0) * 1000) / (large.wallMs ?? Number.NaN),
    questionsPerCpuSecond: ((large.latenciesMs?.length ?? 0) * 1000) / (large.cpuMs ?? Number.NaN),
    latencyMs: lat,
  };
  const perChunk = (large.rssBytes - small.rssBytes) / (chunks.large - chunks.small);
  return {
    dataset: path.basename(options.datasetFile),
    model: options.model,
    chunks,
    indexBytes,
    rssBytes: {
      engineSmall: small.rssBytes,
      engineLarge: large.rssBytes,
      serve: serveRss.rss,
      servePeak: serveRss.peak,
      botLocal: local.rssBytes,
      botRemote: remote.rssBytes,
    },
    rssPer100kChunksBytes: perChunk * 100_000,
    inProcess,
    serveSingle,
    serveLoad,
    ratios: {
      serveLoadQpsVsInProcess: serveLoad.questionsPerSecond / inProcess.questionsPerSecond,
      serveLoadPerCpuVsInProcess: serveLoad.questionsPerCpuSecond / inProcess.questionsPerCpuSecond,
      serveSingleP50VsInProcess: serveSingle.latencyMs.p50 / lat.p50,
      serveLoadP50VsInProcess: serveLoad.latencyMs.p50 / lat.p50,
      serveLoadP95VsInProcess: serveLoad.latencyMs.p95 / lat.p95,
      serveRssVsEngine: serveRss.rss / large.rssBytes,
      botRemoteRssVsBotLocal: remote.rssBytes / local.rssBytes,
    },
    notes: [
      "RSS per 100,000 chunks is extrapolated from two measured index sizes (the slope between them), not measured at 100,000.",
      "autocannon runs in the bench process on the same 2 cores as the service, so the service had at most the rest of them.",
      "The bot processes are measured without a gateway login (same discord.js Client and handlers, no guild caches).",
    ],
  };
}
