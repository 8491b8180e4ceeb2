import { describe, expect, it } from "vitest";
import { parseHtmlArticle } from "../../src/corpus/load-html.js";
import { ErrorCode } from "../../src/errors.js";

const para = (s: string) =>
  `<p>${s} ${"This sentence pads the paragraph so Readability sees an article. ".repeat(3)}</p>`;

const PAGE = `<!doctype html>
<html><head>
  <title>ZA Bank to Expand into Crypto Trading | Example News</title>
  <link rel="canonical" href="https://example.com/za-bank">
  <meta property="article:published_time" content="2023-05-24">
  <meta property="og:site_name" content="Example News">
  <script>window.tracking = "SCRIPT_IN_HEAD";</script>
  <style>.ad { color: red }</style>
</head><body>
  <nav><a href="/">Home</a> <a href="/news">News</a> NAV_TEXT</nav>
  <article>
    <h1>ZA Bank to Expand into Crypto Trading</h1>
    ${para("ZA Bank announced its plan to launch virtual asset trading services.")}
    <script>document.write("SCRIPT_IN_BODY")</script>
    ${para("The SFC notified that the VASP guidelines will become effective on June 1.")}
    <noscript>NOSCRIPT_TEXT</noscript>
  </article>
  <footer>FOOTER_TEXT Copyright</footer>
</body></html>`;

describe("parseHtmlArticle", () => {
  it("given an HTML page then the main text is extracted with its metadata", () => {
    const r = parseHtmlArticle(PAGE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.title).toMatch(/ZA Bank to Expand into Crypto Trading/);
    expect(r.value.url).toBe("https://example.com/za-bank");
    expect(r.value.published).toBe("2023-05-24");
    expect(r.value.publisher).toBe("Example News");
    expect(r.value.text).toContain("ZA Bank announced its plan to launch virtual asset trading services.");
    expect(r.value.text).toContain("VASP guidelines will become effective on June 1.");
    // Paragraphs stay paragraphs.
    expect(r.value.text.split("\n\n").length).toBeGreaterThanOrEqual(2);
  });

  it("given scripts, styles, navigation and footer then none of their text is in the article", () => {
    const r = parseHtmlArticle(PAGE);
    if (!r.ok) throw new Error(r.error.reason);
    for (const junk of ["SCRIPT_IN_HEAD", "SCRIPT_IN_BODY", "color: red", "NOSCRIPT_TEXT", "NAV_TEXT", "FOOTER_TEXT"])
      expect(r.value.text).not.toContain(junk);
  });

  it("given a javascript: or relative canonical link and nothing to resolve it against then no url is kept (never invent or pass on a bad URL)", () => {
    for (const bad of ["javascript:alert(1)", "/news/za-bank"]) {
      const r = parseHtmlArticle(PAGE.replace("https://example.com/za-bank", bad));
      expect(r.ok && r.value.url).toBeUndefined();
    }
  });

  it("given a relative canonical link and an absolute og:url or base href then the link is resolved against it", () => {
    const relative = PAGE.replace("https://example.com/za-bank", "/news/za-bank");
    const og = parseHtmlArticle(
      relative.replace("<title>", '<meta property="og:url" content="https://news.example.org/x?utm=1"><title>'),
    );
    expect(og.ok && og.value.url).toBe("https://news.example.org/news/za-bank");
    const base = parseHtmlArticle(relative.replace("<title>", '<base href="https://example.net/a/"><title>'));
    expect(base.ok && base.value.url).toBe("https://example.net/news/za-bank");
  });

  it("given a javascript: canonical link and an absolute og:url then og:url is kept", () => {
    const r = parseHtmlArticle(
      PAGE.replace("https://example.com/za-bank", "javascript:alert(1)").replace(
        "<title>",
        '<meta property="og:url" content="https://example.com/og"><title>',
      ),
    );
    expect(r.ok && r.value.url).toBe("https://example.com/og");
  });

  it("given a page with no readable text then it is reported empty", () => {
    const r = parseHtmlArticle("<html><head><title>T</title><script>only()</script></head><body></body></html>");
    expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.CorpusFileEmpty } });
  });
});
