/**
 * `.md` articles: YAML front matter (title, published, author, publisher, url, tags, id) and a Markdown body in
 * GitHub Flavored Markdown (tables, strikethrough, autolinks, footnotes), as most articles written in Markdown are.
 */
import matter from "gray-matter";
import type { Paragraph, PhrasingContent, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { toString as mdToString } from "mdast-util-to-string";
import { gfm } from "micromark-extension-gfm";
import { ErrorCode } from "../errors.js";
import { err, ok, type Result } from "../types.js";
import { type ArticleDraft, asString, type CorpusProblem, toIsoDate } from "./draft.js";
import { reflowText } from "./reflow.js";

/** Between a table row's cells: the row reads as one line, and a quote of it shows where cells end. */
const CELL_SEPARATOR = " | ";

/**
 * A paragraph's text. Its soft line breaks are reflowed only when the paragraph is hard-wrapped (see reflow.ts): a
 * paragraph of figures written one per line keeps its lines, as in the source. A hard break (two trailing spaces or
 * a backslash) always ends a line; `mdast-util-to-string` would drop it and run the two lines' words together.
 */
function paragraphText(node: Paragraph): string {
  const segments: PhrasingContent[][] = [[]];
  for (const child of node.children) {
    if (child.type === "break") segments.push([]);
    else segments.at(-1)!.push(child);
  }
  return segments
    .map((children) => reflowText(mdToString({ type: "paragraph", children }).trim()))
    .filter(Boolean)
    .join("\n");
}

/**
 * Block-level Markdown → plain paragraphs: headings, list items, table rows and footnote texts become their own
 * paragraphs, where they stand in the source (footnote calls like [^1] leave no trace in the text).
 */
export function markdownToText(markdown: string): string {
  const tree: Root = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const blocks: string[] = [];
  const visit = (node: RootContent) => {
    switch (node.type) {
      case "paragraph":
        blocks.push(paragraphText(node));
        return;
      case "heading":
      case "code":
      case "html":
        blocks.push(mdToString(node).trim());
        return;
      case "tableRow":
        blocks.push(
          node.children
            .map((cell) => mdToString(cell).trim())
            .filter(Boolean)
            .join(CELL_SEPARATOR),
        );
        return;
      case "list":
      case "listItem":
      case "blockquote":
      case "table":
      case "footnoteDefinition":
        for (const child of node.children) visit(child as RootContent);
        return;
      default:
        return;
    }
  };
  for (const node of tree.children) visit(node);
  return blocks.filter(Boolean).join("\n\n");
}

/**
 * Past these, the Markdown parser's time explodes (lists 400 levels deep take seconds, 5,000 levels minutes) or its
 * stack overflows: no article nests like that, and one such file must not stall the build.
 */
const MAX_INDENT_COLUMNS = 256;
const MAX_QUOTE_DEPTH = 100;

function nestingProblem(markdown: string): string | undefined {
  for (const line of markdown.split("\n")) {
    const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, "    ").length;
    if (indent > MAX_INDENT_COLUMNS) return `a line is indented ${indent} columns (over ${MAX_INDENT_COLUMNS})`;
    const quotes = /^(\s*>)+/.exec(line)?.[0].split(">").length ?? 1;
    if (quotes - 1 > MAX_QUOTE_DEPTH) return `block quotes nest ${quotes - 1} levels deep (over ${MAX_QUOTE_DEPTH})`;
  }
  return undefined;
}

/** Stands in for gray-matter's JavaScript engine (which calls eval), whatever spelling of "js" a file uses. */
const refuseJavaScript = (): never => {
  throw new Error("JavaScript front matter is not supported");
};

export function parseMarkdownArticle(content: string): Result<ArticleDraft, CorpusProblem> {
  // Hugo-style TOML front matter: without this check its lines would become the title and the first paragraph.
  if (/^\uFEFF?\+\+\+\r?\n/.test(content))
    return err({
      code: ErrorCode.CorpusFileMalformed,
      reason: "TOML front matter (+++) is not supported; use YAML between --- lines",
    });
  // gray-matter evaluates `---js` front matter with eval(): a corpus file must never run code.
  if (/^\uFEFF?---[ \t]*(js|javascript)\b/i.test(content))
    return err({
      code: ErrorCode.CorpusFileMalformed,
      reason: "JavaScript front matter (---js) is not supported (it would run code); use YAML between --- lines",
    });
  let parsed: matter.GrayMatterFile<string>;
  try {
    // gray-matter caches by content; a fresh options object disables that so errors are reported each time.
    parsed = matter(content, { engines: { javascript: refuseJavaScript } });
  } catch (e) {
    const detail = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return err({ code: ErrorCode.CorpusFileMalformed, reason: `front matter is not valid YAML (${detail})` });
  }
  // Front matter that parses as a plain string, number or list is not YAML fields (e.g. TOML's `title = "…"`): say so
  // instead of silently dropping the title, date and URL it meant to give.
  const raw: unknown = parsed.data;
  if (raw !== null && raw !== undefined && (typeof raw !== "object" || Array.isArray(raw)))
    return err({
      code: ErrorCode.CorpusFileMalformed,
      reason: "front matter is not YAML fields (expected lines like `title: …`)",
    });
  const data: Record<string, unknown> = (raw as Record<string, unknown> | null) ?? {};
  const tooDeep = nestingProblem(parsed.content);
  if (tooDeep)
    return err({ code: ErrorCode.CorpusFileMalformed, reason: `the Markdown nests too deeply to read: ${tooDeep}` });
  const text = markdownToText(parsed.content);
  if (text.trim() === "") return err({ code: ErrorCode.CorpusFileEmpty, reason: "the article body is empty" });
  let title = asString(data.title)?.trim();
  let body = text;
  if (!title) {
    // No front-matter title: fall back to the first line (usually a `# Heading`).
    const [first, ...rest] = text.split("\n\n");
    title = first?.trim();
    body = rest.join("\n\n");
    if (!title || body.trim() === "")
      return err({
        code: ErrorCode.CorpusFileMalformed,
        reason: "no `title` in front matter and no body after the first line",
      });
  }
  const tags = Array.isArray(data.tags)
    ? data.tags.map(String)
    : typeof data.tags === "string"
      ? [data.tags]
      : undefined;
  return ok({
    id: asString(data.id),
    title,
    text: body,
    published: toIsoDate(data.published ?? data.date),
    author: asString(data.author),
    publisher: asString(data.publisher),
    url: asString(data.url),
    tags,
  });
}
