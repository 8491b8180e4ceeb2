/** `--feed`: every entry's page of each feed, newest first, up to `limit` per feed. */
import { importPages } from "./import-pages.js";
import type { Importer } from "./importer.js";
import { readFeed } from "./read-feed.js";
import type { ImportRun } from "./types.js";

export async function importFeeds(
  feedUrls: readonly string[],
  importer: Importer,
  limit: number,
  hooks: { onPages?: (count: number) => void } = {},
): Promise<ImportRun> {
  const run: ImportRun = { imported: [], skipped: [] };
  const pages: string[] = [];
  for (const feedUrl of feedUrls) {
    const read = await readFeed(feedUrl, importer);
    if (!read.ok) run.skipped.push({ url: feedUrl, ...read.error });
    else if (!read.value.notModified) pages.push(...read.value.entries.slice(0, limit).map((e) => e.url));
  }
  const unique = [...new Set(pages)];
  hooks.onPages?.(unique.length);
  const pageRun = await importPages(unique, importer);
  return { imported: pageRun.imported, skipped: [...run.skipped, ...pageRun.skipped] };
}
