/** `.html` articles: main text extracted with Mozilla Readability (scripts, nav and ads dropped). */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { ErrorCode, errorMessage } from "../errors.js";
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

/** Real article pages nest 20–80 elements deep; Readability reads this depth in well under a second. */
const MAX_READABILITY_DEPTH = 128;

/** How deep elements nest under `root`, walked without recursion (the depth may be in the thousands). */
function maxDepth(root: AnyDocument): number {
  let deepest = 0;
  const stack: [AnyDocument, number][] = root ? [[root, 1]] : [];
  while (stack.length > 0) {
    const [el, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    for (const child of el.children ?? []) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The body's markup without what Readability would have dropped: scripts, styles, navigation, forms. */
function withoutPageFurniture(document: AnyDocument): string {
  for (const el of document.querySelectorAll(
    "script, style, noscript, template, iframe, nav, header, footer, aside, form",
  ))
    el.remove();
  return document.body?.innerHTML ?? "";
}

/**
 * A document Readability can read. linkedom makes whatever comes first the root of a fragment without `<html>`: no
 * root at all for a comment or bare text, a `<script>` for a lone script tag (which Readability then removes), and
 * Readability throws on both. Such a fragment is read as the body of a page instead.
 */
function parseDocument(content: string): AnyDocument {
  const { document } = parseHTML(content);
  if (document.documentElement?.localName === "html" && document.body) return document;
  return parseHTML(`<!doctype html><html><head></head><body>${content}</body></html>`).document;
}

export function parseHtmlArticle(content: string): Result<ArticleDraft, CorpusProblem> {
  try {
    return readHtmlArticle(parseDocument(content));
  } catch (e) {
    // Readability and linkedom throw on markup they do not expect; the file is skipped, never the build.
    return err({ code: ErrorCode.CorpusFileMalformed, reason: `the HTML could not be read (${errorMessage(e)})` });
  }
}

/**
 * The page's own address: its canonical link, resolved against `<base href>` or og:url when it is relative
 * ("/news/story-1"), else og:url. Only an absolute http(s) address is kept: a file on disk has no page to resolve
 * a relative link against.
 */
function pageUrl(document: AnyDocument): string | undefined {
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute("href")?.trim();
  const og = meta(document, 'meta[property="og:url"]');
  const base = document.querySelector("base[href]")?.getAttribute("href")?.trim();
  const absolute = (href: string | undefined, against?: string): string | undefined => {
    if (!href) return undefined;
    try {
      const resolved = new URL(href, against);
      return /^https?:$/.test(resolved.protocol) ? resolved.href : undefined;
    } catch {
      return undefined;
    }
  };
  const root = absolute(base) ?? absolute(og);
  return absolute(canonical) ?? absolute(canonical, root) ?? absolute(og);
}

function readHtmlArticle(document: AnyDocument): Result<ArticleDraft, CorpusProblem> {
  const url = pageUrl(document);
  const published =
    meta(document, 'meta[property="article:published_time"]') ??
    document.querySelector("time[datetime]")?.getAttribute("datetime")?.trim();
  // Readability's cost grows with the square of the nesting and more (30 s at 1,000 levels): a page of unclosed tags
  // would stall the build. Such a page gets the plain block text, without Readability's scoring.
  const article =
    maxDepth(document.documentElement) <= MAX_READABILITY_DEPTH
      ? new Readability(document, { charThreshold: 100 }).parse()
      : null;
  const content = article?.content ?? (article === null ? withoutPageFurniture(document) : "");
  const text = content ? blockText(content) : "";
  if (text.trim() === "")
    return err({ code: ErrorCode.CorpusFileEmpty, reason: "no readable article text in the HTML" });
  const title = (article?.title || document.querySelector("title")?.textContent || "").trim();
  if (!title) return err({ code: ErrorCode.CorpusFileMalformed, reason: "the HTML page has no title" });
  return ok({
    title,
    text,
    url,
    published: published || article?.publishedTime || undefined,
    author: article?.byline || meta(document, 'meta[name="author"]'),
    publisher: article?.siteName || meta(document, 'meta[property="og:site_name"]'),
  });
}
