/**
 * `.jsonl` collections: one article per line, `{title, text, url?, published?, id?}`. Common dataset aliases are
 * accepted (`_id`/`newid` for id, `body`/`content` for text, `date` for published) so that benchmark datasets
 * index without conversion.
 */
import { ErrorCode } from "../errors.js";
import { err, ok, type Result } from "../types.js";
import { type ArticleDraft, asString, type CorpusProblem, toIsoDate } from "./draft.js";
import { reflowText } from "./reflow.js";

export function parseJsonlLine(line: string): Result<ArticleDraft, CorpusProblem> {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    return err({ code: ErrorCode.CorpusFileMalformed, reason: "not valid JSON" });
  }
  if (row === null || typeof row !== "object" || Array.isArray(row))
    return err({ code: ErrorCode.CorpusFileMalformed, reason: "not a JSON object" });
  const r = row as Record<string, unknown>;
  const text = asString(r.text) ?? asString(r.body) ?? asString(r.content);
  const id = asString(r.id) ?? asString(r._id) ?? asString(r.newid);
  const title = asString(r.title)?.trim() || undefined;
  if (!text || text.trim() === "") return err({ code: ErrorCode.CorpusFileMalformed, reason: "missing `text`" });
  if (!title) return err({ code: ErrorCode.CorpusFileMalformed, reason: "missing `title`" });
  // Only strings and numbers are tags: String() of an arbitrary object can throw, and "[object Object]" is no tag.
  const tags = Array.isArray(r.tags) ? r.tags.map(asString).filter((t): t is string => t !== undefined) : undefined;
  return ok({
    id,
    title,
    // Newswire and mailing-list exports keep their hard line wraps; without reflow a quote is half a sentence.
    text: reflowText(text),
    url: asString(r.url),
    published: toIsoDate(r.published ?? r.date),
    author: asString(r.author),
    publisher: asString(r.publisher),
    tags,
  });
}
