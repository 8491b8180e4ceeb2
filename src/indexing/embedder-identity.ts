/**
 * What identifies an embedder's vectors (the manifest records it): the model, its settings and the dimension. In a
 * module of its own, with no runtime imports, so the embedding thread's main-thread side does not load
 * transformers.js just to describe the embedder.
 */
import type { Config } from "../config.js";
import type { Embedder } from "./embedder.js";

export type EmbedderIdentity = Pick<Embedder, "modelId" | "dtype" | "dimension" | "pooling" | "queryPrefix">;

export function embedderIdentity(cfg: Config["embedding"], dimension: number): EmbedderIdentity {
  return {
    modelId: cfg.model,
    dtype: cfg.dtype,
    dimension,
    pooling: cfg.pooling,
    queryPrefix: cfg.queryPrefix,
  };
}
