/**
 * A build over the real corpus plus every kind of bad file: each bad file is skipped (or indexed with a caveat) with
 * a warning naming it, and everything else indexes and answers as usual.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine.js";
import { type BuildSummary, buildIndex } from "../../src/indexing/build-index.js";
import { silentLogger } from "../../src/log.js";
import { copyCorpus, tempDir, testConfig } from "../helpers/env.js";
import { corpusFiles } from "./support.js";

const MB = 1024 * 1024;
const HTML_BODY = "Quotebot's HTML fixture says the walrus exchange listed a new stablecoin in March. ".repeat(6);

/** file → the warning it must produce (undefined: indexes silently). */
const BAD: Record<string, { content: string | Buffer; warning?: RegExp }> = {
  "zero.md": { content: "", warning: /Skipped zero\.md: the file is empty/ },
  "binary.txt": {
    content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]),
    warning: /Skipped binary\.txt: binary/,
  },
  "huge.md": {
    content: `---\ntitle: Huge\n---\n\n${"Lorem ipsum dolor. ".repeat((50 * MB) / 19)}`,
    warning: /Skipped huge\.md: file is 50\.0 MB/,
  },
  "latin1.txt": {
    content: Buffer.from("Walrus caf\xe9 report\nThe walrus caf\xe9 opened a crypto desk.\n", "latin1"),
    warning: /Indexed latin1\.txt: not valid UTF-8; decoded as Latin-1/,
  },
  "toml.md": {
    content: '---\ntitle = "x"\n---\n\nBody text.\n',
    warning: /Skipped toml\.md: front matter is not YAML fields/,
  },
  "hugo.md": { content: '+++\ntitle = "x"\n+++\n\nBody text.\n', warning: /Skipped hugo\.md: TOML front matter/ },
  "badyaml.md": {
    content: '---\ntitle: "unterminated\n---\n\nBody.\n',
    warning: /Skipped badyaml\.md: front matter is not valid YAML/,
  },
  "dup.md": {
    content:
      "---\ntitle: Duplicate of an existing id\nid: 003a-us-doj-charges-two-russians-mt-gox-hack\n---\n\nA duplicate.\n",
    warning: /Skipped dup\.md: duplicate article id "003a-us-doj-charges-two-russians-mt-gox-hack"/,
  },
  "extra/scripted.html": {
    content: `<html><head><title>Walrus exchange</title><script>fetch("https://tracker.example/steal")</script></head><body><article><h1>Walrus exchange</h1><p>${HTML_BODY}</p><script>document.write("INJECTED_BY_SCRIPT")</script></article></body></html>`,
  },
  // Both once stopped the whole build with an exception from Readability that did not name the file.
  "extra/comment.html": {
    content: "<!-- just a comment -->",
    warning: /Skipped extra\/comment\.html: no readable article text in the HTML/,
  },
  "extra/tslib.html": {
    content: '<script src="tslib.js"></script>',
    warning: /Skipped extra\/tslib\.html: no readable article text in the HTML/,
  },
  // Junk without NUL bytes decodes "as Latin-1" without error; it was indexed and then quoted as an answer.
  "junk.txt": {
    content: Buffer.concat([
      Buffer.from("Walrus photo\n"),
      Buffer.from(Array.from({ length: 3000 }, (_, i) => 0x80 + ((i * 7919) % 128))),
    ]),
    warning: /Skipped junk\.txt: not readable text: \d+% of its characters are/,
  },
  "lines.jsonl": {
    content: `${JSON.stringify({ id: "w1", title: "Walrus line", text: "The walrus line article mentions a ledger audit." })}\n{oops\n`,
    warning: /Skipped lines\.jsonl#L2: not valid JSON/,
  },
};

let summary: BuildSummary;
let engine: Engine;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir("quotebot-bad-corpus-");
  cleanup = t.cleanup;
  const corpus = copyCorpus(t.dir);
  mkdirSync(path.join(corpus, "extra"));
  for (const [file, { content }] of Object.entries(BAD)) writeFileSync(path.join(corpus, file), content);
  const config = testConfig(t.dir, "tokenizer-only");
  summary = await buildIndex({ config, log: silentLogger });
  engine = await Engine.open(config);
});

afterAll(async () => {
  await engine?.close();
  cleanup?.();
});

describe("a build over bad corpus files", () => {
  for (const [file, { warning }] of Object.entries(BAD)) {
    if (!warning) {
      it(`given ${file} then it indexes without a warning`, () => {
        expect(summary.warnings.filter((w) => w.includes(file))).toEqual([]);
      });
      continue;
    }
    it(`given ${file} then the build warns naming the file and the reason`, () => {
      expect(
        summary.warnings.some((w) => warning.test(w)),
        summary.warnings.join("\n"),
      ).toBe(true);
    });
  }

  it("given the skipped files then each is in the summary's skipped list with its reason", () => {
    expect(summary.skipped.map((s) => s.file).sort()).toEqual(
      [
        "zero.md",
        "binary.txt",
        "huge.md",
        "toml.md",
        "hugo.md",
        "badyaml.md",
        "dup.md",
        "extra/comment.html",
        "extra/tslib.html",
        "junk.txt",
        "lines.jsonl#L2",
      ].sort(),
    );
    for (const s of summary.skipped) expect(s.reason.length).toBeGreaterThan(5);
  });

  it("given bad files among good ones then every good article is still indexed and answers", async () => {
    const ids = engine.articles().map((a) => a.id);
    for (const f of corpusFiles()) expect(ids).toContain(f.replace(/\.md$/, ""));
    expect(ids).toEqual(expect.arrayContaining(["latin1", "extra/scripted", "lines/w1"]));
    expect(summary.articles).toBe(corpusFiles().length + 3);
    const answer = await engine.ask("Who was charged over the Mt. Gox hack?");
    expect(answer.results[0]!.passage.article.id).toBe("003a-us-doj-charges-two-russians-mt-gox-hack");
  });

  it("given HTML with scripts then its article text is searchable and no script text was indexed", async () => {
    const answer = await engine.ask("Which stablecoin did the walrus exchange list?");
    expect(answer.answered).toBe(true);
    expect(answer.results[0]!.passage.article.id).toBe("extra/scripted");
    expect(
      engine.index.store.chunks.some((c) => /INJECTED_BY_SCRIPT|tracker\.example|document\.write/.test(c.text)),
    ).toBe(false);
  });

  it("given a Latin-1 file then its accented text is indexed correctly", () => {
    expect(engine.article("latin1")).toMatchObject({ title: "Walrus café report" });
  });
});
