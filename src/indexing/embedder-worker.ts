/**
 * The worker side of `embedder-thread.ts`: owns one transformers.js embedder and answers embedding requests.
 * Vectors go back as transferred buffers (no copy).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "../config.js";
import { errorMessage } from "../errors.js";
import { createEmbedder } from "./embedder.js";
import type { WorkerReply, WorkerRequest } from "./embedder-thread.js";

const port = parentPort;
if (!port) throw new Error("embedder-worker runs only as a worker thread");

const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const created = await createEmbedder(workerData as Config["embedding"]).catch((e: unknown) =>
  e instanceof Error ? e : new Error(String(e)),
);
if (!("embedDocuments" in created)) {
  const { code, hint } = created as Error & { code?: string; hint?: string };
  reply({ type: "failed", code, message: created.message, hint });
} else {
  reply({ type: "ready", dimension: created.dimension });
  port.on("message", async (request: WorkerRequest) => {
    if (request.type === "dispose") {
      await created.dispose().catch(() => undefined);
      port.close();
      return;
    }
    try {
      const vectors =
        request.type === "query"
          ? [await created.embedQuery(request.text)]
          : await created.embedDocuments(request.texts);
      reply(
        { type: "vectors", id: request.id, vectors },
        vectors.map((v) => v.buffer as ArrayBuffer),
      );
    } catch (e) {
      reply({ type: "error", id: request.id, message: errorMessage(e) });
    }
  });
}
