/** What a format loader produces before ids and hashes are assigned. */
import { createHash } from "node:crypto";
import type { Article } from "../types.js";
import { cleanText } from "./clean.js";

export interface ArticleDraft {
  /** Explicit id from the file (front matter or JSONL field); otherwise derived from the path. */
  id?: string;
  title: string;
  text: string;
  published?: string;
  author?: string;
  publisher?: string;
  url?: string;
  tags?: string[];
}

/** Why a file (or a JSONL line) was not indexed. */
export interface CorpusProblem {
  code: import("../errors.js").ErrorCode;
  reason: string;
}

const clean = (s: string | undefined) => {
  const v = s?.replace(/\s+/g, " ").trim();
  return v ? v : undefined;
};

/** Turn a draft into an Article: clean text, tidy metadata, stable id and content hash. */
export function finishArticle(draft: ArticleDraft, id: string, source: string): Article {
  const meta = {
    id,
    title: clean(draft.title) ?? id,
    published: clean(draft.published),
    author: clean(draft.author),
    publisher: clean(draft.publisher),
    url: clean(draft.url),
    tags: draft.tags?.map((t) => t.trim()).filter(Boolean),
    source,
  };
  const text = cleanText(draft.text);
  const contentHash = createHash("sha256")
    .update(JSON.stringify({ ...meta, text }))
    .digest("hex");
  const article: Article = { ...meta, text, contentHash };
  // Drop undefined keys so JSON output and hashes stay tidy.
  for (const key of Object.keys(article) as (keyof Article)[]) if (article[key] === undefined) delete article[key];
  if (article.tags?.length === 0) delete article.tags;
  return article;
}

/** Accept dates as strings or YAML Date objects; keep ISO form, never invent one. */
export function toIsoDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

export const asString = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
