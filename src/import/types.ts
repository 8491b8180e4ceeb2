/** The shapes the importer speaks in: what a fetch returns, why a URL was skipped, and the run's summary. */
import type { ErrorCode } from "../errors.js";

/** Why one URL was not imported: a stable code and one clear line for a person. */
export interface ImportProblem {
  code: ErrorCode;
  reason: string;
}

/** A response body that passed every check (status, content type, size), decoded to text. */
export interface FetchedResource {
  /** The URL the body came from, after redirects. */
  url: string;
  contentType: string;
  body: string;
  etag?: string;
  lastModified?: string;
}

/** Outcome of a conditional request: the body, or "not modified" (304). */
export type ConditionalFetch = { notModified: true } | ({ notModified: false } & FetchedResource);

/** What one imported page became. */
export interface ImportedArticle {
  /** The URL asked for. */
  requested: string;
  /** The citation URL written (canonical when the page declares one, else the final URL). */
  url: string;
  /** Corpus-relative path of the written file. */
  file: string;
  title: string;
  publisher?: string;
  published?: string;
  author?: string;
  /** true when an earlier import of the same page was replaced. */
  updated: boolean;
}

export interface SkippedUrl {
  url: string;
  code: ErrorCode;
  reason: string;
}

/** The result of one import run, before any build. */
export interface ImportRun {
  imported: ImportedArticle[];
  skipped: SkippedUrl[];
}
