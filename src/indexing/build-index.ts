/**
 * The index build: corpus → clean articles → chunks → vectors → HNSW + BM25 + chunk store + manifest, written to a
 * staging folder and published atomically. Incremental: chunks and vectors of unchanged articles are reused from
 * the serving index; only changed or new articles are embedded.
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config.js";
import { loadCorpus, type SkippedFile } from "../corpus/load-corpus.js";
import { describeError, ErrorCode, QuotebotError } from "../errors.js";
import type { Logger } from "../log.js";
import { SEGMENTER_VERSION } from "../text/sentences.js";
import type { Chunk, IndexMode } from "../types.js";
import { buildLexicalData } from "./build-lexical.js";
import { chunkArticle, withSentences } from "./chunk.js";
import { type ChunkStoreData, toStoredArticle, writeChunkStore } from "./chunk-store.js";
import { createEmbedder, type Embedder } from "./embedder.js";
import {
  acquireBuildLock,
  createStaging,
  currentIndexFolder,
  publishStaging,
  removeStaleStaging,
} from "./index-dir.js";
import { encodeLexical } from "./lexical-format.js";
import { LEXICAL_ANALYZER_VERSION } from "./lexical-store.js";
import { type LoadedIndex, loadReusableParts } from "./load-index.js";
import { describeFile, INDEX_FORMAT_VERSION, IndexFiles, type Manifest } from "./manifest.js";
import { approximateTokenCounter, loadTokenCounter, type TokenCounter } from "./model.js";
import { PASSAGE_FORMAT, passageText } from "./passage-text.js";
import { buildHnsw, DEFAULT_HNSW, readVectors, writeHnsw, writeVectors } from "./vector-store.js";

export interface BuildProgress {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

export interface BuildSummary {
  articles: number;
  chunks: number;
  embedded: number;
  reused: number;
  removed: number;
  skipped: { file: string; reason: string }[];
  mode: IndexMode;
  model: string | null;
  durationMs: number;
  /** The generation folder that now serves. */
  folder: string;
  /** Human-readable warnings already logged (model fallback, skipped files, …). */
  warnings: string[];
}

export interface BuildOptions {
  config: Config;
  log: Logger;
  progress?: BuildProgress;
  /** Inject a ready embedder (tests, benchmarks); `null` forces a lexical-only build. */
  embedder?: Embedder | null;
  /** Called after each phase; lets tests kill a build at a chosen point. */
  onPhase?: (phase: string) => void | Promise<void>;
}

type PreviousIndex = Pick<LoadedIndex, "manifest" | "store"> & { vectors?: Float32Array[] };

async function loadPrevious(indexDir: string, log: Logger): Promise<PreviousIndex | undefined> {
  const folder = await currentIndexFolder(indexDir);
  if (!folder) return undefined;
  try {
    // Only the chunk store and raw vectors are reused; loading the BM25 index and graph here would be wasted work.
    const loaded = await loadReusableParts(folder);
    const dim = loaded.manifest.model?.dimension;
    const vectors =
      loaded.manifest.mode === "hybrid" && dim
        ? await readVectors(path.join(folder, IndexFiles.vectors), dim)
        : undefined;
    return { manifest: loaded.manifest, store: loaded.store, vectors };
  } catch (e) {
    log.warn(`The current index cannot be reused (${describeError(e)}); doing a full build.`);
    return undefined;
  }
}

/**
 * The previous index's vectors, looked up by a chunk's article and embedded text (title and text). The lookup table
 * is made on first use, so a build where every article is unchanged never hashes the store.
 */
function previousVectorsByText(
  previous: PreviousIndex,
): (chunk: Chunk, title: string | undefined) => Float32Array | undefined {
  let rows: Map<string, number> | undefined;
  const previousTitles = new Map(previous.store.articles.map((a) => [a.id, a.title]));
  const key = (c: Chunk, title: string | undefined) =>
    createHash("sha1").update(c.articleId).update("\u0000").update(passageText(title, c.text)).digest("base64");
  return (chunk, title) => {
    if (!previous.vectors) return undefined;
    if (!rows) {
      rows = new Map(previous.store.chunks.map((c, row) => [key(c, previousTitles.get(c.articleId)), row]));
    }
    const row = rows.get(key(chunk, title));
    return row === undefined ? undefined : previous.vectors[row];
  };
}

export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const { config, log } = options;
  const started = performance.now();
  const phase = async (name: string) => {
    log.debug({ phase: name }, "build phase");
    await options.onPhase?.(name);
  };
  const release = await acquireBuildLock(config.indexDir);
  try {
    await removeStaleStaging(config.indexDir);
    const warnings: string[] = [];
    const warn = (message: string) => {
      warnings.push(message);
      log.warn(message);
    };

    const corpus = await loadCorpus(config.corpusDir, { maxFileBytes: config.maxCorpusFileBytes });
    reportProblems(corpus.skipped, "Skipped", warn);
    // Files that loaded with a caveat (e.g. decoded as Latin-1) are named too: the text may read oddly.
    reportProblems(corpus.notices, "Indexed", warn);
    await phase("corpus-loaded");

    const previous = await loadPrevious(config.indexDir, log);

    let embedder: Embedder | null;
    if (options.embedder !== undefined) embedder = options.embedder;
    else {
      const created = await createEmbedder(config.embedding);
      if (created instanceof QuotebotError) {
        warn(`${created.message} Building a lexical-only index. ${created.hint ?? ""}`.trim());
        embedder = null;
      } else embedder = created;
    }
    // Without the model, the tokenizer is usually missing too; the model warning already says how to fix both, so
    // the tokenizer fallback is only a detail then (one clear warning, not two).
    const tokens: TokenCounter = await chooseTokenCounter(config, embedder === null ? (m) => log.info(m) : warn);
    await phase("model-loaded");

    const mode: IndexMode = embedder ? "hybrid" : "lexical";
    const sameChunking =
      previous !== undefined &&
      previous.manifest.tokenizer === tokens.id &&
      previous.manifest.chunking.maxTokens === config.chunking.maxTokens &&
      previous.manifest.chunking.overlapTokens === config.chunking.overlapTokens &&
      (previous.manifest.chunking.segmenter ?? 1) === SEGMENTER_VERSION;
    const sameModel =
      embedder !== null &&
      previous?.vectors !== undefined &&
      previous.manifest.model?.id === embedder.modelId &&
      previous.manifest.model?.dtype === embedder.dtype &&
      previous.manifest.model?.pooling === embedder.pooling &&
      previous.manifest.model?.dimension === embedder.dimension &&
      previous.manifest.model?.passageFormat === PASSAGE_FORMAT;
    const sameVectors = sameChunking && sameModel;
    // A re-chunked article (edited, or chunked anew after a segmenter or tokenizer change) keeps the vectors of the
    // chunks whose text is unchanged: embedding is the build's main cost.
    const vectorByText = sameModel ? previousVectorsByText(previous!) : undefined;

    const previousChunks = new Map<string, { chunks: Chunk[]; rows: number[] }>();
    if (previous && sameChunking) {
      previous.store.chunks.forEach((c, row) => {
        const entry = previousChunks.get(c.articleId) ?? { chunks: [], rows: [] };
        entry.chunks.push(c);
        entry.rows.push(row);
        previousChunks.set(c.articleId, entry);
      });
    }

    const chunks: Chunk[] = [];
    const vectors: (Float32Array | undefined)[] = [];
    const toEmbed: number[] = [];
    let reusedChunks = 0;
    if (corpus.articles.length > 0) options.progress?.start(corpus.articles.length, "chunking");
    corpus.articles.forEach((article, i) => {
      const prev = previous?.manifest.articles[article.id];
      const reuse = prev && prev.hash === article.contentHash ? previousChunks.get(article.id) : undefined;
      if (reuse) {
        reuse.chunks.forEach((c, k) => {
          chunks.push(withSentences(c));
          const v = sameVectors ? previous!.vectors![reuse.rows[k]!] : undefined;
          vectors.push(v);
          if (embedder && !v) toEmbed.push(chunks.length - 1);
          else if (v) reusedChunks++;
        });
        if (!embedder) reusedChunks += reuse.chunks.length;
      } else {
        for (const c of chunkArticle(article, config.chunking, tokens)) {
          chunks.push(c);
          const v = vectorByText?.(c, article.title);
          vectors.push(v);
          if (v) reusedChunks++;
          else if (embedder) toEmbed.push(chunks.length - 1);
        }
      }
      if (i % 50 === 0) options.progress?.update(i + 1);
    });
    options.progress?.update(corpus.articles.length);
    options.progress?.stop();
    await phase("chunked");

    const titles = new Map(corpus.articles.map((a) => [a.id, a.title]));
    if (embedder && toEmbed.length > 0) {
      options.progress?.start(toEmbed.length, "embedding");
      const fresh = await embedder.embedDocuments(
        toEmbed.map((row) => passageText(titles.get(chunks[row]!.articleId), chunks[row]!.text)),
        (done) => options.progress?.update(done),
      );
      options.progress?.stop();
      toEmbed.forEach((row, k) => {
        vectors[row] = fresh[k];
      });
    }
    await phase("embedded");

    const staging = await createStaging(config.indexDir);
    const store: ChunkStoreData = { articles: corpus.articles.map(toStoredArticle), chunks };
    await writeChunkStore(path.join(staging, IndexFiles.chunks), store);
    const lexical = buildLexicalData(chunks.map((c) => ({ title: titles.get(c.articleId) ?? "", text: c.text })));
    await writeFile(path.join(staging, IndexFiles.lexical), encodeLexical(lexical));
    await phase("lexical-written");
    if (embedder) {
      const dense = vectors as Float32Array[];
      await writeVectors(path.join(staging, IndexFiles.vectors), dense, embedder.dimension);
      const hnsw = buildHnsw(dense, embedder.dimension, DEFAULT_HNSW);
      await writeHnsw(hnsw, path.join(staging, IndexFiles.hnsw));
    }
    await phase("vectors-written");

    const files: Manifest["files"] = {};
    const names: string[] = [IndexFiles.chunks, IndexFiles.lexical];
    if (embedder) names.push(IndexFiles.vectors, IndexFiles.hnsw);
    for (const name of names) files[name] = await describeFile(path.join(staging, name));
    const perArticle = new Map<string, number>();
    for (const c of chunks) perArticle.set(c.articleId, (perArticle.get(c.articleId) ?? 0) + 1);
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      mode,
      model: embedder
        ? {
            id: embedder.modelId,
            dtype: embedder.dtype,
            dimension: embedder.dimension,
            pooling: embedder.pooling,
            queryPrefix: embedder.queryPrefix,
            passageFormat: PASSAGE_FORMAT,
          }
        : null,
      tokenizer: tokens.id,
      space: "cosine",
      hnsw: embedder ? DEFAULT_HNSW : null,
      chunking: { ...config.chunking, segmenter: SEGMENTER_VERSION },
      lexicalAnalyzer: LEXICAL_ANALYZER_VERSION,
      count: chunks.length,
      articles: Object.fromEntries(
        corpus.articles.map((a) => [
          a.id,
          { hash: a.contentHash, source: a.source, chunks: perArticle.get(a.id) ?? 0 },
        ]),
      ),
      files,
    };
    // The manifest is written last: a staging folder without one is never mistaken for a finished index.
    await writeFileJson(path.join(staging, IndexFiles.manifest), manifest);
    await phase("manifest-written");
    if (release.lost)
      throw new QuotebotError(
        ErrorCode.IndexLocked,
        `The build lock was taken over by another process during this build (${release.lost.message}); nothing was published.`,
        "Make sure only one build runs at a time, then build again.",
      );
    const folder = await publishStaging(config.indexDir, staging);
    await phase("published");

    const current = new Set(corpus.articles.map((a) => a.id));
    const removed = previous ? Object.keys(previous.manifest.articles).filter((id) => !current.has(id)).length : 0;
    if (corpus.articles.length === 0)
      warn(`No articles were indexed: add .md, .txt, .html or .jsonl files to ${config.corpusDir}.`);
    return {
      articles: corpus.articles.length,
      chunks: chunks.length,
      embedded: toEmbed.length,
      reused: reusedChunks,
      removed,
      skipped: corpus.skipped.map(({ file, reason }) => ({ file, reason })),
      mode,
      model: embedder?.modelId ?? null,
      durationMs: Math.round(performance.now() - started),
      folder,
      warnings,
    };
  } finally {
    await release().catch(() => undefined);
  }
}

async function chooseTokenCounter(config: Config, warn: (m: string) => void): Promise<TokenCounter> {
  const loaded = await loadTokenCounter(config.embedding);
  if (!(loaded instanceof QuotebotError)) return loaded;
  warn(`${loaded.message} Chunk sizes are estimated from word counts instead.`);
  return approximateTokenCounter;
}

function reportProblems(problems: SkippedFile[], verb: string, warn: (m: string) => void): void {
  const SHOW = 20;
  for (const s of problems.slice(0, SHOW)) warn(`${verb} ${s.file}: ${s.reason}.`);
  if (problems.length > SHOW)
    warn(`… and ${problems.length - SHOW} more ${verb.toLowerCase()} with problems (see --json for skipped files).`);
}

async function writeFileJson(file: string, data: unknown): Promise<void> {
  await writeFile(file, JSON.stringify(data));
}
