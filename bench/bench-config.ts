/**
 * Configs for benchmark runs: temporary folders, the real all-MiniLM-L6-v2 weights by default (or the random-weight
 * bge-small copy: real shape and cost, meaningless similarities), no network.
 */
import path from "node:path";
import { type Config, loadConfig } from "../src/config.js";

/** The output size of both models the bench can measure (all-MiniLM-L6-v2 and bge-small-en-v1.5). */
export const DIMENSION = 384;

export interface BenchPaths {
  /** Folder holding `<model id>/onnx/…` (../shared/models/real or ../shared/models/synthetic). */
  modelsDir: string;
  model: string;
  /** Trained weights (similarities mean something) or random ones (mechanics and cost only). */
  weights: "real" | "random";
}

export const BENCH_MODELS = ["real", "synthetic"] as const;
export type BenchModelChoice = (typeof BENCH_MODELS)[number];

/** The two model copies in the shared folder, by the name `--model` takes. */
export function benchModel(shared: string, choice: BenchModelChoice): BenchPaths {
  return choice === "real"
    ? { modelsDir: path.join(shared, "models", "real"), model: "Xenova/all-MiniLM-L6-v2", weights: "real" }
    : { modelsDir: path.join(shared, "models", "synthetic"), model: "bge-small-en-v1.5-random", weights: "random" };
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
