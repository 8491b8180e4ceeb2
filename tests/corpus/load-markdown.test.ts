import { describe, expect, it } from "vitest";
import { markdownToText, parseMarkdownArticle } from "../../src/corpus/load-markdown.js";
import { ErrorCode } from "../../src/errors.js";

describe("parseMarkdownArticle", () => {
  it("given YAML front matter then title, date, publisher, url, tags and id come from it and the body is plain text", () => {
    const md = [
      "---",
      'title: "Bitpowr looks to Asia"',
      "published: 2024-02-06",
      "publisher: Example News",
      "url: https://example.com/bitpowr",
      'tags: ["Web3", "Africa"]',
      "id: bitpowr-asia",
      "---",
      "",
      "Bitpowr is **expanding** to [Asia](https://example.com).",
      "",
      "## Focus on Southeast Asia",
      "",
      "- Ledger infrastructure",
      "- Wallets",
    ].join("\n");
    const r = parseMarkdownArticle(md);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      id: "bitpowr-asia",
      title: "Bitpowr looks to Asia",
      published: "2024-02-06", // a YAML date becomes an ISO date, not a Date object
      publisher: "Example News",
      url: "https://example.com/bitpowr",
      tags: ["Web3", "Africa"],
    });
    expect(r.value.text).toBe(
      "Bitpowr is expanding to Asia.\n\nFocus on Southeast Asia\n\nLedger infrastructure\n\nWallets",
    );
  });

  it("given no front matter then the first heading is the title and the rest is the body", () => {
    const r = parseMarkdownArticle("# A plain title\n\nFirst paragraph.\n\nSecond paragraph.");
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({ title: "A plain title", text: "First paragraph.\n\nSecond paragraph." }),
    });
  });

  it("given front matter that is not valid YAML then the file is malformed with the YAML error as reason", () => {
    const r = parseMarkdownArticle("---\ntitle: [unclosed\n---\nBody text.");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(ErrorCode.CorpusFileMalformed);
    expect(r.error.reason).toMatch(/front matter is not valid YAML/);
  });

  it("given front matter that parses but is not YAML fields (TOML, a list, a number) then the file is malformed", () => {
    for (const fm of ['title = "TOML style"\ndate = 2020-01-01', "- a\n- b", "42"]) {
      const r = parseMarkdownArticle(`---\n${fm}\n---\n# Title\n\nBody text.`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.reason).toMatch(/front matter is not YAML fields/);
    }
  });

  it('given Hugo-style TOML front matter between +++ lines then the file is malformed instead of titled "+++"', () => {
    const r = parseMarkdownArticle('+++\ntitle = "Hugo"\n+++\n\nBody text.');
    expect(r).toMatchObject({
      ok: false,
      error: { code: ErrorCode.CorpusFileMalformed, reason: expect.stringMatching(/TOML/) },
    });
  });

  it("given the same bad file twice then both parses report the error (no cached success)", () => {
    const bad = "---\ntitle: [unclosed\n---\nBody text.";
    expect(parseMarkdownArticle(bad).ok).toBe(false);
    expect(parseMarkdownArticle(bad).ok).toBe(false);
  });

  it("given only front matter then the body is reported empty", () => {
    const r = parseMarkdownArticle("---\ntitle: Nothing here\n---\n\n");
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.CorpusFileEmpty } });
  });

  it("given a title line and no body then the file is malformed", () => {
    expect(parseMarkdownArticle("# Only a title")).toMatchObject({
      ok: false,
      error: { code: ErrorCode.CorpusFileMalformed },
    });
  });
});

describe("markdownToText", () => {
  it("given block quotes and code blocks then each block is its own paragraph without markup", () => {
    expect(markdownToText("> A quoted *line*.\n\n```\ncode()\n```\n\nAfter.")).toBe(
      "A quoted line.\n\ncode()\n\nAfter.",
    );
  });

  it("given a GFM table then each row is a paragraph with its cells separated, not run together", () => {
    const md = [
      "Prices on Monday:",
      "",
      "| Coin | Price | Change |",
      "| --- | ---: | --- |",
      "| Bitcoin | $40,000 | +5% |",
      "| **Ether** | $2,500 | |",
      "",
      "After the table.",
    ].join("\n");
    expect(markdownToText(md)).toBe(
      "Prices on Monday:\n\nCoin | Price | Change\n\nBitcoin | $40,000 | +5%\n\nEther | $2,500\n\nAfter the table.",
    );
  });

  it("given strikethrough, an autolink and a footnote then the text keeps their words without markup", () => {
    const md = "Shares ~~fell~~ rose, says www.example.com today.[^1]\n\n[^1]: The exchange's own figures.";
    expect(markdownToText(md)).toBe("Shares fell rose, says www.example.com today.\n\nThe exchange's own figures.");
  });
});
