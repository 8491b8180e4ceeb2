/**
 * What earlier imports left in the corpus folder, read back from the files themselves (so deleting the data folder
 * loses nothing): each imported file's citation URL, the hash of its body, and whether a person has edited it.
 */
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { bodyHash, recordedHash, writtenByImport } from "./article-file.js";

export interface ImportedFile {
  /** File name inside the corpus folder. */
  name: string;
  url?: string;
  bodyHash: string;
  editedByHand: boolean;
}

export interface ImportedFiles {
  byUrl: Map<string, ImportedFile>;
  byBody: Map<string, ImportedFile>;
  /** Every file name in the folder (imported or not), so a new file never takes an existing name. */
  names: Set<string>;
}

/** A URL as a dedupe key: no fragment, default ports and case of scheme and host normalised by URL. */
export function urlKey(url: string): string {
  try {
    const u = new URL(url);
    u.hash = "";
    return u.href;
  } catch {
    return url;
  }
}

export async function readImportedFiles(corpusDir: string): Promise<ImportedFiles> {
  const result: ImportedFiles = { byUrl: new Map(), byBody: new Map(), names: new Set() };
  const entries = await readdir(corpusDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    result.names.add(entry.name.toLowerCase());
    if (!entry.isFile() || !entry.name.endsWith(".md")) continue;
    const full = path.join(corpusDir, entry.name);
    // Imports are small; a huge file here was not written by import and need not be read.
    if ((await lstat(full)).size > 20 * 1024 * 1024) continue;
    const text = await readFile(full, "utf8").catch(() => undefined);
    if (text === undefined || recordedHash(text) === undefined) continue;
    let parsed: matter.GrayMatterFile<string>;
    try {
      parsed = matter(text, {});
    } catch {
      continue;
    }
    const data = (parsed.data ?? {}) as Record<string, unknown>;
    const record: ImportedFile = {
      name: entry.name,
      url: typeof data.url === "string" ? urlKey(data.url) : undefined,
      bodyHash: bodyHash(parsed.content),
      editedByHand: !writtenByImport(text),
    };
    if (record.url) result.byUrl.set(record.url, record);
    result.byBody.set(record.bodyHash, record);
  }
  return result;
}
