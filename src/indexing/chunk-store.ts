/** Chunk texts and article metadata, stored as one JSON file. Row i of the store is label i in both indexes. */
import { readFile, writeFile } from "node:fs/promises";
import type { Article, ArticleMeta, Chunk } from "../types.js";

export interface StoredArticle extends ArticleMeta {
  contentHash: string;
  /** The first paragraph, for `/source` previews. */
  lead: string;
}

export interface ChunkStoreData {
  articles: StoredArticle[];
  chunks: Chunk[];
}

export function toStoredArticle(article: Article): StoredArticle {
  const { text, ...meta } = article;
  const lead = text.split("\n\n").find((p) => p.trim().length > 0) ?? "";
  return { ...meta, lead };
}

export async function writeChunkStore(file: string, data: ChunkStoreData): Promise<void> {
  await writeFile(file, JSON.stringify(data));
}

export async function readChunkStore(file: string): Promise<ChunkStoreData> {
  return JSON.parse(await readFile(file, "utf8")) as ChunkStoreData;
}
