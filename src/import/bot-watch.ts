/**
 * The bot's feed watch (IMPORT_FEEDS every IMPORT_INTERVAL_MINUTES): new entries are imported, then the index is
 * rebuilt and hot-swapped exactly as `/reindex` does. Started once per bot, from `npm start`.
 */
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { type Reindexer, rebuildAfterImport } from "./rebuild-after-import.js";
import { type FeedWatch, startFeedWatch } from "./watch.js";

export function startBotFeedWatch(config: Config, log: Logger, holder: Reindexer<unknown>): FeedWatch | undefined {
  if (config.import.feeds.length === 0) return undefined;
  if (config.query.url) {
    log.warn("IMPORT_FEEDS is ignored: this bot answers from the query service (QUERY_URL); import where it builds.");
    return undefined;
  }
  // With several shard processes, only the one holding shard 0 follows the feeds (one import at a time).
  const shards = process.env.SHARDS?.split(",");
  if (shards && !shards.includes("0")) return undefined;
  log.info({ feeds: config.import.feeds.length, minutes: config.import.intervalMinutes }, "import: watching feeds");
  return startFeedWatch({
    config,
    log,
    feeds: config.import.feeds,
    afterImport: async () => {
      const rebuilt = await rebuildAfterImport(holder);
      if (!rebuilt.ok) log.warn(`import: new articles were written, but ${rebuilt.error}`);
    },
  });
}
