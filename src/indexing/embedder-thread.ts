/**
 * The query embedder on a thread of its own. onnxruntime-node runs a forward pass on the calling thread, so
 * in-process the event loop stands still for the whole pass: nothing else can run meanwhile (measured). In a worker,
 * the main thread searches BM25 while the question is embedded, and loads the index while the model loads, on the
 * other core. Same model, same settings, same vectors as `createEmbedder` (tests/indexing/embedder-thread.test.ts).
 */
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import { ErrorCode, QuotebotError } from "../errors.js";
import type { Embedder } from "./embedder.js";
import { embedderIdentity } from "./embedder-identity.js";

export type WorkerRequest =
  | { type: "query"; id: number; text: string }
  | { type: "documents"; id: number; texts: string[] }
  | { type: "dispose" };

export type WorkerReply =
  | { type: "ready"; dimension: number }
  | { type: "failed"; code?: string; message: string; hint?: string }
  | { type: "vectors"; id: number; vectors: Float32Array[] }
  | { type: "error"; id: number; message: string };

type Job = { type: "query"; text: string } | { type: "documents"; texts: string[] };

/**
 * The worker's entry: embedder-worker.js in built code; from the TypeScript sources, a small module that registers
 * tsx in the worker first (a worker does not inherit the parent's loader hooks).
 */
function workerEntry(): URL {
  const fromSources = import.meta.url.endsWith(".ts");
  return new URL(fromSources ? "./embedder-worker-tsx.mjs" : "./embedder-worker.js", import.meta.url);
}

const isErrorCode = (code: unknown): code is ErrorCode => Object.values(ErrorCode).includes(code as ErrorCode);

export async function createThreadedEmbedder(cfg: Config["embedding"]): Promise<Embedder | QuotebotError> {
  const worker = new Worker(workerEntry(), { workerData: cfg });
  const first = await new Promise<WorkerReply>((resolve) => {
    const settle = (reply: WorkerReply) => {
      // Only this handshake's own listeners: removeAllListeners() would also drop Node's internal ones.
      worker.off("message", settle);
      worker.off("error", onError);
      worker.off("exit", onExit);
      resolve(reply);
    };
    const onError = (e: Error) => settle({ type: "failed", message: e.message });
    const onExit = (code: number) => settle({ type: "failed", message: `the embedding thread exited (${code})` });
    worker.on("message", settle);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
  if (first.type !== "ready") {
    await worker.terminate();
    const failed = first as Extract<WorkerReply, { type: "failed" }>;
    return new QuotebotError(
      isErrorCode(failed.code) ? failed.code : ErrorCode.ModelUnavailable,
      failed.message,
      failed.hint,
    );
  }

  const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let dead: Error | undefined;
  const failAll = (e: Error) => {
    dead ??= e;
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };
  worker.on("message", (m: WorkerReply) => {
    if (m.type !== "vectors" && m.type !== "error") return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.type === "vectors") p?.resolve(m.vectors);
    else p?.reject(new Error(m.message));
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the embedding thread stopped (exit code ${code})`)));
  // An idle thread must not keep a finished CLI alive; a request in flight keeps it referenced.
  worker.unref();

  const request = (job: Job): Promise<Float32Array[]> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    worker.ref();
    return new Promise<Float32Array[]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...job, id } satisfies WorkerRequest);
    });
  };

  return {
    ...embedderIdentity(cfg, first.dimension),
    async embedQuery(text) {
      return (await request({ type: "query", text }))[0]!;
    },
    async embedDocuments(texts, onBatch) {
      const vectors = await request({ type: "documents", texts });
      await onBatch?.(texts.length);
      return vectors;
    },
    async dispose() {
      if (dead) return;
      dead = new Error("the embedder was disposed");
      worker.postMessage({ type: "dispose" } satisfies WorkerRequest);
      await worker.terminate();
    },
  };
}
