/** `.html` articles: main text extracted with Mozilla Readability (scripts, nav and ads dropped). */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { ErrorCode } from "../errors.js";
import { err, ok, type Result } from "../types.js";
import type { ArticleDraft, CorpusProblem } from "./draft.js";

const BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, td, th, figcaption";

// biome-ignore lint/suspicious/noExplicitAny: linkedom's DOM types are structural; Readability wants a Document.
type AnyDocument = any;

const meta = (doc: AnyDocument, selector: string): string | undefined =>
  doc.querySelector(selector)?.getAttribute("content")?.trim() || undefined;

/** Text of the block elements in order, one paragraph each; falls back to textContent for flat markup. */
function blockText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks: string[] = [];
  for (const el of document.querySelectorAll(BLOCKS)) {
    // Skip containers whose text is already counted through a nested block (e.g. <li><p>…</p></li>).
    if (el.querySelector(BLOCKS)) continue;
    const text = (el.textContent ?? "").replace(/\s+/g, " ").trim();
    if (text) blocks.push(text);
  }
  return blocks.length > 0 ? blocks.join("\n\n") : (document.body?.textContent ?? "");
}

export function parseHtmlArticle(content: string): Result<ArticleDraft, CorpusProblem> {
  let document: AnyDocument;
  try {
    ({ document } = parseHTML(content));
  } catch (e) {
    return err({ code: ErrorCode.CorpusFileMalformed, reason: `HTML could not be parsed (${String(e)})` });
  }
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute("href")?.trim();
  const url = canonical || meta(document, 'meta[property="og:url"]');
  const published =
    meta(document, 'meta[property="article:published_time"]') ??
    document.querySelector("time[datetime]")?.getAttribute("datetime")?.trim();
  const article = new Readability(document, { charThreshold: 100 }).parse();
  const text = article?.content ? blockText(article.content) : "";
  if (text.trim() === "")
    return err({ code: ErrorCode.CorpusFileEmpty, reason: "no readable article text in the HTML" });
  const title = (article?.title || document.querySelector("title")?.textContent || "").trim();
  if (!title) return err({ code: ErrorCode.CorpusFileMalformed, reason: "the HTML page has no title" });
  return ok({
    title,
    text,
    url: url && /^https?:\/\//i.test(url) ? url : undefined,
    published: published || article?.publishedTime || undefined,
    author: article?.byline || meta(document, 'meta[name="author"]'),
    publisher: article?.siteName || meta(document, 'meta[property="og:site_name"]'),
  });
}
