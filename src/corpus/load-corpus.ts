/**
 * Walk the corpus folder and load every article. A bad file is skipped with a warning naming the file and the
 * reason; the rest of the corpus still loads. Symlinks are never followed, so nothing outside the folder is read.
 */

import type { Dirent } from "node:fs";
import { createReadStream } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { ErrorCode, errorMessage, QuotebotError } from "../errors.js";
import { type Article, err, ok, type Result } from "../types.js";
import { type ArticleDraft, type CorpusProblem, finishArticle } from "./draft.js";
import { parseHtmlArticle } from "./load-html.js";
import { parseJsonlLine } from "./load-jsonl.js";
import { parseMarkdownArticle } from "./load-markdown.js";
import { parseTextArticle } from "./load-text.js";
import { notLanguageReason } from "./text-quality.js";

export interface SkippedFile {
  /** Corpus-relative path (with `#L<n>` for a JSONL line). */
  file: string;
  code: CorpusProblem["code"];
  reason: string;
}

export interface LoadedCorpus {
  articles: Article[];
  skipped: SkippedFile[];
  /** Files that loaded, but with something worth telling the user (e.g. decoded as Latin-1). */
  notices: SkippedFile[];
}

type SingleParser = (content: string) => Result<ArticleDraft, CorpusProblem>;

/**
 * Run a loader step so that whatever a parser library throws (a stack overflow on deep nesting, a TypeError on an
 * unexpected value) becomes a skip naming the file and the reason, never the end of the build.
 */
export function guarded<T>(step: () => Result<T, CorpusProblem>): Result<T, CorpusProblem> {
  try {
    return step();
  } catch (e) {
    return err({ code: ErrorCode.CorpusFileMalformed, reason: `could not be read (${errorMessage(e)})` });
  }
}

const SINGLE_PARSERS: Record<string, SingleParser> = {
  ".md": parseMarkdownArticle,
  ".markdown": parseMarkdownArticle,
  ".txt": parseTextArticle,
  ".html": parseHtmlArticle,
  ".htm": parseHtmlArticle,
};
export const SUPPORTED_EXTENSIONS = [...Object.keys(SINGLE_PARSERS), ".jsonl"];

/** Files that document the corpus rather than belong to it. */
const IGNORED_NAMES = new Set(["readme.md", "readme.txt", "license", "license.md", ".gitkeep"]);

export interface LoadCorpusOptions {
  maxFileBytes: number;
  /** JSONL lines longer than this are skipped (a JSONL file itself may be large). */
  maxLineBytes?: number;
}

/** Article id from a corpus-relative path: lowercase, no extension, `/` kept, other runs of symbols → `-`. */
export function articleIdFromPath(relPath: string): string {
  return slugId(relPath.replace(/\.[^./]+$/, ""));
}

/** Lowercase slug of an id, keeping `/` as a separator. */
export function slugId(raw: string): string {
  return raw
    .split(/[\\/]/)
    .map((part) =>
      part
        .normalize("NFKD")
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, "-")
        .replace(/^-+|-+$/g, ""),
    )
    .filter(Boolean)
    .join("/");
}

/** Every regular file under `root`, sorted; a subfolder that cannot be read is reported and the walk goes on. */
async function listFiles(root: string, unreadable: (dir: string, e: unknown) => void): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (dir === root) throw e;
      unreadable(dir, e);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(full);
      // Symlinks and special files are deliberately skipped: they could point outside the corpus.
    }
  };
  await walk(root);
  return out;
}

/** Decode as UTF-8; fall back to Windows-1252/Latin-1 (old newswire files) and say so. */
export function decodeText(bytes: Buffer): { text: string; latin1: boolean } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), latin1: false };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), latin1: true };
  }
}

const looksBinary = (bytes: Buffer) => bytes.subarray(0, 8192).includes(0);

/** The skip reason for text that is not language (see text-quality.ts), or undefined. */
function notTextReason(text: string): string | undefined {
  const why = notLanguageReason(text);
  if (!why) return undefined;
  // The U+FFFD reason names its own likely causes; the others are what binary data decoded as text looks like.
  return why.includes("U+FFFD") ? `not readable text: ${why}` : `not readable text: ${why} (binary data read as text?)`;
}

export async function loadCorpus(corpusDir: string, options: LoadCorpusOptions): Promise<LoadedCorpus> {
  const dirStat = await lstat(corpusDir).catch(() => undefined);
  if (!dirStat?.isDirectory())
    throw new QuotebotError(
      ErrorCode.CorpusMissing,
      `The corpus folder ${corpusDir} does not exist.`,
      "Create it and add articles, or set CORPUS_DIR.",
    );
  const maxLineBytes = options.maxLineBytes ?? options.maxFileBytes;
  const result: LoadedCorpus = { articles: [], skipped: [], notices: [] };
  const seen = new Map<string, string>();

  const accept = (draft: ArticleDraft, fallbackId: string, source: string) => {
    const id = draft.id ? slugId(draft.id) || fallbackId : fallbackId;
    const previous = seen.get(id);
    if (previous !== undefined) {
      result.skipped.push({
        file: source,
        code: ErrorCode.CorpusDuplicateId,
        reason: `duplicate article id "${id}" (already used by ${previous}); rename the file or set a unique id`,
      });
      return;
    }
    const finished = guarded(() => ok(finishArticle(draft, id, source)));
    if (!finished.ok) {
      result.skipped.push({ file: source, code: finished.error.code, reason: finished.error.reason });
      return;
    }
    // The draft still has the control characters cleaning turns into spaces; the article has what would be quoted.
    const notText = notTextReason(draft.text) ?? notTextReason(`${finished.value.title}\n${finished.value.text}`);
    if (notText) {
      result.skipped.push({ file: source, code: ErrorCode.CorpusFileNotText, reason: notText });
      return;
    }
    seen.set(id, source);
    result.articles.push(finished.value);
  };

  const unreadableFolder = (dir: string, e: unknown) =>
    result.skipped.push({
      file: `${path.relative(corpusDir, dir).split(path.sep).join("/")}/`,
      code: ErrorCode.CorpusFileUnreadable,
      reason: `cannot read the folder (${(e as NodeJS.ErrnoException).code ?? String(e)}); its files were not indexed`,
    });
  for (const file of await listFiles(corpusDir, unreadableFolder)) {
    const rel = path.relative(corpusDir, file).split(path.sep).join("/");
    const base = path.basename(file).toLowerCase();
    if (IGNORED_NAMES.has(base)) continue;
    const ext = path.extname(base);
    const skip = (code: SkippedFile["code"], reason: string) => result.skipped.push({ file: rel, code, reason });
    if (ext === ".jsonl") {
      await loadJsonl(file, rel, maxLineBytes, accept, result);
      continue;
    }
    const parse = SINGLE_PARSERS[ext];
    if (!parse) {
      skip(
        ErrorCode.CorpusFileUnsupported,
        `unsupported file type "${ext || "(none)"}"; use ${SUPPORTED_EXTENSIONS.join(", ")}`,
      );
      continue;
    }
    let bytes: Buffer;
    try {
      const st = await lstat(file);
      if (st.size > options.maxFileBytes) {
        skip(
          ErrorCode.CorpusFileTooLarge,
          `file is ${(st.size / 1048576).toFixed(1)} MB, over the ${(options.maxFileBytes / 1048576).toFixed(1)} MB limit (MAX_CORPUS_FILE_MB)`,
        );
        continue;
      }
      bytes = await readFile(file);
    } catch (e) {
      skip(ErrorCode.CorpusFileUnreadable, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      continue;
    }
    if (bytes.length === 0 || bytes.toString("utf8").trim() === "") {
      skip(ErrorCode.CorpusFileEmpty, "the file is empty");
      continue;
    }
    if (looksBinary(bytes)) {
      skip(ErrorCode.CorpusFileBinary, "binary content (NUL bytes); not a text article");
      continue;
    }
    const { text, latin1 } = decodeText(bytes);
    // A .txt is cleaned as it is parsed (control characters become spaces), so it is judged as read. Markup is not:
    // an inline data: URI would look like junk although the article around it is fine.
    const rawNotText = ext === ".txt" ? notTextReason(text) : undefined;
    if (rawNotText) {
      skip(ErrorCode.CorpusFileNotText, rawNotText);
      continue;
    }
    if (latin1)
      result.notices.push({
        file: rel,
        code: ErrorCode.CorpusFileMalformed,
        reason: "not valid UTF-8; decoded as Latin-1",
      });
    const parsed = guarded(() => parse(text));
    if (!parsed.ok) {
      skip(parsed.error.code, parsed.error.reason);
      continue;
    }
    accept(parsed.value, articleIdFromPath(rel), rel);
  }
  return result;
}

/** "line 3", "lines 3, 7 and 9", "lines 3, 7, 9, 12, 15 and 40 more". */
function lineList(lines: readonly number[], shown = 5): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  const head = lines.slice(0, shown).join(", ");
  if (lines.length <= shown) return `lines ${lines.slice(0, -1).join(", ")} and ${lines.at(-1)}`;
  return `lines ${head} and ${lines.length - shown} more`;
}

async function loadJsonl(
  file: string,
  rel: string,
  maxLineBytes: number,
  accept: (draft: ArticleDraft, fallbackId: string, source: string) => void,
  result: LoadedCorpus,
): Promise<void> {
  const stem = articleIdFromPath(rel);
  let lineNo = 0;
  let loaded = 0;
  const replaced: number[] = [];
  try {
    const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === "") continue;
      const source = `${rel}#L${lineNo}`;
      if (Buffer.byteLength(line) > maxLineBytes) {
        result.skipped.push({
          file: source,
          code: ErrorCode.CorpusFileTooLarge,
          reason: "line is over the size limit",
        });
        continue;
      }
      // The stream decodes as UTF-8 and replaces invalid bytes with U+FFFD; say so rather than index mojibake silently.
      if (line.includes("\uFFFD")) replaced.push(lineNo);
      const parsed = guarded(() => parseJsonlLine(line));
      if (!parsed.ok) {
        result.skipped.push({ file: source, code: parsed.error.code, reason: parsed.error.reason });
        continue;
      }
      const id = parsed.value.id ? `${stem}/${parsed.value.id}` : `${stem}/L${lineNo}`;
      accept({ ...parsed.value, id }, `${stem}/L${lineNo}`, source);
      loaded++;
    }
  } catch (e) {
    result.skipped.push({
      file: rel,
      code: ErrorCode.CorpusFileUnreadable,
      reason: `cannot read the file (${String(e)})`,
    });
    return;
  }
  // One notice for the file: a Latin-1 export has the problem on many lines, and the fix (save as UTF-8) is one.
  if (replaced.length > 0)
    result.notices.push({
      file: rel,
      code: ErrorCode.CorpusFileMalformed,
      reason: `${lineList(replaced)} contain${replaced.length === 1 ? "s" : ""} U+FFFD replacement characters: the file is probably not UTF-8 (save it as UTF-8 and rebuild)`,
    });
  if (loaded === 0 && lineNo > 0 && !result.skipped.some((s) => s.file.startsWith(`${rel}#`)))
    result.skipped.push({ file: rel, code: ErrorCode.CorpusFileEmpty, reason: "no articles in the file" });
}
