/**
 * Whatever a parser library throws on one file (Readability on a page without a root element, a stack overflow in
 * the Markdown parser, a TypeError on an odd JSONL value) skips that file with a reason naming it; input that would
 * stall a parser for minutes (thousands of nesting levels) or make it run code (`---js`) is never handed to it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guarded, type LoadedCorpus, loadCorpus } from "../../src/corpus/load-corpus.js";
import { parseHtmlArticle } from "../../src/corpus/load-html.js";
import { parseJsonlLine } from "../../src/corpus/load-jsonl.js";
import { ErrorCode } from "../../src/errors.js";
import { tempDir } from "../helpers/env.js";

const COMMENT_ONLY = "<!-- just a comment -->";
const SCRIPT_ONLY = '<script src="tslib.js"></script>';
/** Deep enough to overflow the stack of mdast's tree walk (it once took the whole build down). */
const DEEP_QUOTE = `# Deep\n\n${"> ".repeat(10_000)}x\n`;
/** A list nested 1,000 levels deep: the Markdown parser takes seconds per 400 levels, and more the deeper. */
const DEEP_LIST = `# Deep list\n\n${Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(i * 2)}- item`).join("\n")}\n`;
/** 3,000 unclosed <div>s around the article: Readability took minutes over them (30 s at 1,000). */
const DEEP_HTML = `<html><head><title>Deep page</title></head><body>${"<div>".repeat(3_000)}<p>${"The deep page is about harbour tides and the new pier. ".repeat(4)}</p><script>steal()</script></body></html>`;
/** gray-matter runs `---js` front matter through eval(). */
const JS_FRONT_MATTER =
  "---js\n{ title: (() => { globalThis.quotebotFrontMatterRan = true; return 'Ran'; })() }\n---\n\nBody text.\n";
/** `String()` of an object whose toString is not a function throws a TypeError (it once ended the build). */
const ODD_TAGS = JSON.stringify({
  id: "odd",
  title: "Odd tags",
  text: "Body text.",
  tags: ["kept", { toString: 1 }, 7],
});

describe("parseHtmlArticle on fragments that made Readability throw", () => {
  it("given a file holding only a comment then it is reported as having no readable text, without throwing", () => {
    expect(parseHtmlArticle(COMMENT_ONLY)).toMatchObject({ ok: false, error: { code: ErrorCode.CorpusFileEmpty } });
  });

  it("given a file holding only a script tag then it is reported as having no readable text, without throwing", () => {
    expect(parseHtmlArticle(SCRIPT_ONLY)).toMatchObject({ ok: false, error: { code: ErrorCode.CorpusFileEmpty } });
  });

  it("given an article fragment without <html> then its text is still read", () => {
    const r = parseHtmlArticle(
      `<title>Fragment</title><article><p>${"The fragment article tells of a harbour bridge. ".repeat(4)}</p></article>`,
    );
    expect(r.ok && r.value.text).toContain("harbour bridge");
  });
});

let dir: string;
let cleanup: () => void;
let loaded: LoadedCorpus;
const skipped = (file: string) => loaded.skipped.find((s) => s.file === file);

beforeAll(async () => {
  ({ dir, cleanup } = tempDir("quotebot-parser-faults-"));
  const corpus = path.join(dir, "corpus");
  mkdirSync(path.join(corpus, "web"), { recursive: true });
  writeFileSync(path.join(corpus, "web", "comment.html"), COMMENT_ONLY);
  writeFileSync(path.join(corpus, "web", "tslib.html"), SCRIPT_ONLY);
  writeFileSync(path.join(corpus, "deep.md"), DEEP_QUOTE);
  writeFileSync(path.join(corpus, "deep-list.md"), DEEP_LIST);
  writeFileSync(path.join(corpus, "web", "deep.html"), DEEP_HTML);
  writeFileSync(path.join(corpus, "js.md"), JS_FRONT_MATTER);
  writeFileSync(
    path.join(corpus, "rows.jsonl"),
    `${ODD_TAGS}\n${JSON.stringify({ id: "fine", title: "Fine row", text: "The fine row is about tides." })}\n`,
  );
  writeFileSync(path.join(corpus, "good.md"), "---\ntitle: Good\n---\n\nThe good article is about tides.\n");
  writeFileSync(
    path.join(corpus, "web", "page.html"),
    `<html><head><title>Good page</title></head><body><article><p>${"The good page is about harbour tides. ".repeat(6)}</p></article></body></html>`,
  );
  loaded = await loadCorpus(corpus, { maxFileBytes: 20 * 1024 * 1024 });
});
afterAll(() => cleanup?.());

describe("loadCorpus over files whose parsers throw", () => {
  it("given the comment-only and script-only .html files then each is skipped naming the file and the reason", () => {
    for (const file of ["web/comment.html", "web/tslib.html"])
      expect(skipped(file)).toMatchObject({
        code: ErrorCode.CorpusFileEmpty,
        reason: "no readable article text in the HTML",
      });
  });

  it("given Markdown nested thousands of levels deep then it is skipped naming how deep, before the parser is tried", () => {
    expect(skipped("deep.md")).toMatchObject({
      code: ErrorCode.CorpusFileMalformed,
      reason: "the Markdown nests too deeply to read: block quotes nest 10000 levels deep (over 100)",
    });
    expect(skipped("deep-list.md")).toMatchObject({
      code: ErrorCode.CorpusFileMalformed,
      reason: expect.stringMatching(/^the Markdown nests too deeply to read: a line is indented \d+ columns/),
    });
  });

  it("given HTML nested thousands of levels deep then its text is read without Readability, scripts still dropped", () => {
    const page = loaded.articles.find((a) => a.id === "web/deep")!;
    expect(page.title).toBe("Deep page");
    expect(page.text).toContain("The deep page is about harbour tides and the new pier.");
    expect(page.text).not.toContain("steal");
  });

  it("given JavaScript front matter then the file is skipped and its code never runs", () => {
    expect(skipped("js.md")).toMatchObject({
      code: ErrorCode.CorpusFileMalformed,
      reason: expect.stringMatching(/JavaScript front matter \(---js\) is not supported/),
    });
    expect((globalThis as Record<string, unknown>).quotebotFrontMatterRan).toBeUndefined();
  });

  it("given a loader step that throws then it becomes a skip reason instead of an exception", () => {
    const r = guarded(() => {
      throw new RangeError("Maximum call stack size exceeded");
    });
    expect(r).toEqual({
      ok: false,
      error: { code: ErrorCode.CorpusFileMalformed, reason: "could not be read (Maximum call stack size exceeded)" },
    });
  });

  it("given a JSONL row with tags that are not strings then the row loads with the usable tags only", () => {
    expect(parseJsonlLine(ODD_TAGS)).toMatchObject({ ok: true, value: { tags: ["kept", "7"] } });
    expect(loaded.articles.find((a) => a.id === "rows/odd")).toMatchObject({ tags: ["kept", "7"] });
  });

  it("given those files among good ones then every good article loads", () => {
    expect(loaded.articles.map((a) => a.id).sort()).toEqual(["good", "rows/fine", "rows/odd", "web/deep", "web/page"]);
  });
});
