/**
 * Read a feed (RSS 2.0, Atom, RDF/RSS 1.0 or JSON Feed) with feedsmith and list its entries' article links,
 * newest first. Relative links are resolved against the feed's own URL.
 */
import { parseFeed } from "feedsmith";
import { ErrorCode } from "../errors.js";
import { err, ok, type Result } from "../types.js";
import type { ImportProblem } from "./types.js";

export interface FeedEntry {
  url: string;
  /** ms since the epoch, when the entry gives a date. */
  published?: number;
}

const time = (value: unknown): number | undefined => {
  if (typeof value !== "string" && !(value instanceof Date)) return undefined;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? undefined : t;
};

interface AtomLinkLike {
  href?: string;
  rel?: string;
  type?: string;
}

/** The entry's web page: the `alternate` link (or the link without a rel), never `self`, `edit` or `enclosure`. */
const atomLink = (links: AtomLinkLike[] | undefined): string | undefined =>
  (links ?? []).find((l) => l.href && (l.rel === undefined || l.rel === "alternate"))?.href;

export function parseFeedEntries(body: string, feedUrl: string): Result<FeedEntry[], ImportProblem> {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    const trimmed = body.trimStart();
    parsed = parseFeed(trimmed.startsWith("{") ? JSON.parse(trimmed) : body);
  } catch (e) {
    const detail = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return err({ code: ErrorCode.ImportFeedInvalid, reason: `not an RSS, Atom or JSON feed (${detail})` });
  }
  const raw: { link?: string; published?: unknown }[] = [];
  switch (parsed.format) {
    case "rss":
      for (const item of parsed.feed.items ?? [])
        raw.push({ link: item.link ?? guidLink(item.guid), published: item.pubDate });
      break;
    case "rdf":
      for (const item of parsed.feed.items ?? []) raw.push({ link: item.link, published: item.dc?.dates?.[0] });
      break;
    case "atom":
      for (const entry of parsed.feed.entries ?? [])
        raw.push({ link: atomLink(entry.links), published: entry.published ?? entry.updated });
      break;
    case "json":
      for (const item of parsed.feed.items ?? [])
        raw.push({ link: item.url ?? item.external_url, published: item.date_published ?? item.date_modified });
      break;
  }
  const entries: FeedEntry[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    if (!r.link) continue;
    let url: string;
    try {
      url = new URL(r.link.trim(), feedUrl).href;
    } catch {
      continue;
    }
    if (seen.has(url)) continue;
    seen.add(url);
    entries.push({ url, published: time(r.published) });
  }
  // Newest first; undated entries keep their feed order after the dated ones.
  return ok(
    entries
      .map((e, i) => ({ e, i }))
      .sort((a, b) => (b.e.published ?? -Infinity) - (a.e.published ?? -Infinity) || a.i - b.i)
      .map(({ e }) => e),
  );
}

/** An RSS guid that is a permalink (the default) and looks like a URL. */
function guidLink(guid: unknown): string | undefined {
  const value = typeof guid === "string" ? guid : (guid as { value?: string } | undefined)?.value;
  const permalink = typeof guid === "object" ? (guid as { isPermaLink?: boolean }).isPermaLink !== false : true;
  return permalink && value && /^https?:\/\//i.test(value) ? value : undefined;
}
