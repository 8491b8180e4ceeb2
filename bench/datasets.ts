/**
 * The public datasets the benchmark runs on (../shared/datasets), read in place and copied only into temporary
 * corpus folders: they are never copied into the repository.
 */
import { createReadStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseJsonlLine } from "../src/corpus/load-jsonl.js";

export interface DatasetPaths {
  bbc: string;
  reuters: string;
}

export function datasetPaths(datasetsDir: string): DatasetPaths {
  return {
    bbc: path.join(datasetsDir, "bbc-news", "bbc-news.jsonl"),
    reuters: path.join(datasetsDir, "reuters-21578", "reuters21578.jsonl"),
  };
}

/** A JSONL row as an article: the fields quotebot's own JSONL loader reads. */
export interface JsonlArticle {
  id: string;
  title: string;
  text: string;
  [key: string]: unknown;
}

/** Rows that have a title and a body (Reuters has ~2.5k without one), in file order. */
export async function readArticles(file: string, limit = Number.POSITIVE_INFINITY): Promise<JsonlArticle[]> {
  const out: JsonlArticle[] = [];
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (out.length >= limit) break;
    if (!line.trim()) continue;
    // The corpus loader's own fields, aliases and checks, so a bench corpus holds what the product would read.
    const parsed = parseJsonlLine(line);
    if (!parsed.ok || parsed.value.id === undefined) continue;
    const { id, title, text } = parsed.value;
    out.push({ ...(JSON.parse(line) as Record<string, unknown>), id, title, text });
  }
  return out;
}

/** Write articles as one JSONL file in a fresh corpus folder; returns the file path. */
export async function writeCorpus(corpusDir: string, name: string, articles: readonly JsonlArticle[]): Promise<string> {
  await mkdir(corpusDir, { recursive: true });
  const file = path.join(corpusDir, name);
  await writeFile(file, `${articles.map((a) => JSON.stringify(a)).join("\n")}\n`);
  return file;
}
