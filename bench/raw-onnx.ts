/**
 * The baseline for embedding efficiency: a bare ONNX Runtime InferenceSession on the same model file, fed the
 * same token batches the transformers.js pipeline builds. ONNX Runtime is loaded from where transformers.js loads
 * it, so both run on the very same native runtime in the same process.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { PreTrainedTokenizer } from "@huggingface/transformers";
import type { Config } from "../src/config.js";
import { onnxSessionOptions } from "../src/indexing/model.js";

type EmbeddingConfig = Config["embedding"];

/** The slice of onnxruntime-node's API the baseline needs. */
interface OrtTensor {
  readonly dims: readonly number[];
}
interface OrtSession {
  readonly inputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface OrtModule {
  InferenceSession: { create(file: string, options: object): Promise<OrtSession> };
  Tensor: new (type: "int64", data: BigInt64Array, dims: readonly number[]) => OrtTensor;
}

export function loadOrt(): OrtModule {
  const require = createRequire(import.meta.url);
  const fromTransformers = createRequire(require.resolve("@huggingface/transformers"));
  return fromTransformers("onnxruntime-node") as OrtModule;
}

/** transformers.js file-name suffixes per dtype (models/<id>/onnx/model<suffix>.onnx). */
const DTYPE_SUFFIX: Record<EmbeddingConfig["dtype"], string> = {
  fp32: "",
  fp16: "_fp16",
  q8: "_quantized",
  int8: "_int8",
  uint8: "_uint8",
  q4: "_q4",
  bnb4: "_bnb4",
  q4f16: "_q4f16",
};

/** The ONNX file transformers.js loads for this config from a local MODELS_DIR. */
export function modelFile(cfg: Pick<EmbeddingConfig, "modelsDir" | "model" | "dtype">): string {
  if (!cfg.modelsDir) throw new Error("The raw ONNX baseline needs a local model folder (MODELS_DIR).");
  return path.join(cfg.modelsDir, cfg.model, "onnx", `model${DTYPE_SUFFIX[cfg.dtype]}.onnx`);
}

export interface SessionSettings {
  threads: number;
  spinning: boolean;
}

export interface RawSession {
  run(feeds: Record<string, OrtTensor>): Promise<void>;
  release(): Promise<void>;
}

export async function createRawSession(
  ort: OrtModule,
  cfg: Pick<EmbeddingConfig, "modelsDir" | "model" | "dtype">,
  settings: SessionSettings,
): Promise<RawSession & { inputNames: readonly string[] }> {
  const options = onnxSessionOptions({ threads: settings.threads });
  options.extra.session.intra_op.allow_spinning = settings.spinning ? "1" : "0";
  const session = await ort.InferenceSession.create(modelFile(cfg), options);
  return {
    inputNames: session.inputNames,
    run: async (feeds) => {
      await session.run(feeds);
    },
    release: () => session.release(),
  };
}

interface TokenizedTensor {
  data: BigInt64Array;
  dims: number[];
}

/** Tokenise one batch exactly as the feature-extraction pipeline does (pad to the longest, truncate to the limit). */
export function tokenizeBatch(
  ort: OrtModule,
  tokenizer: PreTrainedTokenizer,
  texts: string[],
  inputNames: readonly string[],
): { feeds: Record<string, OrtTensor>; tokens: number; padded: number } {
  const enc = tokenizer(texts, { padding: true, truncation: true }) as unknown as Record<string, TokenizedTensor>;
  const feeds: Record<string, OrtTensor> = {};
  for (const name of inputNames) {
    const t = enc[name];
    if (!t) throw new Error(`The tokenizer gave no ${name}, which the model needs.`);
    feeds[name] = new ort.Tensor("int64", t.data, t.dims);
  }
  const mask = enc.attention_mask!;
  let tokens = 0;
  for (const x of mask.data) tokens += Number(x);
  return { feeds, tokens, padded: mask.data.length };
}
