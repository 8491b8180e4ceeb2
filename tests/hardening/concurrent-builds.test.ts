/**
 * Two builds of the same index at once: the lock makes the second refuse with a clear message (INDEX_LOCKED), and
 * neither leaves a broken index behind.
 */
import type { ChildProcess } from "node:child_process";
import { appendFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Config, loadConfig } from "../../src/config.js";
import { Engine } from "../../src/engine.js";
import { ErrorCode } from "../../src/errors.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import type { Embedder } from "../../src/indexing/embedder.js";
import { currentIndexFolder } from "../../src/indexing/index-dir.js";
import { silentLogger } from "../../src/log.js";
import { loadEmbedder, tempDir, testEnv } from "../helpers/env.js";
import { type ChildResult, jsonAnswers, runTs, SMALL_CORPUS_QUESTIONS, smallCorpus } from "./support.js";

let env: NodeJS.ProcessEnv;
let config: Config;
let embedder: Embedder;
let cleanup: () => void;

const LOCKED = /Another index build is already running/;

beforeAll(async () => {
  const t = tempDir("quotebot-concurrent-");
  cleanup = t.cleanup;
  smallCorpus(t.dir);
  env = testEnv(t.dir, "synthetic");
  config = loadConfig({ env, cwd: t.dir, dotenv: false });
  embedder = await loadEmbedder(config);
  await buildIndex({ config, log: silentLogger, embedder });
});

afterAll(async () => {
  await embedder?.dispose();
  cleanup?.();
});

describe("two builds at once", () => {
  it("given a build holding the lock then a second build-index refuses with INDEX_LOCKED and a non-zero exit, and the first completes", async () => {
    const serving = await currentIndexFolder(config.indexDir);
    const answersBefore = await jsonAnswers(await Engine.open(config, { embedder }), SMALL_CORPUS_QUESTIONS);
    let second: ChildResult | undefined;
    let servingWhilePaused: string | undefined;
    let started = false;
    const resumeWhenPaused = async (out: string, child: ChildProcess) => {
      if (started || !out.includes("paused corpus-loaded")) return;
      started = true;
      try {
        second = await runTs("scripts/build-index.ts", ["--json"], { env: { ...env, LOG_LEVEL: "info" } });
        servingWhilePaused = await currentIndexFolder(config.indexDir);
      } finally {
        child.stdin?.end("go\n");
      }
    };
    const first = await runTs("tests/hardening/fixtures/build-child.ts", [], {
      env: { ...env, QB_PAUSE_AT: "corpus-loaded" },
      onStdout: (out, child) => void resumeWhenPaused(out, child),
    });
    expect(second).toBeDefined();
    // While the first build was paused inside its lock, what serves did not change.
    expect(servingWhilePaused).toBe(serving);
    expect(second!.signal).toBeNull();
    expect(second!.code).toBe(1);
    expect(second!.stderr).toMatch(LOCKED);
    expect(second!.stderr).toMatch(/Wait for it to finish/);
    expect(second!.stdout).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("phase published");
    // Same corpus, so the completed build answers exactly as before.
    expect(await jsonAnswers(await Engine.open(config, { embedder }), SMALL_CORPUS_QUESTIONS)).toEqual(answersBefore);
  });

  it("given two build-index commands started at the same moment then any refusal is INDEX_LOCKED and the index stays whole", async () => {
    appendFileSync(
      path.join(config.corpusDir, "003a-us-doj-charges-two-russians-mt-gox-hack.md"),
      "\nThe penguin registry recorded the indictment in quotebot's lock test.\n",
    );
    const [a, b] = await Promise.all([
      runTs("scripts/build-index.ts", ["--json"], { env }),
      runTs("scripts/build-index.ts", ["--json"], { env }),
    ]);
    for (const r of [a!, b!]) {
      expect(r.signal).toBeNull();
      if (r.code !== 0) expect(r.stderr).toMatch(LOCKED);
    }
    expect([a!.code, b!.code]).toContain(0);
    const engine = await Engine.open(config, { embedder });
    expect(engine.index.manifest.count).toBe(engine.index.store.chunks.length);
    const answer = await engine.ask("What did the penguin registry record?");
    expect(answer.results[0]?.quote.text).toContain("penguin registry");
  });

  it("given a lock broken by another process during a build then that build publishes nothing and says why", async () => {
    const serving = await currentIndexFolder(config.indexDir);
    const lockDir = path.join(`${config.indexDir}.d`, "build.lock");
    const build = buildIndex({
      config,
      log: silentLogger,
      embedder,
      onPhase: async (phase) => {
        if (phase !== "embedded") return;
        // Someone removes the lock and takes it: the holder notices at its next refresh (every 2 s).
        rmSync(lockDir, { recursive: true });
        mkdirSync(lockDir);
        await new Promise((r) => setTimeout(r, 5_000));
      },
    });
    await expect(build).rejects.toMatchObject({
      code: ErrorCode.IndexLocked,
      message: expect.stringMatching(/taken over by another process during this build/),
    });
    expect(await currentIndexFolder(config.indexDir)).toBe(serving);
    rmSync(lockDir, { recursive: true });
  });

  it("given two builds in one process then the second rejects with INDEX_LOCKED", async () => {
    const results = await Promise.allSettled([
      buildIndex({ config, log: silentLogger, embedder }),
      buildIndex({ config, log: silentLogger, embedder }),
    ]);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: ErrorCode.IndexLocked });
    await expect(Engine.open(config, { embedder })).resolves.toBeDefined();
  });
});
