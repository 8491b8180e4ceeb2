/**
 * Long but realistic article metadata, as real feeds deliver it: tracking URLs of 350 to 2,000 characters, 1,000
 * characters of tags, 300-character publishers and authors. Used by the render and end-to-end tests.
 */
import type { ArticleMeta } from "../../src/types.js";
import { pseudoWord, rng } from "./helpers.js";

/** A news URL whose length (350-2,000) is mostly tracking parameters, as newsletters and social shares make them. */
export function trackingUrl(i: number, length: number): string {
  const next = rng(500 + i);
  const slug = Array.from({ length: 8 }, () => pseudoWord(next)).join("-");
  const base = `https://www.example-news.com/business/2024/05/${slug}-${i}?id=${1000 + i}`;
  const params = [
    "utm_source=newsletter",
    "utm_medium=email",
    `utm_campaign=${"spring-digest-".repeat(6)}${i}`,
    `fbclid=IwAR${"x9Q".repeat(30)}`,
    `gclid=Cj0KCQ${"aB3".repeat(30)}`,
    `mc_eid=${"f".repeat(40)}`,
  ];
  let url = `${base}&${params.join("&")}`;
  // Pad to the wanted length with further campaign data; the fragment-free cut keeps it a valid URL.
  while (url.length < length) url += `&utm_content=${"c".repeat(200)}`;
  return url.slice(0, length);
}

/**
 * A 2,040-character URL whose tracking data holds parentheses (as in Google Analytics' "(not set)"), which a masked
 * link must percent-encode: the link grows by two characters for each.
 */
export function parenthesisUrl(i: number): string {
  let url = `https://www.example-news.com/markets/quokkafest-${i}?id=${i}&utm_term=(not set)`;
  while (url.length < 2000) url += "&utm_content=(not)(set)";
  return url.slice(0, 2040);
}

/** A URL that cannot be shortened: 2,000 characters of a signed query that the link needs. */
export function signedUrl(i: number): string {
  return `https://cdn.example-news.com/story/${i}?signature=${"s".repeat(1950)}`;
}

/** Metadata of article `i`: a title with markdown, 300-character publisher and author, 1,000 characters of tags. */
export function realWorldMeta(i: number, over: Partial<ArticleMeta> = {}): ArticleMeta {
  const next = rng(900 + i);
  const words = (n: number) => Array.from({ length: n }, () => pseudoWord(next)).join(" ");
  const fill = (prefix: string, n: number) => `${prefix} ${words(80)}`.slice(0, n);
  const tags: string[] = [];
  while (tags.join(", ").length < 1000) tags.push(`${pseudoWord(next)}-${tags.length}`);
  return {
    id: `real-${i}`,
    title: `Quokkafest ${i}: ${words(20)} *markets* react`.slice(0, 200),
    source: `news/2024/05/real-world-${i}.md`,
    publisher: fill("The Daily", 300),
    author: fill("By", 300),
    published: "2024-05-14T08:30:00Z",
    url: trackingUrl(i, 350 + ((i * 331) % 1651)),
    tags,
    ...over,
  };
}

/** Masked links in `md` that are cut or malformed: "](" not followed by a whole "http…)" target. */
export function brokenLinks(md: string): string[] {
  const opens = md.split("](").length - 1;
  const whole = md.match(/\]\(https?:\/\/[^\s()]+\)/g) ?? [];
  return opens === whole.length ? [] : [`${opens - whole.length} of ${opens} links cut`];
}

/**
 * A corpus file with `realWorldMeta(i)`'s metadata. Articles 0-3 are syndicated copies of one report (so answers
 * fold them into "also reported by"); the others are reports of their own. All mention "quokkafest markets".
 */
export function realWorldArticle(i: number): string {
  const meta = realWorldMeta(i);
  const next = rng(1700 + i);
  const words = (n: number) => Array.from({ length: n }, () => pseudoWord(next)).join(" ");
  const body =
    i < 4
      ? "The quokkafest markets rallied after regulators approved the festival exchange. Traders said volumes doubled within the first hour of the quokkafest session."
      : `At the quokkafest markets, ${words(12)}. Analysts said ${words(15)} before the close.`;
  return [
    "---",
    `title: ${JSON.stringify(meta.title)}`,
    `publisher: ${JSON.stringify(meta.publisher)}`,
    `author: ${JSON.stringify(meta.author)}`,
    `published: ${meta.published}`,
    `url: ${JSON.stringify(meta.url)}`,
    `tags: ${JSON.stringify(meta.tags)}`,
    "---",
    "",
    `${body} ${words(30)}.`,
    "",
  ].join("\n");
}
