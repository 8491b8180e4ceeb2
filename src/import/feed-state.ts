/**
 * What the watch remembers between polls, kept in the data folder (IMPORT_STATE_FILE): each feed's validators for
 * conditional requests (ETag, Last-Modified) and the entry URLs already handled, so only new entries are fetched.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomically } from "./write-file.js";

const FeedStateSchema = z.object({
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  seen: z.array(z.string()).default([]),
});
const StateSchema = z.object({ feeds: z.record(FeedStateSchema).default({}) });

export type FeedState = z.infer<typeof FeedStateSchema>;
export type WatchState = z.infer<typeof StateSchema>;

/** Entry URLs remembered per feed; a feed keeps far fewer entries than this. */
const MAX_SEEN = 5000;

/** The saved state; a missing or unreadable file starts afresh (the worst case is re-checking old entries). */
export async function loadWatchState(file: string): Promise<WatchState> {
  try {
    return StateSchema.parse(JSON.parse(await readFile(file, "utf8")));
  } catch {
    return { feeds: {} };
  }
}

export async function saveWatchState(file: string, state: WatchState): Promise<void> {
  for (const feed of Object.values(state.feeds)) feed.seen = feed.seen.slice(-MAX_SEEN);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomically(file, `${JSON.stringify(state)}\n`);
}
