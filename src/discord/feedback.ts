/**
 * 👍/👎 feedback, appended to a local JSONL file: the question, the result ids shown and a sha256 hash of the
 * Discord user id (never the id itself), so votes can be counted per person without storing who they are.
 */
import { createHash } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";

export type Vote = "up" | "down";

export interface FeedbackEntry {
  at: string;
  vote: Vote;
  question: string;
  /** Chunk ids of the results, in rank order. */
  resultIds: string[];
  answered: boolean;
  mode: string;
  /** sha256 hex of the Discord user id. */
  user: string;
}

export const hashUserId = (userId: string): string => createHash("sha256").update(userId).digest("hex");

export class FeedbackLog {
  /** Appends are chained so concurrent votes never interleave lines. */
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  record(input: Omit<FeedbackEntry, "at" | "user"> & { userId: string; at?: Date }): Promise<FeedbackEntry> {
    const { userId, at, ...rest } = input;
    const entry: FeedbackEntry = { at: (at ?? new Date()).toISOString(), ...rest, user: hashUserId(userId) };
    const line = `${JSON.stringify(entry)}\n`;
    const write = this.chain.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, line, "utf8");
    });
    this.chain = write.catch(() => undefined);
    return write.then(() => entry);
  }
}
