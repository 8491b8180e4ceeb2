/** Fetch one feed (conditionally, when validators from the last poll are given) and list its entries. */
import { ok, type Result } from "../types.js";
import { type FeedEntry, parseFeedEntries } from "./feed.js";
import { fetchResource } from "./fetch-page.js";
import type { Importer } from "./importer.js";
import type { ImportProblem } from "./types.js";

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FeedRead = { notModified: true } | { notModified: false; entries: FeedEntry[]; validators: Validators };

export async function readFeed(
  feedUrl: string,
  importer: Importer,
  validators: Validators = {},
): Promise<Result<FeedRead, ImportProblem>> {
  const fetched = await fetchResource(feedUrl, importer.settings, {
    expect: "feed",
    beforeHop: importer.robots,
    limiter: importer.limiter,
    ...validators,
  });
  if (!fetched.ok) return fetched;
  if (fetched.value.notModified) return ok({ notModified: true });
  const entries = parseFeedEntries(fetched.value.body, fetched.value.url);
  if (!entries.ok) return entries;
  return ok({
    notModified: false,
    entries: entries.value,
    validators: { etag: fetched.value.etag, lastModified: fetched.value.lastModified },
  });
}
