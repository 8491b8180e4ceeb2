/** Configs for benchmark runs: temporary folders, the synthetic model (real shape and cost), no network. */
import path from "node:path";
import { type Config, loadConfig } from "../config.js";

/** The dimension of the model every bench step uses (bge-small-en-v1.5's shape). */
export const DIMENSION = 384;

export interface BenchPaths {
  /** Folder holding `<model id>/onnx/…` (../shared/models/synthetic). */
  modelsDir: string;
  model: string;
}

export function benchConfig(root: string, paths: BenchPaths, overrides: { env?: Record<string, string> } = {}): Config {
  return loadConfig({
    env: {
      CORPUS_DIR: path.join(root, "corpus"),
      INDEX_DIR: path.join(root, "index"),
      MODEL_CACHE_DIR: path.join(root, "models-cache"),
      MODELS_DIR: paths.modelsDir,
      EMBEDDING_MODEL: paths.model,
      ALLOW_REMOTE_MODELS: "false",
      FEEDBACK_FILE: path.join(root, "feedback.jsonl"),
      LOG_LEVEL: "silent",
      ...overrides.env,
    },
    cwd: root,
    dotenv: false,
  });
}

/** The same settings as environment variables, for child processes (cold start). */
export function benchEnv(config: Config): Record<string, string> {
  const e = config.embedding;
  return {
    CORPUS_DIR: config.corpusDir,
    INDEX_DIR: config.indexDir,
    MODEL_CACHE_DIR: e.cacheDir,
    ...(e.modelsDir ? { MODELS_DIR: e.modelsDir } : {}),
    EMBEDDING_MODEL: e.model,
    EMBEDDING_DTYPE: e.dtype,
    EMBED_BATCH_SIZE: String(e.batchSize),
    ONNX_THREADS: String(e.threads),
    QUERY_ONNX_THREADS: String(e.queryThreads),
    ALLOW_REMOTE_MODELS: "false",
    LOG_LEVEL: "warn",
  };
}
