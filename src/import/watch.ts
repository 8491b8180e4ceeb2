/**
 * Follow feeds: poll each one (conditionally, with the ETag / Last-Modified it sent last time), import only the
 * entries not seen before, then hand the run to `afterImport` (the incremental build, or the bot's hot swap). One
 * poll at a time; a poll that finds nothing new builds nothing.
 */
import type { Config } from "../config.js";
import { ErrorCode } from "../errors.js";
import type { Logger } from "../log.js";
import { type FeedState, loadWatchState, saveWatchState } from "./feed-state.js";
import { importPages } from "./import-pages.js";
import { createImporter, type ImporterOptions } from "./importer.js";
import { oneAtATime } from "./one-at-a-time.js";
import { readFeed } from "./read-feed.js";
import type { ImportRun, SkippedUrl } from "./types.js";

export interface PollResult extends ImportRun {
  /** Feeds that answered 304 Not Modified. */
  notModified: string[];
}

export interface WatchOptions extends ImporterOptions {
  config: Config;
  log: Logger;
  feeds: readonly string[];
  /** Runs after a poll that imported or updated something (build + swap). */
  afterImport?: (result: PollResult) => Promise<void>;
  /** Told about every finished poll (logs, tests). */
  onPoll?: (result: PollResult) => void;
}

/** Failures worth trying again next poll; anything else (404, robots, not HTML, duplicate …) is final. */
function isTransient(s: SkippedUrl): boolean {
  if (s.code === ErrorCode.ImportTimeout || s.code === ErrorCode.ImportNetwork) return true;
  return s.code === ErrorCode.ImportHttpStatus && /^HTTP (5\d\d|429)/.test(s.reason);
}

/** One poll of every feed. */
export async function pollFeeds(options: WatchOptions): Promise<PollResult> {
  const { config, log } = options;
  const limit = config.import.limit;
  const importer = createImporter(config, log, options);
  const state = await loadWatchState(config.import.stateFile);
  const result: PollResult = { imported: [], skipped: [], notModified: [] };
  for (const feedUrl of options.feeds) {
    const known: FeedState = state.feeds[feedUrl] ?? { seen: [] };
    const read = await readFeed(feedUrl, importer, { etag: known.etag, lastModified: known.lastModified });
    if (!read.ok) {
      result.skipped.push({ url: feedUrl, ...read.error });
      continue;
    }
    if (read.value.notModified) {
      result.notModified.push(feedUrl);
      continue;
    }
    const seen = new Set(known.seen);
    const fresh = read.value.entries
      .filter((e) => !seen.has(e.url))
      .slice(0, limit)
      .map((e) => e.url);
    const run = await importPages(fresh, importer);
    result.imported.push(...run.imported);
    result.skipped.push(...run.skipped);
    const retry = new Set(run.skipped.filter(isTransient).map((s) => s.url));
    state.feeds[feedUrl] = {
      // Keep the validators only when every new entry was handled; otherwise the next poll must get the body again.
      etag: retry.size === 0 ? read.value.validators.etag : undefined,
      lastModified: retry.size === 0 ? read.value.validators.lastModified : undefined,
      seen: [...known.seen, ...fresh.filter((u) => !retry.has(u))],
    };
    await saveWatchState(config.import.stateFile, state);
  }
  return result;
}

export interface FeedWatch {
  /** The poll running now, or the last one (tests wait on it). */
  readonly lastPoll: Promise<PollResult | undefined>;
  stop(): void;
}

/** Poll now, then every IMPORT_INTERVAL_MINUTES. Polls never overlap; errors are logged, the watch goes on. */
export function startFeedWatch(options: WatchOptions): FeedWatch {
  const { log } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastPoll: Promise<PollResult | undefined> = Promise.resolve(undefined);
  const intervalMs = options.config.import.intervalMinutes * 60_000;
  const once = async (): Promise<PollResult | undefined> => {
    try {
      // Polls wait for a running /import (and the reverse), so both never decide about one file at once.
      const result = await oneAtATime(() => pollFeeds(options));
      for (const s of result.skipped) log.warn(`import: skipped ${s.url}: ${s.reason}`);
      if (result.imported.length > 0) {
        log.info({ imported: result.imported.map((a) => a.file) }, "import: new articles from feeds");
        await options.afterImport?.(result);
      }
      options.onPoll?.(result);
      return result;
    } catch (e) {
      log.error({ err: e }, "import: feed poll failed; trying again at the next interval");
      return undefined;
    }
  };
  const schedule = () => {
    if (stopped) return;
    lastPoll = once();
    // The next poll is timed from the end of this one, so a slow poll never overlaps the next.
    lastPoll.finally(() => {
      if (!stopped) timer = setTimeout(schedule, intervalMs);
    });
  };
  schedule();
  return {
    get lastPoll() {
      return lastPoll;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
