/** `.txt` articles: the first non-empty line is the title, the rest is the body (reflowed when hard-wrapped). */
import { ErrorCode } from "../errors.js";
import { err, ok, type Result } from "../types.js";
import { cleanText } from "./clean.js";
import type { ArticleDraft, CorpusProblem } from "./draft.js";
import { reflowText } from "./reflow.js";

export function parseTextArticle(content: string): Result<ArticleDraft, CorpusProblem> {
  const lines = content.split(/\r\n?|\n/);
  // Cleaned line by line, so a leading "Top" or "Register now" line is not mistaken for the title.
  const titleIndex = lines.findIndex((l) => cleanText(l) !== "");
  if (titleIndex === -1) return err({ code: ErrorCode.CorpusFileEmpty, reason: "the file has no text" });
  const title = cleanText(lines[titleIndex]!);
  // The body keeps its raw line starts until it is reflowed: indentation is what marks a wrapped text's paragraphs.
  const text = cleanText(reflowText(lines.slice(titleIndex + 1).join("\n")));
  if (text === "")
    return err({ code: ErrorCode.CorpusFileMalformed, reason: "only a title line; the article body is empty" });
  return ok({ title, text });
}
