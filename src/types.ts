/**
 * The shared vocabulary of quotebot. Every stage of the pipeline speaks in these shapes:
 * corpus → Article → Chunk → (vectors, lexical postings) → Passage → Quote → Answer → renderers.
 */

/** Citation metadata of an article: everything a reader needs to find the source again. */
export interface ArticleMeta {
  /** Stable id, derived from the corpus file path (or the `id` field of a JSONL line). */
  id: string;
  title: string;
  /** ISO date (YYYY-MM-DD or a full timestamp) when the source gives one. Never invented. */
  published?: string;
  author?: string;
  publisher?: string;
  url?: string;
  tags?: string[];
  /** Corpus-relative path of the file the article came from (`file.jsonl#L12` for JSONL lines). */
  source: string;
}

/** A cleaned article, ready to chunk. `text` is the body only; paragraphs are separated by blank lines. */
export interface Article extends ArticleMeta {
  text: string;
  /** sha256 over everything that influences chunks and citations; drives incremental rebuilds. */
  contentHash: string;
}

/** A contiguous span of an article's text, sized in tokens of the embedding model's tokenizer. */
export interface Chunk {
  /** `${articleId}#${ordinal}` */
  id: string;
  articleId: string;
  ordinal: number;
  /** Character offsets into `Article.text`: `text === article.text.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
  tokenCount: number;
  /**
   * The chunk's sentences as [start, end) pairs of offsets into `text`, flattened, as the chunker found them. Quote
   * selection reuses them instead of segmenting again on every question (CLDR segmentation is the slow part).
   * Absent in chunk stores written before it existed.
   */
  sentences?: number[];
}

export type IndexMode = "hybrid" | "lexical";

/** A retrieved chunk with its article and the evidence that ranked it. */
export interface Passage {
  chunk: Chunk;
  article: ArticleMeta;
  /** Fused relevance in [0, 1]; higher is better. Comparable within one query only. */
  score: number;
  /** Fraction of the question's (IDF-weighted) terms found in the passage, in [0, 1]. */
  coverage: number;
  lexicalRank?: number;
  denseRank?: number;
  denseSimilarity?: number;
}

/** The sentence or two of a passage that best answer a question. */
export interface Quote {
  /** The quoted text, verbatim from the article. */
  text: string;
  /** Offsets of the quote in the article text. */
  start: number;
  end: number;
  /** The best-matching sentence inside `text`, as offsets relative to `text` (rendered bold). */
  highlight: { start: number; end: number };
}

/** A ranked passage with its best-matching part, quoted as an answer would quote it (`/search`). */
export interface QuotedPassage {
  passage: Passage;
  quote: Quote;
}

export interface AnswerResult {
  rank: number;
  score: number;
  quote: Quote;
  passage: Passage;
  /** Other articles whose top passage says nearly the same thing ("also reported by"). */
  alsoReportedBy: ArticleMeta[];
}

export interface Answer {
  question: string;
  answered: boolean;
  mode: IndexMode;
  results: AnswerResult[];
  /** When not answered: the closest article titles, as suggestions. */
  suggestions: ArticleMeta[];
}

/** Errors are values at the edges. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
