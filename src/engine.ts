/**
 * The Engine is the one object that touches the index. The terminal, JSON output, Discord, evaluation and
 * benchmarks all call `ask`, `search` or `lookup`. Hot swap: build a new Engine and swap the reference; questions already
 * running finish on the old one.
 */

import { composeAnswer, quoteCache, SIMILARITY_CALIBRATIONS } from "./answer/compose-answer.js";
import { quoteAhead } from "./answer/quote-ahead.js";
import type { Config } from "./config.js";
import { describeError, ErrorCode, errorMessage, QuotebotError } from "./errors.js";
import type { StoredArticle } from "./indexing/chunk-store.js";
import type { Embedder } from "./indexing/embedder.js";
import { createThreadedEmbedder } from "./indexing/embedder-thread.js";
import { citation, type LoadedIndex, loadIndexFolder, resolveIndexFolder } from "./indexing/load-index.js";
import { type Manifest, readManifest } from "./indexing/manifest.js";
import type { Logger } from "./log.js";
import { silentLogger } from "./log.js";
import type { FusionMethod } from "./retrieval/fuse.js";
import { matchTitles } from "./retrieval/match-titles.js";
import { coverage, indexScorer, type RetrievalMode, type RetrieveOptions, retrieve } from "./retrieval/retrieve.js";
import { sentenceTermsMemo } from "./retrieval/sentence-terms.js";
import { type ValidQuestion, validateQuestion } from "./retrieval/validate-question.js";
import type { Answer, ArticleMeta, Chunk, IndexMode, Passage, QuotedPassage } from "./types.js";

export interface EngineOptions {
  log?: Logger;
  /** Inject a query embedder (tests, benchmarks); `null` forces lexical retrieval. */
  embedder?: Embedder | null;
  /** Load this index folder instead of the one INDEX_DIR points to. */
  folder?: string;
}

export interface AskOptions {
  /** Number of quotes (default ANSWER_TOP_K). */
  k?: number;
  /** Rankings to use (evaluation): default hybrid when the model is loaded, else lexical. */
  mode?: RetrievalMode;
  /** Hybrid fusion (evaluation): default convex, tuned in docs/quality.md. */
  fusion?: FusionMethod;
  /** The best sentence's weight in reranking (evaluation): default SENTENCE_WEIGHT, 0 turns it off. */
  sentenceWeight?: number;
}

/** How many extra candidates to consider per requested result, so duplicates can be folded. */
const CANDIDATE_FACTOR = 4;

export class Engine {
  private constructor(
    readonly config: Config,
    readonly index: LoadedIndex,
    private embedder: Embedder | undefined,
    private degraded: string | undefined,
    private readonly log: Logger,
  ) {}

  private closed = false;

  /** Why retrieval is lexical although the index is hybrid, if it is. */
  get degradedReason(): string | undefined {
    return this.degraded;
  }

  static async open(config: Config, options: EngineOptions = {}): Promise<Engine> {
    const log = options.log ?? silentLogger;
    const folder = options.folder ?? (await resolveIndexFolder(config.indexDir));
    // The model loads on its own thread while this one verifies and loads the index: the two costs overlap.
    const early = options.embedder === undefined ? await readManifest(folder).catch(() => undefined) : undefined;
    const pending = early ? startEmbedder(config, early) : undefined;
    let index: LoadedIndex;
    try {
      index = await loadIndexFolder(folder);
    } catch (e) {
      await disposeQuietly(pending);
      throw e;
    }
    const model = index.manifest.model;
    let embedder: Embedder | undefined;
    let degraded: string | undefined;
    if (index.manifest.mode === "hybrid" && model) {
      if (options.embedder !== undefined) embedder = options.embedder ?? undefined;
      else {
        if (model.id !== config.embedding.model) {
          await disposeQuietly(pending);
          throw new QuotebotError(
            ErrorCode.IndexIncompatible,
            `The index was built with ${model.id}, but EMBEDDING_MODEL is ${config.embedding.model}.`,
            "Rebuild the index with `npm run build-index`, or set EMBEDDING_MODEL back.",
          );
        }
        const created = await (pending ?? startEmbedder(config, index.manifest)!);
        if (created instanceof QuotebotError) {
          degraded = describeError(created);
          log.warn(`${created.message} Answering with keyword search only. ${created.hint ?? ""}`.trim());
        } else embedder = created;
      }
      if (embedder && embedder.dimension !== model.dimension) {
        if (options.embedder === undefined) await embedder.dispose().catch(() => undefined);
        throw new QuotebotError(
          ErrorCode.IndexIncompatible,
          `The index holds ${model.dimension}-dimensional vectors, but the model produces ${embedder.dimension}.`,
          "Rebuild the index with `npm run build-index`.",
        );
      }
    } else await disposeQuietly(pending);
    return new Engine(config, index, embedder, degraded, log);
  }

  /** The retrieval actually used: hybrid only when the index has vectors and the model is loaded. */
  get mode(): IndexMode {
    return this.embedder && this.index.vectors ? "hybrid" : "lexical";
  }

  /** Answer a question with quotes. Throws a QuotebotError for a question that cannot be searched. */
  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const { text, terms } = this.validated(question);
    const k = options.k ?? this.config.retrieval.topK;
    const { minCoverage, minConfidence } = this.config.retrieval;
    const scorer = indexScorer(this.index);
    const sentenceTerms = sentenceTermsMemo();
    const quotes = quoteCache(terms, scorer, {
      question: text,
      titleOf: this.titleOf,
      leadOf: this.leadOf,
      sentenceTerms,
    });
    const depth = k * CANDIDATE_FACTOR;
    const passages = await this.retrieve(text, terms, depth, {
      mode: options.mode,
      fusion: options.fusion,
      sentenceWeight: options.sentenceWeight,
      sentenceTerms,
      whileEmbedding: (hits, stop) =>
        quoteAhead(hits, stop, {
          limit: depth,
          worthQuoting: (hit) => coverage(this.index, terms, new Set(hit.matched)) >= minCoverage,
          chunk: (label) => this.index.store.chunks[label]!,
          quote: quotes,
        }),
    });
    // Dense similarity joins the decision only where it was measured: passages that carry it (a model that failed
    // mid-question leaves keyword passages), from a model with a calibration.
    const dense = passages.some((p) => p.denseSimilarity !== undefined);
    const calibration = dense ? SIMILARITY_CALIBRATIONS[this.index.manifest.model?.id ?? ""] : undefined;
    return composeAnswer(text, terms, passages, {
      k,
      minConfidence: calibration ? minConfidence : minCoverage,
      calibration,
      mode: this.mode,
      scorer,
      quotes,
    });
  }

  /** Ranked passages without quoting or declining (evaluation and benchmarks). */
  async search(query: string, k: number): Promise<Passage[]> {
    const { text, terms } = this.validated(query);
    return this.retrieve(text, terms, k);
  }

  /**
   * Ranked passages, each with its best-matching part chosen as answers choose their quotes, but never declined
   * or folded: a lookup lists what matches (`/search`).
   */
  async lookup(query: string, k: number): Promise<QuotedPassage[]> {
    const { text, terms } = this.validated(query);
    const sentenceTerms = sentenceTermsMemo();
    const passages = await this.retrieve(text, terms, k, { sentenceTerms });
    const quotes = quoteCache(terms, indexScorer(this.index), {
      question: text,
      titleOf: this.titleOf,
      leadOf: this.leadOf,
      sentenceTerms,
    });
    return passages.map((passage) => ({ passage, quote: quotes(passage.chunk) }));
  }

  /** The title of a chunk's article: quote selection weighs the story's subject apart from the detail asked for. */
  private readonly titleOf = (chunk: Chunk): string | undefined => this.index.articlesById.get(chunk.articleId)?.title;
  private readonly leadOf = (chunk: Chunk): string | undefined => this.index.articlesById.get(chunk.articleId)?.lead;

  /** The question cleaned and analysed, or a QuotebotError saying why it cannot be searched. */
  private validated(question: string): ValidQuestion {
    const valid = validateQuestion(question, this.config.retrieval.maxQuestionChars);
    if (!valid.ok) throw new QuotebotError(valid.error.code, valid.error.message);
    return valid.value;
  }

  /**
   * Hybrid retrieval while the model works. If it fails (its thread crashed, say), this question and every later one
   * are answered from keywords, with one warning, rather than every question failing until a restart.
   */
  private async retrieve(
    text: string,
    terms: readonly string[],
    k: number,
    options: Pick<RetrieveOptions, "mode" | "fusion" | "sentenceWeight" | "sentenceTerms" | "whileEmbedding"> = {},
  ): Promise<Passage[]> {
    // A retired engine (after a hot swap) must not quietly answer in a degraded mode: using it is a bug.
    if (this.closed) throw new Error("This engine was closed; use the current one.");
    const embedder = this.embedder;
    try {
      return await retrieve(this.index, text, terms, { ...options, k, embedder });
    } catch (e) {
      if (!embedder || e instanceof QuotebotError || this.closed) throw e;
      if (this.embedder === embedder) {
        this.embedder = undefined;
        this.degraded = `The embedding model failed (${errorMessage(e)}).`;
        this.log.warn(`${this.degraded} Answering with keyword search only until the bot restarts or reindexes.`);
        await embedder.dispose().catch(() => undefined);
      }
      return retrieve(this.index, text, terms, { k, sentenceTerms: options.sentenceTerms });
    }
  }

  articles(): ArticleMeta[] {
    return this.index.store.articles.map(citation);
  }

  article(id: string): StoredArticle | undefined {
    return this.index.articlesById.get(id);
  }

  /** Titles matching what the user typed so far (autocomplete): prefix matches first, then substring. */
  findArticles(typed: string, limit = 25): ArticleMeta[] {
    return matchTitles(this.articles(), typed, limit);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.embedder?.dispose().catch(() => undefined);
  }
}

/** The query embedder a hybrid index needs (on its own thread), or undefined for a lexical index or another model. */
function startEmbedder(config: Config, manifest: Manifest): Promise<Embedder | QuotebotError> | undefined {
  const model = manifest.mode === "hybrid" ? manifest.model : null;
  if (!model || model.id !== config.embedding.model) return undefined;
  return createThreadedEmbedder({
    ...config.embedding,
    threads: config.embedding.queryThreads,
    dtype: model.dtype as Config["embedding"]["dtype"],
    pooling: model.pooling,
    queryPrefix: model.queryPrefix,
  });
}

async function disposeQuietly(pending: Promise<Embedder | QuotebotError> | undefined): Promise<void> {
  const created = await pending?.catch(() => undefined);
  if (created && !(created instanceof QuotebotError)) await created.dispose().catch(() => undefined);
}
