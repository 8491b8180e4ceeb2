/**
 * A build killed with SIGKILL at any point must leave the previous index serving, answering exactly as before, and
 * must not stop the next build (its lock is taken over because its holder is dead). Each kill is a real SIGKILL of
 * a child process running the real build (synthetic model, real transformers.js and hnswlib-node).
 */
import { appendFileSync, cpSync, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Config, loadConfig } from "../../src/config.js";
import { Engine } from "../../src/engine.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import type { Embedder } from "../../src/indexing/embedder.js";
import { currentIndexFolder } from "../../src/indexing/index-dir.js";
import { silentLogger } from "../../src/log.js";
import { CORPUS_DIR, loadEmbedder, tempDir, testEnv } from "../helpers/env.js";
import { jsonAnswers, runTs, SMALL_CORPUS_QUESTIONS, smallCorpus } from "./support.js";

const CHILD = "tests/hardening/fixtures/build-child.ts";
const NEW_SENTENCE = "The zebra council approved a striped ledger for quotebot reliability tests.";

let env: NodeJS.ProcessEnv;
let config: Config;
let embedder: Embedder;
let before: unknown[];
let servingBefore: string;
let cleanup: () => void;

const serving = async () => (await currentIndexFolder(config.indexDir))!;
const generations = () => readdirSync(`${config.indexDir}.d`);

/** A fresh Engine over whatever serves now. (Not closed: Engine.close would dispose the shared embedder.) */
async function answersNow(): Promise<unknown[]> {
  return jsonAnswers(await Engine.open(config, { embedder }), SMALL_CORPUS_QUESTIONS);
}

beforeAll(async () => {
  const t = tempDir("quotebot-kill-");
  cleanup = t.cleanup;
  smallCorpus(t.dir);
  // Small batches so that "mid-embedding" is a real point between batches.
  env = testEnv(t.dir, "synthetic", { EMBED_BATCH_SIZE: "4" });
  config = loadConfig({ env, cwd: t.dir, dotenv: false });
  embedder = await loadEmbedder(config);
  await buildIndex({ config, log: silentLogger, embedder });
  servingBefore = await serving();
  before = await answersNow();
  // The corpus changes after the good build, so a build that completed would serve different content.
  appendFileSync(
    path.join(config.corpusDir, "003b-bitpowr-looks-to-asia-after-200m-milestone.md"),
    `\n${NEW_SENTENCE}\n`,
  );
  cpSync(
    path.join(CORPUS_DIR, "004-beijing-research-facility-blockchain-web3.md"),
    path.join(config.corpusDir, "004-beijing-research-facility-blockchain-web3.md"),
  );
});

afterAll(async () => {
  await embedder?.dispose();
  cleanup?.();
});

describe("a build killed with SIGKILL", () => {
  // One point per distinct state on disk: nothing written yet (lock held), mid-embedding, a staging folder with
  // the chunk store and lexical index, with the vectors too, and complete but unpublished. "model-loaded", "chunked"
  // and "embedded" leave the same disk state as "corpus-loaded" and are left out to keep the suite fast.
  const points = ["corpus-loaded", "embedding-batch", "lexical-written", "vectors-written", "manifest-written"];
  for (const point of points) {
    it(`given a build killed at "${point}" then the previous index still serves and answers identically`, async () => {
      const child = await runTs(CHILD, [], { env: { ...env, QB_KILL_AT: point } });
      expect(child.signal).toBe("SIGKILL");
      // It really got there: every phase before the kill point was reported.
      if (point !== "embedding-batch") expect(child.stdout).toContain(`phase ${point}\n`);
      else expect(child.stdout).toContain("phase chunked\n");
      expect(child.stdout).not.toContain("phase published");
      // The dead build's lock is left behind; the next case's build must take it over.
      expect(existsSync(path.join(`${config.indexDir}.d`, "build.lock"))).toBe(true);
      expect(await serving()).toBe(servingBefore);
      expect(await answersNow()).toEqual(before);
    });
  }

  it("given a build killed from outside at a random moment then the index is either the old one, answering identically, or the complete new one", async () => {
    const delayMs = Math.round(Math.random() * 4000);
    console.info(`killing the build-index CLI after ${delayMs} ms`);
    const child = await runTs("scripts/build-index.ts", ["--json"], {
      env,
      onStdout: () => undefined,
      timeoutMs: delayMs,
    });
    const now = await serving();
    if (child.signal === "SIGKILL" && now === servingBefore) expect(await answersNow()).toEqual(before);
    else {
      const engine = await Engine.open(config, { embedder });
      expect(engine.articles().map((a) => a.id)).toContain("004-beijing-research-facility-blockchain-web3");
    }
  });

  it('given a build killed right after "published" then the new index serves completely', async () => {
    const child = await runTs(CHILD, [], { env: { ...env, QB_KILL_AT: "published" } });
    expect(child.signal).toBe("SIGKILL");
    expect(await serving()).not.toBe(servingBefore);
    const engine = await Engine.open(config, { embedder });
    expect(engine.articles().map((a) => a.id)).toContain("004-beijing-research-facility-blockchain-web3");
    expect(engine.index.store.chunks.some((c) => c.text.includes(NEW_SENTENCE))).toBe(true);
  });

  it("given several killed builds then the next build succeeds, cleans up their leftovers and releases its lock", async () => {
    const summary = await buildIndex({ config, log: silentLogger, embedder });
    expect(summary.articles).toBe(4);
    expect(summary.folder).toBe(await serving());
    expect(generations().filter((n) => n.startsWith("staging-"))).toEqual([]);
    expect(generations().filter((n) => n.startsWith("build.lock"))).toEqual([]);
    const engine = await Engine.open(config, { embedder });
    const answer = await engine.ask("What did the zebra council approve?");
    expect(answer.answered).toBe(true);
    expect(answer.results[0]!.quote.text).toContain("striped ledger");
  });
});
