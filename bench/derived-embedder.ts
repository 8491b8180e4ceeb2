/**
 * An Embedder for scale indexes: documents get derived vectors (see derive-vectors.ts) instead of running the
 * model, so a 100k-chunk index builds in minutes. It claims the real model's identity so that the Engine later
 * loads the real model for queries; it never embeds queries itself.
 */
import type { Config } from "../src/config.js";
import type { Embedder } from "../src/indexing/embedder.js";
import { embedderIdentity } from "../src/indexing/embedder-identity.js";
import { DIMENSION } from "./bench-config.js";

export interface VectorSource {
  /** `n` fresh unit vectors. */
  take(n: number): Float32Array[];
}

export function derivedEmbedder(cfg: Config["embedding"], source: VectorSource, dimension = DIMENSION): Embedder {
  return {
    ...embedderIdentity(cfg, dimension),
    async embedDocuments(texts, onBatch) {
      const out = source.take(texts.length);
      if (out.length !== texts.length || out.some((v) => v.length !== dimension))
        throw new RangeError(`the vector source gave ${out.length} vectors for ${texts.length} texts`);
      await onBatch?.(texts.length);
      return out;
    },
    async embedQuery() {
      throw new Error("The derived-vector embedder only stands in for document embedding during scale builds.");
    },
    async dispose() {},
  };
}
