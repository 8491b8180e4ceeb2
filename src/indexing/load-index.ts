/**
 * Load a verified index folder into memory. Verification (manifest schema + every checksum) comes first; the HNSW
 * graph is only handed to hnswlib-node once its bytes are known to be the ones that were written.
 */
import { open, readFile } from "node:fs/promises";
import path from "node:path";
import { ErrorCode, errorMessage, QuotebotError } from "../errors.js";
import type { ArticleMeta } from "../types.js";
import { type ChunkStoreData, readChunkStore, type StoredArticle } from "./chunk-store.js";
import { currentIndexFolder } from "./index-dir.js";
import { decodeLexical } from "./lexical-format.js";
import { createLexicalStore, LEXICAL_ANALYZER_VERSION, type LexicalStore } from "./lexical-store.js";
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

/** A file of the index folder that reads but cannot be used. */
const corrupt = (folder: string, what: string) =>
  new QuotebotError(ErrorCode.IndexCorrupt, `The index in ${folder} is corrupt: ${what}.`, REBUILD);

/** A file of the index folder that cannot be read at all. */
const unreadable = (folder: string, e: unknown) =>
  new QuotebotError(ErrorCode.IndexCorrupt, `The index in ${folder} could not be read (${String(e)}).`, REBUILD);

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

/** What an incremental build reuses: the verified manifest and chunk store (no search structures loaded). */
export interface ReusableIndex {
  manifest: Manifest;
  store: ChunkStoreData;
  articlesById: Map<string, StoredArticle>;
}

/** Verify a folder and read its chunk store, without loading the BM25 index or the graph. */
export async function loadReusableParts(folder: string): Promise<ReusableIndex> {
  const manifest = await verifyIndexFolder(folder);
  let store: ChunkStoreData;
  try {
    store = await readChunkStore(path.join(folder, IndexFiles.chunks));
  } catch (e) {
    throw unreadable(folder, e);
  }
  if (!isChunkStore(store) || store.chunks.length !== manifest.count)
    throw new QuotebotError(
      ErrorCode.IndexCorrupt,
      `The chunk store in ${folder} does not match its manifest.`,
      REBUILD,
    );
  // Retrieval looks up every chunk's article; a dangling reference would fail on a user's question, not here.
  const articlesById = new Map<string, StoredArticle>(store.articles.map((a) => [a.id, a]));
  if (store.chunks.some((c) => !articlesById.has(c.articleId)))
    throw corrupt(folder, "a chunk refers to a missing article");
  return { manifest, store, articlesById };
}

export async function loadIndexFolder(folder: string): Promise<LoadedIndex> {
  const { manifest, store, articlesById } = await loadReusableParts(folder);
  if (manifest.lexicalAnalyzer !== LEXICAL_ANALYZER_VERSION)
    throw new QuotebotError(
      ErrorCode.IndexIncompatible,
      `The lexical index in ${folder} was built by an older version of quotebot.`,
      `${REBUILD} Chunks and vectors are reused, so this is quick.`,
    );
  if (!manifest.files[IndexFiles.lexical]) throw corrupt(folder, `the manifest does not list ${IndexFiles.lexical}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(folder, IndexFiles.lexical));
  } catch (e) {
    throw unreadable(folder, e);
  }
  let lexical: LexicalStore;
  try {
    lexical = createLexicalStore(decodeLexical(bytes));
  } catch (e) {
    throw corrupt(folder, `the lexical index cannot be loaded (${errorMessage(e)})`);
  }
  if (lexical.size !== manifest.count) throw corrupt(folder, "the lexical index does not match the manifest");
  let vectors: VectorStore | undefined;
  if (manifest.mode === "hybrid" && manifest.model && manifest.hnsw) {
    const file = path.join(folder, IndexFiles.hnsw);
    // hnswlib-node trusts the graph file: a wrong dimension or a dangling link reads out of bounds (wrong answers or
    // SIGSEGV). The checksum already matched; this also refuses a manifest that disagrees with its graph.
    const problem = await checkHnswFile(file, {
      dimension: manifest.model.dimension,
      count: manifest.count,
      M: manifest.hnsw.M,
    });
    if (problem)
      throw new QuotebotError(
        ErrorCode.IndexIncompatible,
        `The vector index in ${folder} does not match its manifest: ${problem}.`,
        REBUILD,
      );
    try {
      vectors = await loadHnsw(file, manifest.model.dimension, manifest.hnsw.efSearch);
    } catch (e) {
      // A refusal with its own code (hnswlib-node built for another CPU) is not a corrupt index.
      if (e instanceof QuotebotError) throw e;
      throw corrupt(folder, `the vector index cannot be loaded (${errorMessage(e)})`);
    }
    if (vectors.size !== manifest.count)
      throw new QuotebotError(
        ErrorCode.IndexCorrupt,
        `The vector index in ${folder} does not match its manifest.`,
        REBUILD,
      );
  }
  return { folder, manifest, store, articlesById, lexical, vectors };
}

function isChunkStore(data: unknown): data is ChunkStoreData {
  if (!data || typeof data !== "object") return false;
  const { articles, chunks } = data as Partial<ChunkStoreData>;
  return (
    Array.isArray(articles) &&
    Array.isArray(chunks) &&
    articles.every((a) => a && typeof a.id === "string" && typeof a.title === "string") &&
    chunks.every(
      (c) =>
        c &&
        typeof c.id === "string" &&
        typeof c.articleId === "string" &&
        typeof c.text === "string" &&
        (c.sentences === undefined || validSpans(c.sentences, c.text.length)),
    )
  );
}

/** Sentence spans: [start, end) pairs, in order, inside the text. */
function validSpans(spans: unknown, length: number): boolean {
  if (!Array.isArray(spans) || spans.length % 2 !== 0) return false;
  let previousEnd = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const [start, end] = [spans[i], spans[i + 1]];
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < previousEnd || end < start || end > length)
      return false;
    previousEnd = end;
  }
  return true;
}

/**
 * Structural check of an hnswlib graph file (the layout of hnswlib's `saveIndex` on 64-bit little-endian
 * platforms: size_t = 8 bytes, labels 8, neighbour ids 4). Verifies what hnswlib itself does not: the element
 * size implied by the dimension, every neighbour id, every label, and the levels that links point into.
 * Returns a description of the first problem, or undefined when the graph is safe to hand to hnswlib.
 */
export async function checkHnswFile(
  file: string,
  expected: { dimension: number; count: number; M: number },
): Promise<string | undefined> {
  const fh = await open(file, "r");
  try {
    const { size } = await fh.stat();
    const HEADER = 96;
    if (size < HEADER) return "the graph file is shorter than its header";
    const head = Buffer.alloc(HEADER);
    await fh.read(head, 0, HEADER, 0);
    const u64 = (offset: number) => Number(head.readBigUInt64LE(offset));
    const [offsetLevel0, maxElements, count, bytesPerElement, labelOffset, offsetData] = [0, 8, 16, 24, 32, 40].map(
      u64,
    );
    const maxLevel = head.readInt32LE(48);
    const entryPoint = head.readUInt32LE(52);
    const [maxM, maxM0, M] = [56, 64, 72].map(u64);
    const linksLevel0 = maxM0! * 4 + 4;
    const linksUpper = maxM! * 4 + 4;
    if (offsetLevel0 !== 0) return "the graph header is not an hnswlib header";
    if (count !== expected.count) return `the graph holds ${count} vectors, the manifest says ${expected.count}`;
    if (maxElements! < count || maxElements! > 2 * Math.max(1, count) + 1024) return "the graph capacity is invalid";
    if (M !== expected.M || maxM !== M || maxM0 !== 2 * M) return "the graph parameters differ from the manifest";
    if (
      offsetData !== linksLevel0 ||
      labelOffset !== linksLevel0 + expected.dimension * 4 ||
      bytesPerElement !== labelOffset + 8
    )
      return `the graph does not hold ${expected.dimension}-dimensional vectors`;
    if (count === 0) return size === HEADER ? undefined : "the graph file has trailing bytes";
    if (maxLevel < 0 || maxLevel > 63 || entryPoint >= count) return "the graph entry point is invalid";
    const level0Bytes = count * bytesPerElement!;
    if (HEADER + level0Bytes + 4 * count > size) return "the graph file is truncated";

    // Level 0: link count ≤ maxM0, neighbours < count, labels a permutation of 0..count-1 (labels are chunk rows).
    const seenLabel = new Uint8Array(count);
    const perBlock = Math.max(1, Math.floor((4 << 20) / bytesPerElement!));
    const block = Buffer.alloc(perBlock * bytesPerElement!);
    for (let first = 0; first < count; first += perBlock) {
      const n = Math.min(perBlock, count - first);
      const bytes = n * bytesPerElement!;
      const { bytesRead } = await fh.read(block, 0, bytes, HEADER + first * bytesPerElement!);
      if (bytesRead !== bytes) return "the graph file is truncated";
      for (let k = 0; k < n; k++) {
        const base = k * bytesPerElement!;
        const links = block.readUInt16LE(base);
        if (links > maxM0!) return `graph element ${first + k} has too many links`;
        for (let j = 0; j < links; j++)
          if (block.readUInt32LE(base + 4 + 4 * j) >= count)
            return `graph element ${first + k} links outside the graph`;
        const label = Number(block.readBigUInt64LE(base + labelOffset!));
        if (label >= count || seenLabel[label]) return `graph element ${first + k} has an invalid label`;
        seenLabel[label] = 1;
      }
    }

    // Upper levels: per element a byte length, then `level` blocks of links. A link on level l must point at an
    // element that exists on level l, or a search reads past that element's link lists.
    const rest = Buffer.alloc(size - HEADER - level0Bytes);
    await fh.read(rest, 0, rest.length, HEADER + level0Bytes);
    const levels = new Uint8Array(count);
    const upperLinks: number[] = []; // pairs of (neighbour, level)
    let pos = 0;
    for (let i = 0; i < count; i++) {
      if (pos + 4 > rest.length) return "the graph file is truncated";
      const bytes = rest.readUInt32LE(pos);
      pos += 4;
      if (bytes % linksUpper !== 0 || bytes / linksUpper > maxLevel || pos + bytes > rest.length)
        return `graph element ${i} has invalid upper-level links`;
      const level = bytes / linksUpper;
      levels[i] = level;
      for (let l = 1; l <= level; l++) {
        const at = pos + (l - 1) * linksUpper;
        const links = rest.readUInt16LE(at);
        if (links > maxM!) return `graph element ${i} has too many links on level ${l}`;
        for (let j = 0; j < links; j++) upperLinks.push(rest.readUInt32LE(at + 4 + 4 * j), l);
      }
      pos += bytes;
    }
    if (pos !== rest.length) return "the graph file has trailing bytes";
    if (levels[entryPoint] !== maxLevel) return "the graph entry point is not on the top level";
    for (let j = 0; j < upperLinks.length; j += 2) {
      const neighbour = upperLinks[j]!;
      if (neighbour >= count || levels[neighbour]! < upperLinks[j + 1]!) return "the graph links to a missing level";
    }
    return undefined;
  } finally {
    await fh.close();
  }
}

/** Strip storage-only fields for citations. */
export function citation(a: StoredArticle): ArticleMeta {
  const { contentHash: _hash, lead: _lead, ...meta } = a;
  return meta;
}
