/** `.txt` articles: the first non-empty line is the title, the rest is the body. */
import { ErrorCode } from "../errors.js";
import { err, ok, type Result } from "../types.js";
import { cleanText } from "./clean.js";
import type { ArticleDraft, CorpusProblem } from "./draft.js";

export function parseTextArticle(content: string): Result<ArticleDraft, CorpusProblem> {
  // Clean first so a leading "Top" or "Register now" line is not mistaken for the title.
  const lines = cleanText(content).split("\n");
  const titleIndex = lines.findIndex((l) => l.trim() !== "");
  if (titleIndex === -1) return err({ code: ErrorCode.CorpusFileEmpty, reason: "the file has no text" });
  const title = lines[titleIndex]!.trim();
  const text = lines.slice(titleIndex + 1).join("\n");
  if (text.trim() === "")
    return err({ code: ErrorCode.CorpusFileMalformed, reason: "only a title line; the article body is empty" });
  return ok({ title, text });
}
