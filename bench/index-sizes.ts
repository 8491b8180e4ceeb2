/** The raw payload of an index: what a perfect in-memory representation would need at least. */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { ChunkStoreData } from "../src/indexing/chunk-store.js";
import { IndexFiles } from "../src/indexing/manifest.js";

export interface IndexSizes {
  chunks: number;
  /** n × dim × 4 bytes. */
  vectorBytes: number;
  /** HNSW file minus the vectors it holds: links, levels and labels. */
  graphBytes: number;
  /** UTF-8 bytes of all chunk texts. */
  textBytes: number;
  /** vectors + graph + texts. */
  rawBytes: number;
  /** Every file in the index folder, as stored. */
  filesBytes: Record<string, number>;
}

export async function indexSizes(folder: string, dimension: number): Promise<IndexSizes> {
  const store = JSON.parse(await readFile(path.join(folder, IndexFiles.chunks), "utf8")) as ChunkStoreData;
  const n = store.chunks.length;
  const filesBytes: Record<string, number> = {};
  for (const name of Object.values(IndexFiles)) {
    const st = await stat(path.join(folder, name)).catch(() => undefined);
    if (st) filesBytes[name] = st.size;
  }
  const vectorBytes = filesBytes[IndexFiles.hnsw] !== undefined ? n * dimension * 4 : 0;
  const graphBytes = Math.max(0, (filesBytes[IndexFiles.hnsw] ?? 0) - vectorBytes);
  const textBytes = store.chunks.reduce((s, c) => s + Buffer.byteLength(c.text, "utf8"), 0);
  return { chunks: n, vectorBytes, graphBytes, textBytes, rawBytes: vectorBytes + graphBytes + textBytes, filesBytes };
}
