import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOILERPLATE_LINES, cleanText, isBoilerplateLine } from "../../src/corpus/clean.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import type { LoadedIndex } from "../../src/indexing/load-index.js";
import { loadIndexFolder } from "../../src/indexing/load-index.js";
import { silentLogger } from "../../src/log.js";
import { copyCorpus, REPO_ROOT, tempDir, testConfig } from "../helpers/env.js";

/** Page furniture seen in the seeds (and its usual variants), none of which may ever be quoted. */
const BOILERPLATE_PHRASES: RegExp[] = [
  /register now/i,
  /for reprint/i,
  /^\s*loading(\.{3}|…)?\s*$/im,
  /view all/i,
  /leave a (reply|comment)/i,
  /commenting using/i,
  /log out \/ change/i,
  /photo by\b/i,
  /fill in your details/i,
  /notify me of/i,
  /click to share/i,
];

describe("cleanText", () => {
  it("given lines of page furniture from the seeds then they are removed and the article lines kept", () => {
    const raw = [
      "Register now",
      "China establishes metaverse working group",
      "Photo by Li Yang on Unsplash",
      "Huawei has filed metaverse patents.",
      "View All",
      "For reprint and licensing requests for this article, click here.",
      "Loading",
      "Leave a Reply",
      "You are commenting using your Twitter account. Log Out / Change )",
      "Share this:",
      "Twitter",
      "Like this:",
      "Like Loading...",
      "Subscribe",
      "Loading...",
      "The estate was loading its wallets; the share price fell.",
    ].join("\n");
    const cleaned = cleanText(raw);
    expect(cleaned.split("\n")).toEqual([
      "China establishes metaverse working group",
      "Huawei has filed metaverse patents.",
      "Twitter",
      "The estate was loading its wallets; the share price fell.",
    ]);
  });

  it("given invisible characters, CRLF and runs of blank lines then text is normalised to clean paragraphs", () => {
    expect(cleanText("A\u200B line\r\n\r\n\r\n\r\nNext\u00A0 para  \r\n")).toBe("A line\n\nNext para");
  });

  it("given each boilerplate pattern then a matching line is recognised, and ordinary prose is not", () => {
    const samples = [
      "Register now",
      "For reprint and licensing requests for this article",
      "Loading…",
      "View All",
      "More to Read",
      "Advertisement",
      "Leave a comment",
      "Fill in your details below or click an icon to log in:",
      "You are commenting using your WordPress.com account.",
      "Facebook photo",
      "Connecting to %s",
      "Please enter your email address",
      "Notify me of new posts via email.",
      "Share on Facebook",
      "Share this:",
      "Like this:",
      "Like Loading…",
      "Sign up for our newsletter today",
      "Photo by Kyle Glenn on Unsplash",
      "https://cdn.example.com/image.webp?w=300",
      "[1] (high)",
    ];
    for (const s of samples) expect(isBoilerplateLine(s), s).toBe(true);
    expect(BOILERPLATE_LINES.every((re) => samples.some((s) => re.test(s)))).toBe(true);
    for (const prose of [
      "Register now to vote, the agency said, before June.",
      "Photo by the author",
      "View all the data.",
    ])
      expect(isBoilerplateLine(prose), prose).toBe(false);
  });
});

describe("the real corpus, indexed", () => {
  let index: LoadedIndex;
  let cleanup: () => void;

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    copyCorpus(t.dir);
    const summary = await buildIndex({ config: testConfig(t.dir, "tokenizer-only"), log: silentLogger });
    index = await loadIndexFolder(summary.folder);
  });
  afterAll(() => cleanup?.());

  it("given the curated corpus then every article of corpus/ is indexed", () => {
    const files =
      readFileSync(path.join(REPO_ROOT, "corpus/README.md"), "utf8").match(/`\d{3}[a-z]?-[^`]+\.md`/g) ?? [];
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(index.store.articles.map((a) => `\`${a.source}\``).sort()).toEqual([...new Set(files)].sort());
  });

  it("given every indexed chunk then none contains boilerplate", () => {
    expect(index.store.chunks.length).toBeGreaterThan(0);
    for (const chunk of index.store.chunks) {
      for (const line of chunk.text.split("\n")) expect(isBoilerplateLine(line), `${chunk.id}: ${line}`).toBe(false);
      for (const phrase of BOILERPLATE_PHRASES) expect(chunk.text, `${chunk.id} matches ${phrase}`).not.toMatch(phrase);
    }
  });

  it("given every article title and lead then none contains boilerplate either", () => {
    for (const a of index.store.articles)
      for (const phrase of BOILERPLATE_PHRASES) expect(`${a.title}\n${a.lead}`, a.id).not.toMatch(phrase);
  });
});
