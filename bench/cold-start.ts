/**
 * Cold start: a fresh process running `ask` (as `npm run ask` does, minus npm's own start-up), timed from spawn to
 * the answer on stdout. The same child reports its peak RSS through a preloaded exit hook, so the memory figure
 * is the real process's, with the index and model loaded and one question answered.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { median } from "./stats.js";

export interface ColdStartRun {
  /** Spawn → first byte of the answer on stdout, ms. */
  firstAnswerMs: number;
  /** Spawn → exit, ms. */
  exitMs: number;
  /** Largest peak RSS reported by the processes of the run (tsx runs the script in a child), bytes. */
  maxRssBytes: number;
  exitCode: number | null;
  answered: boolean | undefined;
}

export interface ColdStartResult {
  runs: ColdStartRun[];
  firstAnswerMedianMs: number;
  exitMedianMs: number;
  maxRssMedianBytes: number;
}

const RSS_MARK = "quotebot-bench-maxrss=";
/**
 * Preloaded into every node process of the run: prints its peak RSS (kB on Linux) at exit. Percent-encoded, because
 * NODE_OPTIONS has its own quoting rules.
 */
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  `process.on("exit", () => process.stderr.write("\\n${RSS_MARK}" + process.resourceUsage().maxRSS + "\\n"));`,
)}`;

export function runAskOnce(repoRoot: string, env: Record<string, string>, question: string): Promise<ColdStartRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstAnswerMs = Number.NaN;
    let stdout = "";
    let stderr = "";
    const child = spawn(path.join(repoRoot, "node_modules/.bin/tsx"), ["scripts/ask.ts", "--json", question], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        ...env,
        NODE_OPTIONS: `--import=${RSS_HOOK}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (d: Buffer) => {
      if (Number.isNaN(firstAnswerMs)) firstAnswerMs = performance.now() - t0;
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const exitMs = performance.now() - t0;
      const rss = [...stderr.matchAll(new RegExp(`${RSS_MARK}(\\d+)`, "g"))].map((m) => Number(m[1]) * 1024);
      let answered: boolean | undefined;
      try {
        answered = (JSON.parse(stdout) as { answered?: boolean }).answered;
      } catch {
        answered = undefined;
      }
      if (code !== 0)
        return reject(
          new Error(
            `ask exited with ${code}: ${stderr
              .replace(new RegExp(`${RSS_MARK}\\d+`, "g"), "")
              .trim()
              .slice(0, 500)}`,
          ),
        );
      resolve({ firstAnswerMs, exitMs, maxRssBytes: Math.max(0, ...rss), exitCode: code, answered });
    });
  });
}

export async function measureColdStart(
  repoRoot: string,
  env: Record<string, string>,
  questions: readonly string[],
): Promise<ColdStartResult> {
  const runs: ColdStartRun[] = [];
  for (const q of questions) runs.push(await runAskOnce(repoRoot, env, q));
  return {
    runs,
    firstAnswerMedianMs: median(runs.map((r) => r.firstAnswerMs)),
    exitMedianMs: median(runs.map((r) => r.exitMs)),
    maxRssMedianBytes: median(runs.map((r) => r.maxRssBytes)),
  };
}
