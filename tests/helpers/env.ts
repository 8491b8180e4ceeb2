/**
 * Test fixtures shared by every suite: where ../shared lives, a Config pointing at temporary folders, and the
 * synthetic random-weight model (real bge-small-en-v1.5 shape) for exercising the real transformers.js path.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Config, loadConfig } from "../../src/config.js";
import { createEmbedder, type Embedder } from "../../src/indexing/embedder.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED = process.env.QUOTEBOT_SHARED_DIR ?? path.resolve(REPO_ROOT, "../shared");
export const SYNTHETIC_MODELS_DIR = path.join(SHARED, "models/synthetic");
export const SYNTHETIC_MODEL = "bge-small-en-v1.5-random";
export const REAL_TOKENIZERS_DIR = path.join(SHARED, "models");
/** Real all-MiniLM-L6-v2 weights: for tests of what the model should understand. */
export const REAL_MODELS_DIR = path.join(SHARED, "models/real");
export const REAL_MODEL = "Xenova/all-MiniLM-L6-v2";
export const CORPUS_DIR = path.join(REPO_ROOT, "corpus");
export const DATASETS = path.join(SHARED, "datasets");

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = "quotebot-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copy the repo's curated corpus into `dir/corpus` so a test can change it freely. */
export function copyCorpus(dir: string): string {
  const target = path.join(dir, "corpus");
  cpSync(CORPUS_DIR, target, { recursive: true });
  return target;
}

export type ModelChoice = "synthetic" | "real" | "offline" | "tokenizer-only";

/**
 * Env for a test config.
 * - synthetic: the random-weight bge model → hybrid index (mechanics only, never quality).
 * - real: real all-MiniLM-L6-v2 weights → hybrid index whose similarities mean something.
 * - tokenizer-only: real bge tokenizer but no weights → lexical index with real token counts.
 * - offline: nothing local and no remote → lexical index with approximate token counts.
 */
export function testEnv(dir: string, model: ModelChoice, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: Record<string, string> = {
    CORPUS_DIR: path.join(dir, "corpus"),
    INDEX_DIR: path.join(dir, "index"),
    MODEL_CACHE_DIR: path.join(dir, "models-cache"),
    ALLOW_REMOTE_MODELS: "false",
    FEEDBACK_FILE: path.join(dir, "feedback.jsonl"),
    LOG_LEVEL: "silent",
  };
  if (model === "synthetic")
    Object.assign(base, { MODELS_DIR: SYNTHETIC_MODELS_DIR, EMBEDDING_MODEL: SYNTHETIC_MODEL });
  if (model === "real") Object.assign(base, { MODELS_DIR: REAL_MODELS_DIR, EMBEDDING_MODEL: REAL_MODEL });
  if (model === "tokenizer-only")
    Object.assign(base, { MODELS_DIR: REAL_TOKENIZERS_DIR, EMBEDDING_MODEL: "Xenova/bge-small-en-v1.5" });
  if (model === "offline")
    Object.assign(base, { MODELS_DIR: path.join(dir, "no-models"), EMBEDDING_MODEL: "Xenova/bge-small-en-v1.5" });
  return { ...base, ...extra };
}

export function testConfig(dir: string, model: ModelChoice, extra: Record<string, string> = {}): Config {
  return loadConfig({ env: testEnv(dir, model, extra), cwd: dir, dotenv: false });
}

/** A temp folder with a copy of the curated corpus, indexed with `model`. Call `cleanup` in afterAll. */
export async function indexedCorpus(
  model: ModelChoice,
  extra: Record<string, string> = {},
): Promise<{ dir: string; config: Config; cleanup: () => void }> {
  const { buildIndex } = await import("../../src/indexing/build-index.js");
  const { silentLogger } = await import("../../src/log.js");
  const t = tempDir();
  copyCorpus(t.dir);
  const config = testConfig(t.dir, model, extra);
  await buildIndex({ config, log: silentLogger });
  return { dir: t.dir, config, cleanup: t.cleanup };
}

/** The embedder a test config describes; a model that fails to load fails the test setup with its own error. */
export async function loadEmbedder(config: Config): Promise<Embedder> {
  const created = await createEmbedder(config.embedding);
  if (!("embedDocuments" in created)) throw created;
  return created;
}
