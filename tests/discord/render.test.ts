/** Pure rendering: Discord's limits, clean cuts at sentence/word boundaries, and markdown escaping. */
import { describe, expect, it } from "vitest";
import { decodeButton, encodeButton } from "../../src/discord/custom-ids.js";
import {
  articleChoices,
  clip,
  clipStart,
  escapeText,
  fitEscaped,
  LIMITS,
  limitViolations,
  quoteMarkdown,
  renderAnswer,
  renderFullPassage,
  renderHelp,
  renderNotice,
  renderSearch,
  renderSource,
  renderSources,
  safeUrl,
} from "../../src/discord/render.js";
import type { Answer, AnswerResult, ArticleMeta, Passage } from "../../src/types.js";
import { boldMarkers, pseudoWord, rng } from "./helpers.js";
import { brokenLinks, parenthesisUrl, realWorldMeta, signedUrl, trackingUrl } from "./real-world-metadata.js";

/** True when the text ends inside an escape (an odd run of trailing backslashes). */
const danglingEscape = (s: string) => (/\\+$/.exec(s)?.[0].length ?? 0) % 2 === 1;

const hasLoneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

/** Random text with sentences, markdown characters, mentions and emoji. */
function messyText(seed: number, words: number): string {
  const next = rng(seed);
  const extras = [
    "*",
    "**",
    "_",
    "__",
    "~~",
    "||",
    "`",
    "```",
    "\\",
    "#",
    "> ",
    "- ",
    "1.",
    "@everyone",
    "😀",
    "[x](y)",
  ];
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = next();
    if (r < 0.15) out.push(extras[Math.floor(next() * extras.length)]!);
    else out.push(pseudoWord(next) + (next() < 0.1 ? "." : next() < 0.03 ? "\n\n" : ""));
  }
  return out.join(" ");
}

function article(i: number, over: Partial<ArticleMeta> = {}): ArticleMeta {
  return { id: `article-${i}`, title: `Article ${i}`, source: `article-${i}.md`, ...over };
}

function result(rank: number, text: string, hl: { start: number; end: number }, meta: ArticleMeta): AnswerResult {
  const passage: Passage = {
    chunk: { id: `${meta.id}#0`, articleId: meta.id, ordinal: 0, start: 0, end: text.length, text, tokenCount: 0 },
    article: meta,
    score: 1 / rank,
    coverage: 1,
  };
  return {
    rank,
    score: 1 / rank,
    quote: { text, start: 0, end: text.length, highlight: hl },
    passage,
    alsoReportedBy: [],
  };
}

describe("clip", () => {
  it("given text that fits, then it is returned unchanged", () => {
    expect(clip("Short.", 10)).toBe("Short.");
  });

  it("given several sentences, then the cut falls after the last whole sentence that fits", () => {
    const text = "The first sentence is here. The second sentence is a little longer than that.";
    expect(clip(text, 40)).toBe("The first sentence is here. …");
  });

  it("given one long sentence, then the cut falls at a word boundary", () => {
    const text = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
    const cut = clip(text, 24);
    expect(cut).toBe("alpha beta gamma delta…");
    expect(cut.length).toBeLessThanOrEqual(24);
  });

  it("given one giant word, then it is cut hard but never inside a surrogate pair", () => {
    const text = "😀".repeat(50);
    for (let max = 1; max < 30; max++) {
      const cut = clip(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(hasLoneSurrogate(cut)).toBe(false);
    }
  });

  it("given random texts and sizes, then clip and clipStart never exceed the size and keep text from the right end", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const text = messyText(seed, 120);
      for (const max of [1, 2, 5, 17, 64, 200, 1000]) {
        const a = clip(text, max);
        const b = clipStart(text, max);
        expect(a.length).toBeLessThanOrEqual(max);
        expect(b.length).toBeLessThanOrEqual(max);
        if (text.length > max && max > 4) {
          expect(text.startsWith(a.replace(/ ?…$/, ""))).toBe(true);
          expect(text.endsWith(b.replace(/^… ?/, ""))).toBe(true);
        }
      }
    }
  });
});

describe("escaping", () => {
  it("given markdown, mentions and headings in article text, then they are escaped", () => {
    const escaped = escapeText("# Title\n*bold* __under__ ~~strike~~ ||spoiler|| `code` [link](http://x)");
    expect(escaped).toContain("\\# Title");
    expect(escaped).toContain("\\*bold\\*");
    expect(escaped).toContain("\\_\\_under\\_\\_");
    expect(escaped).toContain("\\~\\~strike\\~\\~");
    expect(escaped).toContain("\\|\\|spoiler\\|\\|");
    expect(escaped).toContain("\\`code\\`");
    expect(escaped).toContain("\\[link](http://x)");
  });

  it("given text made only of markdown characters, then fitEscaped still fills most of the room", () => {
    const out = fitEscaped("*_".repeat(3000), 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out.length).toBeGreaterThan(900);
  });

  it("given random markdown-heavy texts, then fitEscaped stays within the size and never ends inside an escape", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const text = messyText(seed, 150);
      for (const max of [3, 10, 50, 300, 4096]) {
        const out = fitEscaped(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(danglingEscape(out)).toBe(false);
      }
    }
  });
});

describe("quoteMarkdown", () => {
  const text = "Before the key part comes context. The key sentence is this one. After it comes more context here.";
  const hl = { start: 35, end: 64 };

  it("given room, then the whole quote is shown with the key sentence in bold", () => {
    expect(quoteMarkdown(text, hl, 500)).toBe(
      "“Before the key part comes context. **The key sentence is this one.** After it comes more context here.”",
    );
  });

  it("given little room, then the context is trimmed with ellipses and the key sentence stays whole and bold", () => {
    const out = quoteMarkdown(text, hl, 60);
    expect(out.length).toBeLessThanOrEqual(60);
    expect(out).toContain("**The key sentence is this one.**");
    expect(out).toContain("…");
  });

  it("given less room than the key sentence, then it is cut inside the bold markers at a word boundary", () => {
    const out = quoteMarkdown(text, hl, 30);
    expect(out.length).toBeLessThanOrEqual(30);
    expect(boldMarkers(out)).toBe(2);
    expect(out).toBe("“…**The key sentence is…**”");
  });

  it("given random texts, highlights and sizes, then the result fits, bold markers pair up and no escape dangles before them", () => {
    for (let seed = 1; seed <= 80; seed++) {
      const t = messyText(seed, 200);
      const next = rng(seed * 7);
      const a = Math.floor(next() * t.length);
      const b = Math.min(t.length, a + Math.floor(next() * 400));
      for (const max of [8, 40, 200, 1000, 4096]) {
        const out = quoteMarkdown(t, { start: a, end: b }, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(boldMarkers(out) % 2).toBe(0);
        expect(hasLoneSurrogate(out)).toBe(false);
      }
    }
  });
});

describe("renderAnswer", () => {
  const huge = (seed: number) => messyText(seed, 2500);
  const longMeta = (i: number) =>
    article(i, {
      title: `${"Very long title ".repeat(40)}${i}`,
      publisher: "P".repeat(900),
      author: "A".repeat(900),
      published: "2024-02-03T10:00:00Z",
      url: `https://example.com/${"x".repeat(1500)}(${i})`,
    });

  it("given five huge results, a huge question and long metadata, then the page respects every Discord limit", () => {
    const results = Array.from({ length: 12 }, (_, i) => {
      const t = huge(i + 1);
      const r = result(i + 1, t, { start: 100, end: 3000 }, longMeta(i));
      r.alsoReportedBy = Array.from({ length: 30 }, (_, j) => longMeta(100 + j));
      return r;
    });
    const answer: Answer = { question: "why? ".repeat(1500), answered: true, mode: "hybrid", results, suggestions: [] };
    for (let page = 0; page < 3; page++) {
      const p = renderAnswer(answer, { session: "1".repeat(19), page, pageSize: 5 });
      expect(limitViolations({ content: p.content, embeds: p.embeds, components: p.components })).toEqual([]);
      expect(p.embeds).toHaveLength(page < 2 ? 5 : 2);
      expect(p.allowedMentions).toEqual({ parse: [] });
      for (const e of p.embeds) expect(boldMarkers(e.description ?? "") % 2).toBe(0);
    }
  });

  it("given many results, then the buttons page through them and refer to the session", () => {
    const results = Array.from({ length: 7 }, (_, i) => result(i + 1, `Quote ${i}.`, { start: 0, end: 8 }, article(i)));
    const answer: Answer = { question: "q", answered: true, mode: "lexical", results, suggestions: [] };
    const first = renderAnswer(answer, { session: "abc", page: 0, pageSize: 3 });
    const ids = first.components.flatMap((r) => r.components.map((c) => ("custom_id" in c ? c.custom_id : "")));
    expect(ids.map((id) => decodeButton(id))).toEqual([
      { kind: "answer-full", session: "abc", index: 0 },
      { kind: "answer-full", session: "abc", index: 1 },
      { kind: "answer-full", session: "abc", index: 2 },
      { kind: "answer-page", session: "abc", page: 1 },
      { kind: "answer-vote", session: "abc", vote: "up" },
      { kind: "answer-vote", session: "abc", vote: "down" },
    ]);
    const last = renderAnswer(answer, { session: "abc", page: 2, pageSize: 3 });
    expect(last.embeds.map((e) => e.title)).toEqual(["Article 6"]);
    expect(last.embeds[0]!.description).toMatch(/^\*\*7\.\*\* “Quote 6\.”/);
    expect(last.embeds[0]!.footer?.text).toMatch(/quote 7 of 7$/);
    const more = last.components[1]!.components.find((c) => "label" in c && c.label === "More sources");
    expect(more && "disabled" in more && more.disabled).toBe(true);
    expect(last.embeds[0]!.footer?.text).toContain("lexical");
  });

  const labels = (p: ReturnType<typeof renderAnswer>) =>
    p.components.map((r) => r.components.map((c) => ("label" in c ? c.label : "")));
  const sentence = "KICKICO raised 16 million dollars in its token sale.";

  it("given one single-sentence quote from one article, then it is one clean embed: no numbers, no bold, no page count, no paging buttons", () => {
    const meta = article(1, { title: "KICKICO closes its sale", url: "https://example.com/k", publisher: "Wire" });
    const answer: Answer = {
      question: "What did KICKICO raise?",
      answered: true,
      mode: "hybrid",
      results: [result(1, sentence, { start: 0, end: sentence.length }, meta)],
      suggestions: [],
    };
    const p = renderAnswer(answer, { session: "s", page: 0, pageSize: 3 });
    expect(p.content).toBe("Quotes from the corpus for “What did KICKICO raise?”:");
    expect(p.embeds).toHaveLength(1);
    const e = p.embeds[0]!;
    expect(e.title).toBe("KICKICO closes its sale");
    expect(e.description!.split("\n")[0]).toBe(`“${sentence}”`);
    expect(e.footer?.text).toBe("hybrid search (keywords + meaning)");
    expect(labels(p)).toEqual([["Full passage", "Helpful", "Not helpful"]]);
    expect(JSON.stringify(p.components)).not.toContain("disabled");
  });

  it("given a key sentence inside a longer quote, then only it is bold and the intro says so", () => {
    const text = `Before it came the news. ${sentence} After it came more.`;
    const start = text.indexOf(sentence);
    const answer: Answer = {
      question: "q",
      answered: true,
      mode: "lexical",
      results: [result(1, text, { start, end: start + sentence.length }, article(1))],
      suggestions: [],
    };
    const p = renderAnswer(answer, { session: "s", page: 0, pageSize: 3 });
    expect(p.content).toContain("(key sentences in **bold**)");
    expect(p.embeds[0]!.description).toContain(`“Before it came the news. **${sentence}** After it came more.”`);
  });

  it("given three quotes, two of them from one article, then that article has one embed with both quotes numbered and one citation", () => {
    const a = article(1, { title: "Same article", url: "https://example.com/a", publisher: "Wire" });
    const b = article(2, { title: "Other article", url: "https://example.com/b" });
    const results = [
      result(1, "First quote from the same article.", { start: 0, end: 5 }, a),
      result(2, "A quote from the other article.", { start: 0, end: 5 }, b),
      result(3, "Second quote from the same article.", { start: 0, end: 6 }, a),
    ];
    const answer: Answer = { question: "q", answered: true, mode: "lexical", results, suggestions: [] };
    const p = renderAnswer(answer, { session: "s", page: 0, pageSize: 3 });
    expect(p.embeds.map((e) => e.title)).toEqual(["Same article", "Other article"]);
    const same = p.embeds[0]!.description!;
    expect(same).toMatch(/^\*\*1\.\*\* “\*\*First\*\* quote from the same article\.”\n\*\*3\.\*\* “/);
    expect(same.match(/Read the article/g)).toHaveLength(1);
    expect(labels(p)[0]).toEqual(["Full passage 1", "Full passage 2", "Full passage 3"]);
    expect(labels(p)[1]).toEqual(["Helpful", "Not helpful"]);
    expect(p.embeds.at(-1)!.footer?.text).toBe("lexical search (keywords only)");
  });

  it("given an unanswered question, then it says so and lists the closest titles", () => {
    const answer: Answer = {
      question: "bananas?",
      answered: false,
      mode: "hybrid",
      results: [],
      suggestions: [article(1, { title: "Closest *one*" }), article(2)],
    };
    const p = renderAnswer(answer, { session: "s", page: 0, pageSize: 3 });
    expect(p.content).toContain("nothing in the corpus");
    expect(p.embeds[0]!.description).toContain("Closest \\*one\\*");
    expect(p.embeds[0]!.description).toContain("Article 2");
  });
});

describe("other views", () => {
  it("given a huge chunk, then Full passage fits one embed with the quote's key sentence in bold", () => {
    const text = messyText(5, 6000);
    const r = result(1, text, { start: 2000, end: 2100 }, article(1));
    r.quote = { text: text.slice(1990, 2200), start: 1990, end: 2200, highlight: { start: 10, end: 110 } };
    const p = renderFullPassage(r);
    expect(limitViolations(p)).toEqual([]);
    expect(boldMarkers(p.embeds[0]!.description!)).toBe(2);
  });

  it("given ten passages with huge chunks, then /search fits and numbers every line", () => {
    const hits = Array.from({ length: 10 }, (_, i) =>
      result(i + 1, messyText(i, 3000), { start: 0, end: 3000 }, article(i, { title: "T".repeat(500) })),
    );
    const p = renderSearch("query ".repeat(1000), hits, "hybrid");
    expect(limitViolations(p)).toEqual([]);
    for (let i = 1; i <= 10; i++) expect(p.embeds[0]!.description).toContain(`**${i}.**`);
  });

  it("given a quote with a highlight, then /search shows the highlighted part on one line", () => {
    const text = "Lead sentence about nothing.\nThe Bitpowr fund\nraised money. Trailing words.";
    const start = text.indexOf("The Bitpowr");
    const hit = result(1, text, { start, end: text.indexOf(" Trailing") }, article(1));
    const line = (renderSearch("bitpowr", [hit], "lexical").embeds[0]!.description ?? "").split("\n")[1];
    expect(line).toBe("> The Bitpowr fund raised money.");
  });

  it("given an article with huge metadata, then /source fits every field", () => {
    const meta = article(1, {
      title: "T".repeat(1000),
      tags: Array.from({ length: 500 }, (_, i) => `tag${i}`),
      publisher: "P".repeat(3000),
      url: "https://example.com/a",
    });
    const p = renderSource({ ...meta, lead: messyText(3, 5000) });
    expect(limitViolations(p)).toEqual([]);
    expect(p.embeds[0]!.url).toBe("https://example.com/a");
  });

  it("given 1000 articles, then /sources shows ten per page with a pager", () => {
    const all = Array.from({ length: 1000 }, (_, i) => article(i, { title: `Title ${i} ${"x".repeat(300)}` }));
    const p = renderSources(all, 42, "lexical");
    expect(limitViolations(p)).toEqual([]);
    expect(p.embeds[0]!.description).toContain("**421.**");
    expect(p.embeds[0]!.footer?.text).toContain("Page 43 of 100");
  });

  it("given 40 long titles, then autocomplete offers at most 25 choices with names of at most 100 characters", () => {
    const choices = articleChoices(
      Array.from({ length: 40 }, (_, i) => article(i, { title: `${"Long ".repeat(60)}${i}` })),
      (a) => a.id,
    );
    expect(choices).toHaveLength(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(LIMITS.choiceName);
  });
});

describe("mention syntax", () => {
  const TOKENS =
    "@everyone @here <@123> <@!123> <@&42> <#7> <:thonk:123456789012345678> <a:blob:1> <t:1700000000:R> </ask:9>";
  /** A token Discord would draw as a pill, an emoji or a timestamp, anywhere in the payload's text. */
  const LIVE = /<(?:@|#|\/|a?:|t:|id:)|@(?:everyone|here)/;
  const texts = (p: ReturnType<typeof renderNotice>): string[] => [
    p.content,
    ...p.embeds.flatMap((e) => [
      e.title ?? "",
      e.description ?? "",
      e.footer?.text ?? "",
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ];
  const meta = article(1, {
    title: `Title ${TOKENS}`,
    publisher: `Publisher <@&42>`,
    author: "<@123>",
    tags: ["<#7>", "@here"],
    url: "https://example.com/a",
  });
  const text = `Article text quoting ${TOKENS} verbatim. And a second sentence.`;

  it("given mention tokens in a question, titles, metadata and quoted text, then no view shows one Discord would parse, and none pings", () => {
    const r = result(1, text, { start: 0, end: 40 }, meta);
    r.alsoReportedBy = [article(2, { title: "<@999> also", url: "https://example.com/b" })];
    const answer: Answer = { question: TOKENS, answered: true, mode: "hybrid", results: [r], suggestions: [] };
    const nothing: Answer = { question: TOKENS, answered: false, mode: "hybrid", results: [], suggestions: [meta] };
    const views = [
      renderAnswer(answer, { session: "s", page: 0, pageSize: 3 }),
      renderAnswer(nothing, { session: "s", page: 0, pageSize: 3 }),
      renderFullPassage(r),
      renderSearch(TOKENS, [r], "hybrid"),
      renderSource({ ...meta, lead: text }),
      renderSources([meta], 0, "lexical"),
      renderNotice(`Refused: ${TOKENS}`),
      renderHelp({ articles: 1, mode: "hybrid", cooldownSeconds: 0, replyInThread: false }),
    ];
    for (const view of views) {
      for (const t of texts(view)) expect(t).not.toMatch(LIVE);
      expect(view.allowedMentions).toEqual({ parse: [] });
      expect(limitViolations(view)).toEqual([]);
    }
    // The tokens stay readable: only a zero-width space was added.
    expect(views[3]!.content.replace(/\u200B/g, "")).toContain("<@123>");
    expect(views[0]!.embeds[0]!.description!.replace(/\u200B/g, "")).toContain("<@123>");
  });
});

describe("helpers", () => {
  it("given URLs, then only absolute http(s) URLs within the length limit are used", () => {
    expect(safeUrl("https://example.com/a b")).toBe("https://example.com/a%20b");
    expect(safeUrl("javascript:alert(1)")).toBeUndefined();
    expect(safeUrl("/relative")).toBeUndefined();
    expect(safeUrl(`https://example.com/${"x".repeat(3000)}`)).toBeUndefined();
  });

  it("given button actions, then custom ids round-trip within 100 characters and foreign ids are ignored", () => {
    const actions = [
      { kind: "answer-page", session: "9".repeat(19), page: 3 },
      { kind: "answer-full", session: "9".repeat(19), index: 24 },
      { kind: "answer-vote", session: "9".repeat(19), vote: "down" },
      { kind: "sources-page", page: 99 },
    ] as const;
    for (const a of actions) {
      const id = encodeButton(a);
      expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
      expect(decodeButton(id)).toEqual(a);
    }
    expect(decodeButton("other-bot:thing")).toBeUndefined();
    expect(decodeButton("qb:ans:x:page:abc")).toBeUndefined();
  });

  it("given a payload over the limits, then limitViolations names each broken limit", () => {
    const v = limitViolations({
      content: "x".repeat(2001),
      embeds: [
        { title: "t".repeat(257), description: "d".repeat(4097), fields: [{ name: "n", value: "v".repeat(1025) }] },
      ],
    });
    expect(v).toHaveLength(4);
    const total = limitViolations({ embeds: [{ description: "d".repeat(4000) }, { description: "d".repeat(4000) }] });
    expect(total).toEqual(["embeds total 8000 > 6000"]);
  });
});

describe("real-world metadata", () => {
  const lead = "Markets moved on Tuesday after the quokkafest report. ".repeat(40);
  const longResult = (rank: number, meta: ArticleMeta, others: ArticleMeta[] = []) => {
    const key = "The key sentence about quokkafest is here.";
    const text = `${lead} ${key} ${lead}`;
    const r = result(rank, text, { start: text.indexOf(key), end: text.indexOf(key) + key.length }, meta);
    r.alsoReportedBy = others;
    return r;
  };
  const allText = (p: ReturnType<typeof renderSource>) =>
    [p.content, ...p.embeds.flatMap((e) => [e.description ?? "", ...(e.fields ?? []).map((f) => f.value)])].join("\n");

  it("given tracking URLs, 1,000 characters of tags and 300-character names, then /source fits every limit and keeps a whole link", () => {
    for (let i = 0; i < 12; i++) {
      const p = renderSource({ ...realWorldMeta(i), lead: lead.repeat(3) });
      expect(limitViolations(p)).toEqual([]);
      expect(brokenLinks(allText(p))).toEqual([]);
      expect(p.embeds[0]!.description).toContain("[Read the full article](https://www.example-news.com/");
      const tags = p.embeds[0]!.fields!.find((f) => f.name === "Tags")!.value;
      expect(tags).toMatch(/\(\+\d+ more\)$|[^,]$/);
    }
    // Percent-encoding its parentheses makes this link longer than the URL limit it passed.
    const paren = renderSource({ ...realWorldMeta(2, { url: parenthesisUrl(2) }), lead: lead.repeat(3) });
    expect(limitViolations(paren)).toEqual([]);
    expect(brokenLinks(allText(paren))).toEqual([]);
    expect(paren.embeds[0]!.description).toContain("[Read the full article](https://www.example-news.com/markets/");
    const signed = renderSource({ ...realWorldMeta(1, { url: signedUrl(1) }), lead });
    expect(limitViolations(signed)).toEqual([]);
    expect(brokenLinks(allText(signed))).toEqual([]);
  });

  it("given ten hits with such metadata, then /search k:10 shows all ten whole, with whole links, and its footer counts them", () => {
    const hits = Array.from({ length: 10 }, (_, i) => longResult(i + 1, realWorldMeta(i)));
    const p = renderSearch("quokkafest markets", hits, "hybrid");
    expect(limitViolations(p)).toEqual([]);
    const d = p.embeds[0]!.description!;
    expect(brokenLinks(d)).toEqual([]);
    for (let i = 1; i <= 10; i++) expect(d).toContain(`**${i}.** `);
    expect((d.match(/^> /gm) ?? []).length).toBe(10);
    expect(p.embeds[0]!.footer!.text).toMatch(/· 10 passages$/);
  });

  it("given a page of such articles and one with an unshortenable URL, then /sources shows ten whole lines and keeps every title", () => {
    const all = Array.from({ length: 25 }, (_, i) => realWorldMeta(i, i === 13 ? { url: signedUrl(i) } : {}));
    for (const page of [0, 1, 2]) {
      const p = renderSources(all, page, "hybrid");
      expect(limitViolations(p)).toEqual([]);
      const d = p.embeds[0]!.description!;
      expect(brokenLinks(d)).toEqual([]);
      const shown = all.slice(page * 10, page * 10 + 10);
      expect(d.split("\n")).toHaveLength(shown.length);
      for (const a of shown) expect(d).toContain(escapeText(a.title).slice(0, 40));
    }
  });

  it("given answers whose articles and other reporters have such metadata, then every page fits, links are whole and 'Read the article' and 'Also reported by' stay", () => {
    const results = Array.from({ length: 10 }, (_, i) =>
      longResult(i + 1, realWorldMeta(i), [realWorldMeta(100 + i), realWorldMeta(200 + i), realWorldMeta(300 + i)]),
    );
    const answer: Answer = { question: "quokkafest?", answered: true, mode: "hybrid", results, suggestions: [] };
    for (const page of [0, 1]) {
      const p = renderAnswer(answer, { session: "1".repeat(19), page, pageSize: 5 });
      expect(limitViolations(p)).toEqual([]);
      for (const e of p.embeds) {
        expect(brokenLinks(e.description!)).toEqual([]);
        expect(e.description).toContain("[Read the article](https://www.example-news.com/");
        const also = /Also reported by: (.*)$/m.exec(e.description!)?.[1] ?? "";
        const items = also.replace(/; and \d+ more$/, "").split("; ");
        expect(items.length).toBeGreaterThan(0);
        expect(items[0]).toContain("Quokkafest 1");
        const more = Number(/; and (\d+) more$/.exec(also)?.[1] ?? 0);
        expect(items.length + more).toBe(3);
      }
    }
    // A single other reporter keeps its link, however long its tracking URL was.
    const one = renderAnswer(
      { ...answer, results: [longResult(1, realWorldMeta(0), [realWorldMeta(500, { url: trackingUrl(500, 2000) })])] },
      { session: "s", page: 0, pageSize: 5 },
    );
    expect(one.embeds[0]!.description).toMatch(
      /Also reported by: \[Quokkafest 500[^\n]*\]\(https:\/\/www\.example-news\.com\/[^)]*\)/,
    );
    const full = renderFullPassage(results[0]!);
    expect(limitViolations(full)).toEqual([]);
    expect(full.embeds[0]!.description).toContain("[Read the article](https://www.example-news.com/");
    const nothing = renderAnswer(
      { ...answer, answered: false, results: [], suggestions: results.slice(0, 5).map((r) => r.passage.article) },
      { session: "s", page: 0, pageSize: 5 },
    );
    expect(limitViolations(nothing)).toEqual([]);
    expect(brokenLinks(nothing.embeds[0]!.description!)).toEqual([]);
  });
});
