/**
 * Index a BEIR corpus with the project's own build: the documents are written as one `.jsonl` corpus file in a
 * temporary CORPUS_DIR and `buildIndex` chunks and indexes them exactly as it would a user's articles. Article ids
 * are positional (`corpus/<n>`), so any BEIR `_id` maps back without slug collisions.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Config } from "../config.js";
import { articleIdFromPath, slugId } from "../corpus/load-corpus.js";
import { type BuildSummary, buildIndex } from "../indexing/build-index.js";
import type { Embedder } from "../indexing/embedder.js";
import type { Logger } from "../log.js";
import type { BeirDoc } from "./load-beir.js";

export interface BeirIndex {
  /** The config the index was built with (CORPUS_DIR and INDEX_DIR in a temporary folder). */
  config: Config;
  summary: BuildSummary;
  /** BEIR document id of an indexed article. */
  docOf(articleId: string): string | undefined;
  /** Remove the temporary corpus and index. */
  cleanup(): Promise<void>;
}

export interface IndexBeirOptions {
  config: Config;
  log: Logger;
  /** The embedder for a hybrid index; `null` builds a lexical-only index. */
  embedder: Embedder | null;
  /**
   * Index every document as one chunk, as published BM25 baselines do (lexical only: a dense model reads at most
   * 512 tokens). By default documents are chunked like any article.
   */
  wholeDocs?: boolean;
  /**
   * Keep the corpus and index in this folder instead of a temporary one, and build there incrementally: a second
   * run over the same documents with the same model reuses every vector (the build's own reuse by content hash).
   */
  keepIn?: string;
}

/** BEIR requires no title; the corpus loader does, so an untitled document is titled with nothing searchable. */
const UNTITLED = "·";

export async function indexBeir(docs: readonly BeirDoc[], options: IndexBeirOptions): Promise<BeirIndex> {
  const root = options.keepIn
    ? path.join(options.keepIn, cacheKey(docs, options))
    : await mkdtemp(path.join(tmpdir(), "quotebot-eval-"));
  const removeRoot = () => (options.keepIn ? Promise.resolve() : rm(root, { recursive: true, force: true }));
  try {
    const corpusDir = path.join(root, "corpus");
    const file = "corpus.jsonl";
    const stem = articleIdFromPath(file);
    const ids = new Map<string, string>();
    const lines = docs.map((d, n) => {
      ids.set(slugId(`${stem}/${n}`), d.id);
      return JSON.stringify({ id: String(n), title: d.title.trim() || UNTITLED, text: d.text });
    });
    await mkdir(corpusDir, { recursive: true });
    await writeFile(path.join(corpusDir, file), `${lines.join("\n")}\n`);
    const config: Config = {
      ...options.config,
      corpusDir,
      indexDir: path.join(root, "index"),
      // Evaluation corpora are large single files; they are read line by line anyway.
      maxCorpusFileBytes: Number.MAX_SAFE_INTEGER,
      chunking: options.wholeDocs ? { maxTokens: Number.MAX_SAFE_INTEGER, overlapTokens: 0 } : options.config.chunking,
    };
    const summary = await buildIndex({ config, log: options.log, embedder: options.embedder });
    return {
      config,
      summary,
      docOf: (articleId) => ids.get(articleId),
      cleanup: removeRoot,
    };
  } catch (e) {
    await removeRoot();
    throw e;
  }
}

/** One cached index per document set, model and chunking: caches never mix vectors of different models. */
function cacheKey(docs: readonly BeirDoc[], options: IndexBeirOptions): string {
  const hash = createHash("sha256");
  for (const d of docs) hash.update(`${d.id}\u0000${d.title}\u0000${d.text}\u0001`);
  const model = options.embedder
    ? `${options.embedder.modelId}-${options.embedder.dtype}`
    : `lexical-${options.config.embedding.model}`;
  const { maxTokens, overlapTokens } = options.config.chunking;
  const shape = options.wholeDocs ? "whole" : `${maxTokens}-${overlapTokens}`;
  return `${model.replace(/[^\w.-]+/g, "_")}-${shape}-${hash.digest("hex").slice(0, 16)}`;
}
