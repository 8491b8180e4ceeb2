/**
 * Embedding efficiency: the index build's own embedding path (Embedder.embedDocuments → transformers.js
 * feature-extraction: tokenise, run, pool, normalise, copy out) against a bare ONNX Runtime session running the
 * same model on the same token batches in the same process. The two take turns batch by batch (the baseline runs
 * inside the embedder's per-batch callback, outside its clock), so machine load hits both alike.
 */
import type { Config } from "../src/config.js";
import { QuotebotError } from "../src/errors.js";
import { createEmbedder, embeddingBatches } from "../src/indexing/embedder.js";
import { loadTokenizer } from "../src/indexing/model.js";
import { createRawSession, loadOrt, tokenizeBatch } from "./raw-onnx.js";
import { median } from "./stats.js";

export interface EfficiencyResult {
  batchSize: number;
  threads: number;
  chunks: number;
  /** Medians over rounds. */
  pipelineChunksPerSec: number;
  rawChunksPerSec: number;
  /** pipeline / raw throughput, median over rounds. */
  ratio: number;
  perRoundRatio: number[];
}

export async function measureEfficiency(config: Config, texts: string[], rounds: number): Promise<EfficiencyResult> {
  const cfg = config.embedding;
  const embedder = await createEmbedder(cfg);
  if (embedder instanceof QuotebotError) throw embedder;
  const ort = loadOrt();
  const tokenizer = await loadTokenizer(cfg);
  // The same session options the pipeline gets (onnxSessionOptions), spinning included.
  const raw = await createRawSession(ort, cfg, { threads: cfg.threads, spinning: false });
  try {
    const batches = embeddingBatches(texts, cfg.batchSize).map(
      (b) =>
        tokenizeBatch(
          ort,
          tokenizer,
          b.map((j) => texts[j]!),
          raw.inputNames,
        ).feeds,
    );
    await raw.run(batches[0]!);
    await embedder.embedDocuments(texts.slice(0, cfg.batchSize));
    const pipeRates: number[] = [];
    const rawRates: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let pipeMs = 0;
      let rawMs = 0;
      let k = 0;
      let mark = performance.now();
      await embedder.embedDocuments(texts, async () => {
        pipeMs += performance.now() - mark;
        const t0 = performance.now();
        await raw.run(batches[k++]!);
        rawMs += performance.now() - t0;
        mark = performance.now();
      });
      if (k !== batches.length) throw new Error(`The embedder ran ${k} batches, the baseline has ${batches.length}.`);
      pipeRates.push((texts.length / pipeMs) * 1000);
      rawRates.push((texts.length / rawMs) * 1000);
      ratios.push(rawMs / pipeMs);
    }
    return {
      batchSize: cfg.batchSize,
      threads: cfg.threads,
      chunks: texts.length,
      pipelineChunksPerSec: median(pipeRates),
      rawChunksPerSec: median(rawRates),
      ratio: median(ratios),
      perRoundRatio: ratios,
    };
  } finally {
    await raw.release();
    await embedder.dispose();
  }
}
