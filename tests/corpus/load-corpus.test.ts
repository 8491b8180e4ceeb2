/**
 * loadCorpus over a folder of good and bad files: every bad file is skipped (or loaded with a notice) with a reason
 * naming the file, and the good files still load.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleIdFromPath, decodeText, type LoadedCorpus, loadCorpus } from "../../src/corpus/load-corpus.js";
import { ErrorCode } from "../../src/errors.js";
import { REPO_ROOT, tempDir } from "../helpers/env.js";

const MB = 1024 * 1024;
const GOOD_MD = "---\ntitle: Good article\n---\n\nThe good article has a body about blockchain ledgers.\n";

let dir: string;
let corpus: string;
let cleanup: () => void;
let loaded: LoadedCorpus;

const skipped = (file: string) => loaded.skipped.find((s) => s.file === file);

beforeAll(async () => {
  ({ dir, cleanup } = tempDir("quotebot-corpus-"));
  corpus = path.join(dir, "corpus");
  mkdirSync(path.join(corpus, "nested"), { recursive: true });
  writeFileSync(path.join(corpus, "good.md"), GOOD_MD);
  writeFileSync(path.join(corpus, "nested", "story.txt"), "A nested story\nIts body sentence.\n");
  writeFileSync(path.join(corpus, "README.md"), "# About this corpus\n\nNot an article.\n");
  writeFileSync(path.join(corpus, "empty.md"), "");
  writeFileSync(path.join(corpus, "blank.txt"), " \n\n\t\n");
  writeFileSync(
    path.join(corpus, "binary.md"),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  );
  // 50 MB of real text: over the default 20 MB limit, so it is refused before being read into memory.
  writeFileSync(path.join(corpus, "huge.txt"), `Huge\n${"All work and no play. ".repeat((50 * MB) / 22)}`);
  writeFileSync(
    path.join(corpus, "latin1.txt"),
    Buffer.concat([Buffer.from("Caf"), Buffer.from([0xe9]), Buffer.from(" news\nThe caf"), Buffer.from([0xe9, 0x2e])]),
  );
  writeFileSync(path.join(corpus, "toml.md"), '---\ntitle = "TOML, not YAML"\n---\n\nBody.\n');
  writeFileSync(path.join(corpus, "badyaml.md"), "---\ntitle: [oops\n---\n\nBody.\n");
  writeFileSync(
    path.join(corpus, "scripted.html"),
    `<html><head><title>Scripted page</title><script>alert("SCRIPT")</script></head><body><article><h1>Scripted page</h1><p>${"Real article text about exchanges. ".repeat(8)}</p><script>steal("SCRIPT2")</script></article></body></html>`,
  );
  writeFileSync(path.join(corpus, "dup-a.md"), "---\ntitle: First\nid: same-id\n---\n\nFirst body.\n");
  writeFileSync(path.join(corpus, "dup-b.md"), "---\ntitle: Second\nid: same-id\n---\n\nSecond body.\n");
  writeFileSync(path.join(corpus, "notes.pdf"), "%PDF-1.4 not really");
  writeFileSync(
    path.join(corpus, "feed.jsonl"),
    [
      JSON.stringify({ id: "one", title: "One", text: "First line article." }),
      "{ not json",
      "",
      JSON.stringify({ title: "No text" }),
      JSON.stringify({ id: "one", title: "Duplicate id", text: "Same id again." }),
      JSON.stringify({ title: "Two", body: "Second line article." }),
    ].join("\n"),
  );
  writeFileSync(path.join(corpus, ".hidden.md"), GOOD_MD);
  // A symlink could point outside the corpus folder: never followed.
  writeFileSync(path.join(dir, "outside.md"), "---\ntitle: Outside\n---\n\nSecret outside text.\n");
  symlinkSync(path.join(dir, "outside.md"), path.join(corpus, "link.md"));
  loaded = await loadCorpus(corpus, { maxFileBytes: 20 * MB });
});

afterAll(() => cleanup?.());

describe("loadCorpus with bad files", () => {
  it("given good files among bad ones then the good ones load with ids from their paths", () => {
    const ids = loaded.articles.map((a) => a.id).sort();
    expect(ids).toEqual(["good", "nested/story", "latin1", "scripted", "same-id", "feed/one", "feed/l6"].sort());
    expect(loaded.articles.find((a) => a.id === "nested/story")).toMatchObject({ source: "nested/story.txt" });
  });

  it("given a 0-byte or whitespace-only file then it is skipped as empty, naming the file", () => {
    expect(skipped("empty.md")).toMatchObject({ code: ErrorCode.CorpusFileEmpty, reason: "the file is empty" });
    expect(skipped("blank.txt")).toMatchObject({ code: ErrorCode.CorpusFileEmpty });
  });

  it("given a binary file then it is skipped as binary", () => {
    expect(skipped("binary.md")).toMatchObject({
      code: ErrorCode.CorpusFileBinary,
      reason: expect.stringMatching(/binary/),
    });
  });

  it("given a 50 MB file then it is skipped as too large, with its size and the limit", () => {
    expect(skipped("huge.txt")).toMatchObject({
      code: ErrorCode.CorpusFileTooLarge,
      reason: expect.stringMatching(/50\.0 MB, over the 20\.0 MB limit \(MAX_CORPUS_FILE_MB\)/),
    });
  });

  it("given invalid UTF-8 then the file loads as Latin-1 with a notice naming it", () => {
    expect(loaded.articles.find((a) => a.id === "latin1")).toMatchObject({ title: "Café news", text: "The café." });
    expect(loaded.notices).toContainEqual(
      expect.objectContaining({ file: "latin1.txt", reason: expect.stringMatching(/not valid UTF-8/) }),
    );
  });

  it("given front matter that is not YAML then the file is skipped as malformed", () => {
    expect(skipped("toml.md")).toMatchObject({ code: ErrorCode.CorpusFileMalformed });
    expect(skipped("badyaml.md")).toMatchObject({
      code: ErrorCode.CorpusFileMalformed,
      reason: expect.stringMatching(/YAML/),
    });
  });

  it("given HTML with scripts then the article loads without the script text", () => {
    const html = loaded.articles.find((a) => a.id === "scripted")!;
    expect(html.text).toContain("Real article text about exchanges.");
    expect(html.text).not.toMatch(/SCRIPT|alert|steal/);
  });

  it("given two files with the same id then the second is skipped naming the first", () => {
    expect(loaded.articles.find((a) => a.id === "same-id")).toMatchObject({ title: "First", source: "dup-a.md" });
    expect(skipped("dup-b.md")).toMatchObject({
      code: ErrorCode.CorpusDuplicateId,
      reason: expect.stringMatching(/"same-id" \(already used by dup-a\.md\)/),
    });
  });

  it("given an unsupported extension then it is skipped saying which types work", () => {
    expect(skipped("notes.pdf")).toMatchObject({
      code: ErrorCode.CorpusFileUnsupported,
      reason: expect.stringMatching(/\.md/),
    });
  });

  it("given JSONL with bad lines then each bad line is skipped by line number and the good lines load", () => {
    expect(skipped("feed.jsonl#L2")).toMatchObject({ code: ErrorCode.CorpusFileMalformed, reason: "not valid JSON" });
    expect(skipped("feed.jsonl#L4")).toMatchObject({ reason: "missing `text`" });
    expect(skipped("feed.jsonl#L5")).toMatchObject({ code: ErrorCode.CorpusDuplicateId });
    expect(loaded.articles.find((a) => a.id === "feed/l6")).toMatchObject({ title: "Two", source: "feed.jsonl#L6" });
  });

  it("given hidden files, README and symlinks then they are never read", () => {
    expect(loaded.articles.some((a) => a.text.includes("Secret outside text"))).toBe(false);
    const named = [...loaded.articles.map((a) => a.source), ...loaded.skipped.map((s) => s.file)];
    for (const f of [".hidden.md", "README.md", "link.md"]) expect(named).not.toContain(f);
  });

  it("given a corpus folder that does not exist then loading fails with CORPUS_MISSING", async () => {
    await expect(loadCorpus(path.join(dir, "nope"), { maxFileBytes: MB })).rejects.toMatchObject({
      code: ErrorCode.CorpusMissing,
    });
  });
});

describe("loadCorpus with an unreadable file", () => {
  // Permissions do not stop root, so as root the loader runs in a child process as an unprivileged user.
  const asRoot = process.getuid?.() === 0;
  const NOBODY = 65534;
  const canDropPrivileges =
    asRoot &&
    spawnSync(process.execPath, ["-e", `require("fs").readdirSync(${JSON.stringify(REPO_ROOT)})`], {
      uid: NOBODY,
      gid: NOBODY,
    }).status === 0;

  it.skipIf(asRoot && !canDropPrivileges)(
    "given a file or a subfolder without read permission then each is skipped as unreadable and the rest loads",
    async () => {
      const t = tempDir("quotebot-unreadable-");
      try {
        const c = path.join(t.dir, "corpus");
        mkdirSync(c);
        writeFileSync(path.join(c, "ok.md"), GOOD_MD);
        writeFileSync(path.join(c, "secret.md"), GOOD_MD.replace("Good article", "Secret"));
        chmodSync(path.join(c, "secret.md"), 0o000);
        mkdirSync(path.join(c, "locked"));
        writeFileSync(path.join(c, "locked", "inside.md"), GOOD_MD);
        chmodSync(path.join(c, "locked"), 0o000);
        chmodSync(t.dir, 0o755);
        let result: LoadedCorpus;
        if (!asRoot) result = await loadCorpus(c, { maxFileBytes: MB });
        else {
          const script = `import("./src/corpus/load-corpus.ts").then((m) => m.loadCorpus(${JSON.stringify(c)}, { maxFileBytes: ${MB} })).then((r) => process.stdout.write(JSON.stringify(r)))`;
          const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
            cwd: REPO_ROOT,
            uid: NOBODY,
            gid: NOBODY,
            encoding: "utf8",
            env: { ...process.env, HOME: t.dir },
          });
          expect(child.stderr).toBe("");
          result = JSON.parse(child.stdout) as LoadedCorpus;
        }
        expect(result.articles.map((a) => a.id)).toEqual(["ok"]);
        expect(result.skipped).toEqual([
          {
            file: "locked/",
            code: ErrorCode.CorpusFileUnreadable,
            reason: "cannot read the folder (EACCES); its files were not indexed",
          },
          { file: "secret.md", code: ErrorCode.CorpusFileUnreadable, reason: "cannot read the file (EACCES)" },
        ]);
      } finally {
        t.cleanup();
      }
    },
  );
});

describe("ids and decoding", () => {
  it("given paths with case, spaces and symbols then ids are stable lowercase slugs keeping folders", () => {
    expect(articleIdFromPath("News/2024 Q1/Bitpowr & Asia!.md")).toBe("news/2024-q1/bitpowr-asia");
  });

  it("given valid UTF-8 then it is not reported as Latin-1", () => {
    expect(decodeText(Buffer.from("Café ✓", "utf8"))).toEqual({ text: "Café ✓", latin1: false });
  });
});

describe("loadCorpus with a JSONL file that is not UTF-8", () => {
  it("given Latin-1 bytes on many lines then the rows load and one notice names the file and the lines", async () => {
    const t = tempDir("quotebot-corpus-");
    try {
      const rows = Array.from({ length: 8 }, (_, i) =>
        Buffer.concat([
          Buffer.from(`{"id":"r${i}","title":"Caf`),
          Buffer.from([0xe9]), // é in Latin-1: invalid as UTF-8
          Buffer.from(` ${i}","text":"A story about a caf`),
          Buffer.from([0xe9]),
          Buffer.from(` number ${i}."}\n`),
        ]),
      );
      writeFileSync(path.join(t.dir, "export.jsonl"), Buffer.concat(rows));
      const result = await loadCorpus(t.dir, { maxFileBytes: MB });
      expect(result.articles).toHaveLength(8);
      expect(result.notices).toEqual([
        {
          file: "export.jsonl",
          code: ErrorCode.CorpusFileMalformed,
          reason: expect.stringMatching(/^lines 1, 2, 3, 4, 5 and 3 more contain U\+FFFD .*save it as UTF-8/),
        },
      ]);
    } finally {
      t.cleanup();
    }
  });
});
