/**
 * The Markdown file an import writes: YAML front matter with the citation fields the page gave (never invented
 * ones), `source: web`, when it was fetched, and `content_hash`, the sha256 of the file as written (without that
 * line). A file whose text no longer matches its hash was edited by a person and is never overwritten.
 */
import { createHash } from "node:crypto";
import type { Root } from "mdast";
import { toMarkdown } from "mdast-util-to-markdown";

export interface ArticleFields {
  title: string;
  url: string;
  published?: string;
  author?: string;
  publisher?: string;
  /** Plain paragraphs separated by blank lines (what the HTML loader extracts). */
  text: string;
}

const HASH_LINE = /^content_hash: .*\r?\n/m;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * The article body as Markdown: one paragraph per block, with Markdown syntax in the text escaped, so the
 * Markdown loader reads back exactly the words the page had (a leading "#" or "1." stays text).
 */
export function markdownBody(text: string): string {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const tree: Root = {
    type: "root",
    children: paragraphs.map((p) => ({ type: "paragraph", children: [{ type: "text", value: p }] })),
  };
  return toMarkdown(tree).trim();
}

/** sha256 of a body as written; equal bodies mean the same article text, whatever the URL. */
export const bodyHash = (body: string): string => sha256(body.trim());

const yamlString = (s: string) => JSON.stringify(s.replace(/\s+/g, " ").trim());

/** The whole file: front matter, then the body. */
export function renderArticleFile(fields: ArticleFields, fetched: Date): string {
  const lines = ["---", `title: ${yamlString(fields.title)}`, `url: ${yamlString(fields.url)}`];
  if (fields.published) lines.push(`published: ${yamlString(fields.published)}`);
  if (fields.author) lines.push(`author: ${yamlString(fields.author)}`);
  if (fields.publisher) lines.push(`publisher: ${yamlString(fields.publisher)}`);
  lines.push("source: web", `fetched: ${yamlString(fetched.toISOString())}`, "---", "", markdownBody(fields.text), "");
  const withoutHash = lines.join("\n");
  // The hash line goes right after the opening "---"; the hash is over everything else.
  return withoutHash.replace(/^---\n/, `---\ncontent_hash: ${sha256(withoutHash)}\n`);
}

/** The hash a file records, or undefined when it records none (a file import did not write). */
export const recordedHash = (file: string): string | undefined =>
  /^content_hash: ([0-9a-f]{64})\s*$/m.exec(file.slice(0, 4096))?.[1];

/** true when the file is exactly what import wrote (its recorded hash matches its text). */
export function writtenByImport(file: string): boolean {
  const recorded = recordedHash(file);
  return recorded !== undefined && sha256(file.replace(HASH_LINE, "")) === recorded;
}

/** A file name for a title: lowercase ASCII words joined by "-", at most 80 characters. */
export function slugFor(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug || "article";
}
