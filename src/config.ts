/**
 * The one place that reads the environment. Everything else receives a validated, typed Config.
 * `.env` is loaded by dotenv; real environment variables win over it.
 */
import path from "node:path";
import dotenv from "dotenv";
import { z } from "zod";
import { ErrorCode, QuotebotError } from "./errors.js";

/**
 * The default model is the one whose quality is measured in docs/quality.md (real all-MiniLM-L6-v2 weights). bge-small
 * and gte-small stay selectable: their published scores are higher, but they are not measured here.
 */
export const DEFAULT_EMBEDDING_MODEL = "Xenova/all-MiniLM-L6-v2";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off", ""])
  .transform((v) => ["true", "1", "yes", "on"].includes(v));
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const EnvSchema = z.object({
  CORPUS_DIR: z.string().default("corpus"),
  INDEX_DIR: z.string().default("data/index"),
  MODELS_DIR: optionalString,
  MODEL_CACHE_DIR: z.string().default("data/models"),
  ALLOW_REMOTE_MODELS: bool.default("true"),
  EMBEDDING_MODEL: z.string().default(DEFAULT_EMBEDDING_MODEL),
  EMBEDDING_DTYPE: z.enum(["fp32", "fp16", "q8", "int8", "uint8", "q4", "bnb4", "q4f16"]).default("q8"),
  EMBEDDING_POOLING: z.enum(["cls", "mean", ""]).optional(),
  EMBEDDING_QUERY_PREFIX: z.string().optional(),
  EMBED_BATCH_SIZE: z.coerce.number().int().min(1).max(512).default(4),
  ONNX_THREADS: z.coerce.number().int().min(0).max(64).default(0),
  QUERY_ONNX_THREADS: z.coerce.number().int().min(0).max(64).default(1),
  CHUNK_MAX_TOKENS: z.coerce.number().int().min(32).max(500).default(400),
  CHUNK_OVERLAP_TOKENS: z.coerce.number().int().min(0).max(256).default(40),
  ANSWER_TOP_K: z.coerce.number().int().min(1).max(25).default(3),
  MIN_ANSWER_COVERAGE: z.coerce.number().min(0).max(1).default(0.55),
  MIN_ANSWER_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.42),
  MAX_QUESTION_CHARS: z.coerce.number().int().min(16).max(6000).default(1000),
  MAX_CORPUS_FILE_MB: z.coerce.number().min(0.01).max(4096).default(20),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DISCORD_TOKEN: optionalString,
  DISCORD_CLIENT_ID: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_API_URL: optionalString,
  REPLY_IN_THREAD: bool.default("false"),
  COOLDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  FEEDBACK_FILE: optionalString,
  DATA_DIR: optionalString,
  MESSAGE_CONTENT_INTENT: bool.default("false"),
  IMPORT_FEEDS: optionalString,
  IMPORT_INTERVAL_MINUTES: z.coerce.number().min(1).max(10080).default(60),
  IMPORT_LIMIT: z.coerce.number().int().min(1).max(1000).default(20),
  IMPORT_STATE_FILE: optionalString,
  IMPORT_CONNECT_TIMEOUT_SECONDS: z.coerce.number().min(0.01).max(300).default(10),
  IMPORT_TIMEOUT_SECONDS: z.coerce.number().min(0.01).max(600).default(30),
  IMPORT_MAX_MB: z.coerce.number().min(0.01).max(100).default(5),
  IMPORT_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  IMPORT_HOST_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  IMPORT_HOST_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  IMPORT_USER_AGENT: z.string().default("quotebot/0.1 (article importer)"),
  IMPORT_ALLOW_PRIVATE_ADDRESSES: bool.default("false"),
  DISCORD_SHARDS: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(10_000)]).optional(),
  SERVE_HOST: z.string().trim().default("127.0.0.1"),
  SERVE_PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  QUERY_API_KEYS: optionalString,
  SERVE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  QUERY_URL: z.string().trim().url().optional(),
  QUERY_API_KEY: optionalString,
});

export interface Config {
  corpusDir: string;
  indexDir: string;
  embedding: {
    model: string;
    dtype: z.infer<typeof EnvSchema>["EMBEDDING_DTYPE"];
    /** Local folder holding `<model id>/…` (offline use). */
    modelsDir?: string;
    cacheDir: string;
    allowRemote: boolean;
    pooling: "cls" | "mean";
    /** Prepended to queries only (bge's retrieval instruction). */
    queryPrefix: string;
    batchSize: number;
    /** ONNX Runtime intra-op threads for document batches (index builds); 0 lets the runtime decide. */
    threads: number;
    /**
     * The same for the query embedder (one short text at a time). One thread is faster there: a question's
     * operators are too small to split, and waking a second thread costs more than it saves (docs/performance.md).
     */
    queryThreads: number;
  };
  chunking: { maxTokens: number; overlapTokens: number };
  retrieval: {
    topK: number;
    /** Keyword mode: the share of the question a passage must cover to count as an answer. */
    minCoverage: number;
    /** Hybrid mode: the same for coverage and dense similarity together (see passageConfidence). */
    minConfidence: number;
    maxQuestionChars: number;
  };
  maxCorpusFileBytes: number;
  /**
   * The bot's state (per-server settings database, the per-installation secret, feedback): DATA_DIR, by default
   * the folder that holds the index (`data/`).
   */
  dataDir: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  discord: {
    token?: string;
    clientId?: string;
    guildId?: string;
    apiUrl?: string;
    replyInThread: boolean;
    cooldownSeconds: number;
    feedbackFile: string;
    /**
     * Request the privileged Message Content intent: needed to read forum posts and follow-ups that do not mention
     * the bot (docs/discord.md).
     */
    messageContent: boolean;
    /** Internal shards of one process: a count, or "auto" for Discord's recommendation (unset: one shard). */
    shards?: number | "auto";
  };
  /** `npm run serve`: the HTTP query service. */
  serve: {
    host: string;
    port: number;
    /** Accepted API keys (never logged). Required for any bind other than loopback. */
    apiKeys: string[];
    rateLimitPerMinute: number;
  };
  /** The bot's query service: when `url` is set, questions go there instead of a local Engine. */
  query: { url?: string; apiKey?: string };
  /** `npm run import`, the feed watch and `/import` (src/import/). */
  import: {
    feeds: string[];
    intervalMinutes: number;
    /** Entries per feed and poll, newest first. */
    limit: number;
    stateFile: string;
    connectTimeoutMs: number;
    timeoutMs: number;
    maxBytes: number;
    maxRedirects: number;
    hostConcurrency: number;
    hostDelayMs: number;
    userAgent: string;
    /** Test/dev only: lets the importer fetch loopback and private addresses (a test server on 127.0.0.1). */
    allowPrivateAddresses: boolean;
  };
}

const BGE_QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

/** bge models pool on the CLS token and want a query instruction; MiniLM, gte and most others mean-pool. */
export function modelDefaults(model: string): { pooling: "cls" | "mean"; queryPrefix: string } {
  const isBge = /(^|\/)bge-/i.test(model);
  const isEnglishBge = isBge && /-en(-|$)/i.test(model);
  return { pooling: isBge ? "cls" : "mean", queryPrefix: isEnglishBge ? BGE_QUERY_PREFIX : "" };
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Directory that relative paths are resolved against. */
  cwd?: string;
  /** Read `.env` from cwd (default true when env is process.env). */
  dotenv?: boolean;
}

/**
 * An empty value means "unset", everywhere: a copied .env.example with blanked values, or `INDEX_DIR= npm run …`,
 * must act as if the variable were absent (an empty INDEX_DIR once resolved to the repository root itself).
 */
export function withoutEmptyValues(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== "") out[k] = v;
  return out;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const useDotenv = options.dotenv ?? options.env === undefined;
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  if (useDotenv) {
    const parsed = dotenv.config({ path: path.join(cwd, ".env"), processEnv: {}, quiet: true }).parsed ?? {};
    for (const [k, v] of Object.entries(parsed)) if (!env[k]?.trim()) env[k] = v;
  }
  const result = EnvSchema.safeParse(withoutEmptyValues(env));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new QuotebotError(
      ErrorCode.ConfigInvalid,
      `Invalid configuration: ${problems}.`,
      "Fix the variable in your environment or .env (see .env.example).",
    );
  }
  const e = result.data;
  const defaults = modelDefaults(e.EMBEDDING_MODEL);
  const abs = (p: string) => path.resolve(cwd, p);
  const dataDir = e.DATA_DIR ? abs(e.DATA_DIR) : path.dirname(abs(e.INDEX_DIR));
  return {
    corpusDir: abs(e.CORPUS_DIR),
    indexDir: abs(e.INDEX_DIR),
    embedding: {
      model: e.EMBEDDING_MODEL,
      dtype: e.EMBEDDING_DTYPE,
      modelsDir: e.MODELS_DIR ? abs(e.MODELS_DIR) : undefined,
      cacheDir: abs(e.MODEL_CACHE_DIR),
      allowRemote: e.ALLOW_REMOTE_MODELS,
      pooling: e.EMBEDDING_POOLING || defaults.pooling,
      queryPrefix: e.EMBEDDING_QUERY_PREFIX ?? defaults.queryPrefix,
      batchSize: e.EMBED_BATCH_SIZE,
      threads: e.ONNX_THREADS,
      queryThreads: e.QUERY_ONNX_THREADS,
    },
    chunking: {
      maxTokens: e.CHUNK_MAX_TOKENS,
      overlapTokens: Math.min(e.CHUNK_OVERLAP_TOKENS, e.CHUNK_MAX_TOKENS / 2),
    },
    retrieval: {
      topK: e.ANSWER_TOP_K,
      minCoverage: e.MIN_ANSWER_COVERAGE,
      minConfidence: e.MIN_ANSWER_CONFIDENCE,
      maxQuestionChars: e.MAX_QUESTION_CHARS,
    },
    maxCorpusFileBytes: Math.round(e.MAX_CORPUS_FILE_MB * 1024 * 1024),
    dataDir,
    logLevel: e.LOG_LEVEL,
    discord: {
      token: e.DISCORD_TOKEN,
      clientId: e.DISCORD_CLIENT_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
      replyInThread: e.REPLY_IN_THREAD,
      cooldownSeconds: e.COOLDOWN_SECONDS,
      feedbackFile: e.FEEDBACK_FILE ? abs(e.FEEDBACK_FILE) : path.join(dataDir, "feedback.jsonl"),
      messageContent: e.MESSAGE_CONTENT_INTENT,
      shards: e.DISCORD_SHARDS,
    },
    serve: {
      host: e.SERVE_HOST,
      port: e.SERVE_PORT,
      apiKeys: (e.QUERY_API_KEYS ?? "")
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
      rateLimitPerMinute: e.SERVE_RATE_LIMIT_PER_MINUTE,
    },
    query: { url: e.QUERY_URL, apiKey: e.QUERY_API_KEY },
    import: {
      feeds: (e.IMPORT_FEEDS ?? "").split(/[\s,]+/).filter(Boolean),
      intervalMinutes: e.IMPORT_INTERVAL_MINUTES,
      limit: e.IMPORT_LIMIT,
      stateFile: e.IMPORT_STATE_FILE ? abs(e.IMPORT_STATE_FILE) : path.join(dataDir, "import-state.json"),
      connectTimeoutMs: Math.round(e.IMPORT_CONNECT_TIMEOUT_SECONDS * 1000),
      timeoutMs: Math.round(e.IMPORT_TIMEOUT_SECONDS * 1000),
      maxBytes: Math.round(e.IMPORT_MAX_MB * 1024 * 1024),
      maxRedirects: e.IMPORT_MAX_REDIRECTS,
      hostConcurrency: e.IMPORT_HOST_CONCURRENCY,
      hostDelayMs: e.IMPORT_HOST_DELAY_MS,
      userAgent: e.IMPORT_USER_AGENT,
      allowPrivateAddresses: e.IMPORT_ALLOW_PRIVATE_ADDRESSES,
    },
  };
}
