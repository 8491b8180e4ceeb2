/**
 * After an import, the running bot rebuilds and hot-swaps its index exactly as `/reindex` does. A rebuild that was
 * already running may have started before the new file existed, so it is waited for and one more is run.
 */
import type { Result } from "../types.js";

/** The part of the bot's EngineHolder this needs (src/import knows nothing else about Discord). */
export interface Reindexer<R> {
  readonly rebuilding: boolean;
  reindex(): Promise<Result<R, string>>;
}

export async function rebuildAfterImport<R>(holder: Reindexer<R>): Promise<Result<R, string>> {
  if (holder.rebuilding) await holder.reindex();
  return holder.reindex();
}
