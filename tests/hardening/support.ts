/**
 * Shared plumbing for the reliability tests: small corpora, child processes (so a crash shows up as a signal
 * instead of taking the test runner down), and answers in a comparable JSON form.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { toJsonAnswer } from "../../src/answer/render-json.js";
import type { Engine } from "../../src/engine.js";
import { CORPUS_DIR, REPO_ROOT } from "../helpers/env.js";

/** Three real articles: enough for several chunks per article, small enough to embed in about a second. */
export const SMALL_CORPUS = [
  "003-china-establishes-metaverse-working-group.md",
  "003a-us-doj-charges-two-russians-mt-gox-hack.md",
  "003b-bitpowr-looks-to-asia-after-200m-milestone.md",
] as const;

/** Questions the small corpus answers (and one it cannot), for before/after comparisons. */
export const SMALL_CORPUS_QUESTIONS = [
  "Who was charged over the Mt. Gox hack?",
  "How much in total transactions has Bitpowr processed?",
  "What did Huawei do in the metaverse?",
  "Who won the 2019 Tour de France?",
] as const;

/** Copy some of the real curated articles into `dir/corpus`. */
export function smallCorpus(dir: string, files: readonly string[] = SMALL_CORPUS): string {
  const target = path.join(dir, "corpus");
  mkdirSync(target, { recursive: true });
  for (const f of files) cpSync(path.join(CORPUS_DIR, f), path.join(target, f));
  return target;
}

export const corpusFiles = (): string[] =>
  readdirSync(CORPUS_DIR).filter((f) => f.endsWith(".md") && f !== "README.md");

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Environment on top of the parent's (the child inherits PATH and friends). */
  env?: NodeJS.ProcessEnv;
  /** Killed with SIGKILL after this long, so a hung child fails the test instead of hanging it. */
  timeoutMs?: number;
  /** Sees stdout as it arrives (e.g. to react to a phase marker). */
  onStdout?: (text: string, child: ChildProcess) => void;
  /** Use `npx tsx` (as a user would) instead of `node --import tsx` (faster: no npm start-up). */
  npx?: boolean;
}

/** Run a TypeScript entry point (relative to the repo root) in a child process and collect its output. */
export function runTs(script: string, args: string[], options: RunOptions = {}): Promise<ChildResult> {
  const [cmd, argv] = options.npx
    ? ["npx", ["tsx", script, ...args]]
    : [process.execPath, ["--import", "tsx", script, ...args]];
  const child = spawn(cmd, argv, {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: "", FORCE_COLOR: "0", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    options.onStdout?.(stdout, child);
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 90_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Run async jobs with at most `limit` at a time (child processes on a 2-core machine). */
export async function pool<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Answers to a list of questions in the documented JSON form: what a user would see, comparable with toEqual. */
export async function jsonAnswers(engine: Engine, questions: readonly string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of questions) out.push(toJsonAnswer(await engine.ask(q)));
  return out;
}

export const mb = (bytes: number) => Math.round(bytes / 1048576);
