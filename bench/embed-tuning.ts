/**
 * Tuning the embedding runtime: raw ONNX Runtime throughput for each (threads, spinning, batch size) on the same
 * real chunks. The configurations take turns on small slices of the work, so that load from other processes on a
 * shared machine falls on all of them alike instead of on whichever ran during a busy minute.
 */
import { Worker } from "node:worker_threads";
import type { Config } from "../src/config.js";
import { embeddingBatches } from "../src/indexing/embedder.js";
import { loadTokenizer } from "../src/indexing/model.js";
import { createRawSession, loadOrt, type SessionSettings, tokenizeBatch } from "./raw-onnx.js";
import { median } from "./stats.js";

export interface TuningCandidate extends SessionSettings {
  batchSize: number;
  /** Measure with a busy-looping thread on another core, as on a machine shared with other work. */
  contended?: boolean;
}

export interface TuningPoint extends TuningCandidate {
  /** Median over rounds of chunks per second. */
  chunksPerSec: number;
  perRound: number[];
  /** Padding tokens as a share of all tokens fed (cost of batching texts of different lengths). */
  paddingShare: number;
}

export interface TuningOptions {
  config: Config;
  texts: string[];
  candidates: TuningCandidate[];
  rounds: number;
  /** Texts per turn; a multiple of every batch size keeps batches identical to a whole-set run. */
  slice: number;
}

const key = (s: SessionSettings) => `${s.threads}/${s.spinning}`;

export async function tuneEmbedding(options: TuningOptions): Promise<TuningPoint[]> {
  const { config, texts, candidates } = options;
  const ort = loadOrt();
  const tokenizer = await loadTokenizer(config.embedding);
  const sessions = new Map<string, Awaited<ReturnType<typeof createRawSession>>>();
  for (const c of candidates)
    if (!sessions.has(key(c))) sessions.set(key(c), await createRawSession(ort, config.embedding, c));
  try {
    // One global length order (as in a build), cut into slices; each candidate batches each slice its own way.
    const order = embeddingBatches(texts, texts.length)[0] ?? [];
    const slices: string[][] = [];
    for (let i = 0; i < order.length; i += options.slice)
      slices.push(order.slice(i, i + options.slice).map((j) => texts[j]!));
    const prepared = candidates.map((c) => {
      const session = sessions.get(key(c))!;
      let tokens = 0;
      let padded = 0;
      const perSlice = slices.map((slice) =>
        embeddingBatches(slice, c.batchSize).map((batch) => {
          const t = tokenizeBatch(
            ort,
            tokenizer,
            batch.map((j) => slice[j]!),
            session.inputNames,
          );
          tokens += t.tokens;
          padded += t.padded;
          return t.feeds;
        }),
      );
      return { candidate: c, session, perSlice, paddingShare: padded === 0 ? 0 : 1 - tokens / padded };
    });
    for (const p of prepared) await p.session.run(p.perSlice[0]![0]!); // warm-up: first run allocates
    const times = prepared.map(() => new Array<number>(options.rounds).fill(0));
    for (let r = 0; r < options.rounds; r++)
      for (let s = 0; s < slices.length; s++)
        for (let k = 0; k < prepared.length; k++) {
          // Rotate who goes first, so no candidate always runs right after the same neighbour.
          const i = (k + s + r) % prepared.length;
          const p = prepared[i]!;
          const burner = p.candidate.contended ? await startBurner() : undefined;
          const t0 = performance.now();
          for (const feeds of p.perSlice[s]!) await p.session.run(feeds);
          times[i]![r]! += performance.now() - t0;
          await burner?.terminate();
        }
    return prepared.map((p, i) => {
      const perRound = times[i]!.map((ms) => (texts.length / ms) * 1000);
      return { ...p.candidate, chunksPerSec: median(perRound), perRound, paddingShare: p.paddingShare };
    });
  } finally {
    for (const s of sessions.values()) await s.release();
  }
}

/** A thread that keeps one core busy (another process on a shared machine), running once it has said so. */
async function startBurner(): Promise<Worker> {
  const worker = new Worker(
    "require('node:worker_threads').parentPort.postMessage('spinning'); for (;;) { /* burn one core */ }",
    { eval: true },
  );
  await new Promise((resolve) => worker.once("message", resolve));
  return worker;
}
