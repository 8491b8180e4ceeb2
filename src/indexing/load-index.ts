/**
 * Load a verified index folder into memory. Verification (manifest schema + every checksum) comes first; the HNSW
 * graph is only handed to hnswlib-node once its bytes are known to be the ones that were written.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ErrorCode, QuotebotError } from "../errors.js";
import type { ArticleMeta } from "../types.js";
import { type ChunkStoreData, readChunkStore, type StoredArticle } from "./chunk-store.js";
import { currentIndexFolder } from "./index-dir.js";
import { LEXICAL_ANALYZER_VERSION, type LexicalStore, loadLexical, type SerializedLexical } from "./lexical-store.js";
import { IndexFiles, type Manifest, verifyIndexFolder } from "./manifest.js";
import { loadHnsw, type VectorStore } from "./vector-store.js";

export interface LoadedIndex {
  folder: string;
  manifest: Manifest;
  store: ChunkStoreData;
  articlesById: Map<string, StoredArticle>;
  lexical: LexicalStore;
  /** Present in hybrid mode only. */
  vectors?: VectorStore;
}

const REBUILD = "Rebuild it with `npm run build-index`.";

export async function resolveIndexFolder(indexDir: string): Promise<string> {
  const folder = await currentIndexFolder(indexDir);
  if (!folder)
    throw new QuotebotError(
      ErrorCode.IndexMissing,
      `No index found at ${indexDir}.`,
      "Build one with `npm run build-index`.",
    );
  return folder;
}

export async function loadIndexFolder(folder: string): Promise<LoadedIndex> {
  const manifest = await verifyIndexFolder(folder);
  let store: ChunkStoreData;
  let lexicalData: SerializedLexical;
  try {
    store = await readChunkStore(path.join(folder, IndexFiles.chunks));
    lexicalData = JSON.parse(await readFile(path.join(folder, IndexFiles.lexical), "utf8")) as SerializedLexical;
  } catch (e) {
    throw new QuotebotError(
      ErrorCode.IndexCorrupt,
      `The index in ${folder} could not be read (${String(e)}).`,
      REBUILD,
    );
  }
  if (!Array.isArray(store.chunks) || store.chunks.length !== manifest.count)
    throw new QuotebotError(
      ErrorCode.IndexCorrupt,
      `The chunk store in ${folder} does not match its manifest.`,
      REBUILD,
    );
  if (lexicalData.analyzer !== LEXICAL_ANALYZER_VERSION)
    throw new QuotebotError(
      ErrorCode.IndexIncompatible,
      `The lexical index in ${folder} was built by an older version of quotebot.`,
      REBUILD,
    );
  const lexical = loadLexical(lexicalData);
  let vectors: VectorStore | undefined;
  if (manifest.mode === "hybrid" && manifest.model && manifest.hnsw) {
    vectors = await loadHnsw(path.join(folder, IndexFiles.hnsw), manifest.model.dimension, manifest.hnsw.efSearch);
    if (vectors.size !== manifest.count)
      throw new QuotebotError(
        ErrorCode.IndexCorrupt,
        `The vector index in ${folder} does not match its manifest.`,
        REBUILD,
      );
  }
  const articlesById = new Map<string, StoredArticle>(store.articles.map((a) => [a.id, a]));
  return { folder, manifest, store, articlesById, lexical, vectors };
}

/** Strip storage-only fields for citations. */
export function citation(a: StoredArticle): ArticleMeta {
  const { contentHash: _hash, lead: _lead, ...meta } = a;
  return meta;
}
