/**
 * Loading the embedding model and its tokenizer through transformers.js. A local folder (MODELS_DIR) is tried
 * first, then the Hugging Face Hub when remote models are allowed. Loading failures become typed errors so the
 * build can fall back to a lexical-only index.
 */
import {
  AutoTokenizer,
  env,
  type FeatureExtractionPipeline,
  type PreTrainedTokenizer,
  pipeline,
} from "@huggingface/transformers";
import type { Config } from "../config.js";
import { ErrorCode, errorMessage, QuotebotError } from "../errors.js";

type EmbeddingConfig = Config["embedding"];

function configureRuntime(cfg: EmbeddingConfig): void {
  env.allowLocalModels = cfg.modelsDir !== undefined;
  if (cfg.modelsDir) env.localModelPath = cfg.modelsDir.endsWith("/") ? cfg.modelsDir : `${cfg.modelsDir}/`;
  env.allowRemoteModels = cfg.allowRemote;
  env.cacheDir = cfg.cacheDir;
}

/** How to get the model: shown whenever it cannot be loaded. */
export function modelHint(cfg: EmbeddingConfig): string {
  return cfg.allowRemote
    ? `Connect to the internet once so ${cfg.model} downloads (it is cached in ${cfg.cacheDir}), or set MODELS_DIR to a folder that holds ${cfg.model}/ with its onnx/ weights, then rebuild the index with \`npm run build-index\`.`
    : `Set MODELS_DIR to a folder that holds ${cfg.model}/ with its onnx/ weights (or set ALLOW_REMOTE_MODELS=true to download it), then rebuild the index with \`npm run build-index\`.`;
}

const firstLine = (e: unknown) => errorMessage(e).split("\n")[0]!.slice(0, 300);

/** Counts tokens the way the embedding model will see them (without special tokens). */
export interface TokenCounter {
  /** Tokenizer id recorded in the manifest; `approx:words` when the real tokenizer was unavailable. */
  readonly id: string;
  count(text: string): number;
}

/** The model's tokenizer, from the configured local folder (or the Hub when allowed). Throws when unavailable. */
export async function loadTokenizer(cfg: EmbeddingConfig): Promise<PreTrainedTokenizer> {
  configureRuntime(cfg);
  return AutoTokenizer.from_pretrained(cfg.model);
}

export async function loadTokenCounter(cfg: EmbeddingConfig): Promise<TokenCounter | QuotebotError> {
  try {
    const tokenizer = await loadTokenizer(cfg);
    return {
      id: cfg.model,
      count: (text: string) => tokenizer.encode(text, { add_special_tokens: false }).length,
    };
  } catch (e) {
    return new QuotebotError(
      ErrorCode.ModelUnavailable,
      `The tokenizer of ${cfg.model} could not be loaded (${firstLine(e)}).`,
      modelHint(cfg),
      { cause: e },
    );
  }
}

/**
 * Fallback when even the tokenizer is unavailable: WordPiece splits most English words into 1–2 pieces and
 * punctuation into its own piece, so words + punctuation, times 1.3, slightly overestimates. Overestimating keeps
 * chunks under the model's limit.
 */
export const approximateTokenCounter: TokenCounter = {
  id: "approx:words",
  count: (text: string) => Math.ceil((text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0) * 1.3),
};

/** ONNX Runtime session options (the subset quotebot sets). */
export interface OnnxSessionOptions {
  intraOpNumThreads?: number;
  interOpNumThreads: number;
  /** Flattened into ORT session config entries, e.g. `session.intra_op.allow_spinning`. */
  extra: { session: { intra_op: { allow_spinning: "0" | "1" } } };
}

/**
 * The ONNX Runtime settings for the embedding session, also used by `npm run bench` for its raw-session baseline.
 * Spinning is off: ORT's idle worker threads busy-wait by default, which on a small shared machine burns the
 * cores that the other thread (and every other process) needs; measured 2–3× slower with 2 threads under load
 * (see docs/performance.md). One inter-op thread: the BERT graph is a chain, with nothing to run in parallel.
 */
export function onnxSessionOptions(cfg: Pick<EmbeddingConfig, "threads">): OnnxSessionOptions {
  return {
    ...(cfg.threads > 0 ? { intraOpNumThreads: cfg.threads } : {}),
    interOpNumThreads: 1,
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
}

export async function loadFeatureExtractor(cfg: EmbeddingConfig): Promise<FeatureExtractionPipeline | QuotebotError> {
  configureRuntime(cfg);
  try {
    return await pipeline("feature-extraction", cfg.model, {
      dtype: cfg.dtype,
      session_options: onnxSessionOptions(cfg),
    });
  } catch (e) {
    return new QuotebotError(
      ErrorCode.ModelUnavailable,
      `Semantic search is off: the embedding model ${cfg.model} (${cfg.dtype}) could not be loaded (${firstLine(e)}).`,
      modelHint(cfg),
      { cause: e },
    );
  }
}
