/**
 * Import article pages: fetch each (politely, in parallel across hosts), extract the article with the corpus's own
 * HTML loader, and write `corpus/<slug>.md` atomically. The same canonical URL or the same text is imported once;
 * a re-import replaces only a file import wrote and nobody edited since. One failed URL never stops the others.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseHtmlArticle } from "../corpus/load-html.js";
import { ErrorCode } from "../errors.js";
import {
  type ArticleFields,
  bodyHash,
  markdownBody,
  renderArticleFile,
  slugFor,
  writtenByImport,
} from "./article-file.js";
import { fetchResource } from "./fetch-page.js";
import { type ImportedFiles, readImportedFiles, urlKey } from "./imported-files.js";
import type { Importer } from "./importer.js";
import type { ImportedArticle, ImportProblem, ImportRun, SkippedUrl } from "./types.js";
import { writeFileAtomically } from "./write-file.js";

/** URLs in flight at once across all hosts (each host also has its own, smaller limit). */
const MAX_PARALLEL_URLS = 8;

/** `fn` over `items` with at most `limit` running at once; results keep the order of `items`. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Fewer characters than this (a couple of sentences) is a page without an article. */
const MIN_ARTICLE_CHARS = 200;

/** Fetch and extract one page: the fields to write, or why not. */
export async function fetchArticle(url: string, importer: Importer): Promise<ArticleFields | ImportProblem> {
  const fetched = await fetchResource(url, importer.settings, {
    expect: "page",
    beforeHop: importer.robots,
    limiter: importer.limiter,
  });
  if (!fetched.ok) return fetched.error;
  if (fetched.value.notModified)
    return { code: ErrorCode.ImportHttpStatus, reason: "HTTP 304 without a request for it" };
  const page = fetched.value;
  const draft = parseHtmlArticle(page.body);
  if (!draft.ok) {
    const reason = draft.error.code === ErrorCode.CorpusFileEmpty ? "no article text found" : draft.error.reason;
    return { code: ErrorCode.ImportNoArticle, reason };
  }
  const a = draft.value;
  // Readability returns its best guess even for a page with no article (a menu, a cookie wall): too little text to
  // quote is not an article.
  if (a.text.replace(/\s+/g, " ").trim().length < MIN_ARTICLE_CHARS)
    return { code: ErrorCode.ImportNoArticle, reason: "no article text found" };
  return {
    title: a.title,
    // The canonical URL when the page declares one; otherwise where the page was actually found.
    url: a.url ?? page.url,
    published: a.published,
    author: a.author,
    publisher: a.publisher,
    text: a.text,
  };
}

/** Serialises the check-then-write step, so two pages with the same text cannot both pass the dedupe check. */
function createWriteQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(step: () => Promise<T>): Promise<T> => {
    const next = tail.then(step, step);
    tail = next.catch(() => undefined);
    return next;
  };
}

/** Import `urls` into the corpus. Results keep the order of `urls`. */
export async function importPages(urls: readonly string[], importer: Importer): Promise<ImportRun> {
  const { corpusDir } = importer.config;
  await mkdir(corpusDir, { recursive: true });
  const known = await readImportedFiles(corpusDir);
  const serial = createWriteQueue();
  const outcomes = await mapConcurrently(
    urls,
    MAX_PARALLEL_URLS,
    async (url): Promise<ImportedArticle | SkippedUrl> => {
      const fields = await fetchArticle(url, importer);
      const outcome =
        "code" in fields
          ? { url, code: fields.code, reason: fields.reason }
          : await serial(() => writeArticle(url, fields, known, corpusDir));
      importer.onUrlDone?.();
      if ("code" in outcome) importer.log.debug({ url, reason: outcome.reason }, "import: skipped");
      return outcome;
    },
  );
  const run: ImportRun = { imported: [], skipped: [] };
  for (const o of outcomes) {
    if ("code" in o) run.skipped.push(o);
    else run.imported.push(o);
  }
  return run;
}

async function writeArticle(
  requested: string,
  fields: ArticleFields,
  known: ImportedFiles,
  corpusDir: string,
): Promise<ImportedArticle | SkippedUrl> {
  const key = urlKey(fields.url);
  const hash = bodyHash(markdownBody(fields.text));
  const sameUrl = known.byUrl.get(key);
  const sameText = known.byBody.get(hash);
  const skip = (code: SkippedUrl["code"], reason: string): SkippedUrl => ({ url: requested, code, reason });
  if (sameUrl && sameUrl.bodyHash === hash)
    return skip(ErrorCode.ImportDuplicate, `already imported as ${sameUrl.name}`);
  if (!sameUrl && sameText)
    return skip(ErrorCode.ImportDuplicate, `the same article text is already imported as ${sameText.name}`);
  let name: string;
  if (sameUrl) {
    // Read it again now: a person may have edited it since the run started.
    const current = await readFile(path.join(corpusDir, sameUrl.name), "utf8").catch(() => undefined);
    if (sameUrl.editedByHand || (current !== undefined && !writtenByImport(current)))
      return skip(
        ErrorCode.ImportEditedByHand,
        `${sameUrl.name} was edited by hand after it was imported; it is not overwritten (delete it to import again)`,
      );
    name = sameUrl.name;
  } else name = freeName(slugFor(fields.title), known);
  await writeFileAtomically(path.join(corpusDir, name), renderArticleFile(fields, new Date()));
  const record = { name, url: key, bodyHash: hash, editedByHand: false };
  known.byUrl.set(key, record);
  known.byBody.set(hash, record);
  known.names.add(name.toLowerCase());
  return {
    requested,
    url: fields.url,
    file: name,
    title: fields.title,
    publisher: fields.publisher,
    published: fields.published,
    author: fields.author,
    updated: sameUrl !== undefined,
  };
}

/** `slug.md`, or `slug-2.md`, `slug-3.md`, … when the name (in any case, with any extension) is taken. */
function freeName(slug: string, known: ImportedFiles): string {
  const taken = (stem: string) =>
    [...known.names].some((n) => n === `${stem}.md` || n.replace(/\.[^.]+$/, "") === stem);
  let stem = slug;
  for (let i = 2; taken(stem); i++) stem = `${slug}-${i}`;
  return `${stem}.md`;
}
