/** Text → unit vectors with the model's own pooling. Documents are embedded as-is; queries get the prefix. */
import type { FeatureExtractionPipeline } from "@huggingface/transformers";
import type { Config } from "../config.js";
import { ErrorCode, errorMessage, QuotebotError } from "../errors.js";
import { embedderIdentity } from "./embedder-identity.js";
import { loadFeatureExtractor } from "./model.js";

export interface Embedder {
  readonly modelId: string;
  readonly dtype: string;
  readonly dimension: number;
  readonly pooling: "cls" | "mean";
  readonly queryPrefix: string;
  /**
   * Embeds in batches, calling `onBatch(done)` after each so the caller can report progress. A returned promise is
   * awaited before the next batch (the benchmark runs its raw-ONNX baseline there, batch for batch).
   */
  embedDocuments(texts: string[], onBatch?: (done: number) => unknown): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/**
 * The batches `embedDocuments` runs, as indices into `texts`. Sorting by length keeps similar lengths in one batch,
 * so little compute is spent on padding. Exported so that the benchmark's raw-ONNX baseline runs the very same
 * batches.
 */
export function embeddingBatches(texts: readonly string[], batchSize: number): number[][] {
  const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}

export async function createEmbedder(cfg: Config["embedding"]): Promise<Embedder | QuotebotError> {
  const extractor = await loadFeatureExtractor(cfg);
  if (extractor instanceof QuotebotError) return extractor;
  return createEmbedderFromPipeline(extractor, cfg);
}

export async function createEmbedderFromPipeline(
  extractor: FeatureExtractionPipeline,
  cfg: Config["embedding"],
): Promise<Embedder | QuotebotError> {
  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const output = await extractor(texts, { pooling: cfg.pooling, normalize: true });
    const [rows, dim] = output.dims as [number, number];
    const data = output.data as Float32Array;
    const vectors: Float32Array[] = [];
    for (let i = 0; i < rows; i++) vectors.push(data.slice(i * dim, (i + 1) * dim));
    return vectors;
  };
  let dimension: number;
  try {
    dimension = (await run(["dimension probe"]))[0]!.length;
  } catch (e) {
    return new QuotebotError(
      ErrorCode.ModelUnavailable,
      `The embedding model ${cfg.model} loaded but failed to run (${errorMessage(e)}).`,
      "Check that the model folder holds a complete feature-extraction model.",
      { cause: e },
    );
  }
  return {
    ...embedderIdentity(cfg, dimension),
    async embedDocuments(texts, onBatch) {
      const out = new Array<Float32Array>(texts.length);
      let done = 0;
      for (const batch of embeddingBatches(texts, cfg.batchSize)) {
        const vectors = await run(batch.map((j) => texts[j]!));
        batch.forEach((j, k) => {
          out[j] = vectors[k]!;
        });
        done += batch.length;
        await onBatch?.(done);
      }
      return out;
    },
    async embedQuery(text) {
      return (await run([cfg.queryPrefix + text]))[0]!;
    },
    async dispose() {
      await extractor.dispose();
    },
  };
}
