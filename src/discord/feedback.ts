/**
 * 👍/👎 feedback, appended to a local JSONL file (FEEDBACK_FILE): the question, the result ids shown and a keyed
 * hash of the Discord user id (HMAC-SHA256 under the installation's secret, DATA_DIR/secret), so votes can be
 * counted per person without storing who they are, and without anyone who knows a member's public id being able
 * to find their votes. Lines written before the key existed carry an unsalted sha256 and are still read.
 */
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { UserHasher } from "../store/secret.js";

export type Vote = "up" | "down";

export interface FeedbackEntry {
  at: string;
  vote: Vote;
  question: string;
  /** Chunk ids of the results, in rank order. */
  resultIds: string[];
  answered: boolean;
  mode: string;
  /** HMAC-SHA256 hex of the Discord user id, keyed with the installation secret. */
  user: string;
  /** The server the vote was cast in (absent in lines from older versions and in DMs). */
  guild?: string;
  /** The answer's session id (the interaction or message it answered). */
  session?: string;
}

export type FeedbackInput = Omit<FeedbackEntry, "at" | "user"> & { userId: string; at?: Date };

export class FeedbackLog {
  constructor(
    readonly file: string,
    readonly hashUser: UserHasher,
    private readonly scope: Pick<FeedbackEntry, "guild" | "session"> = {},
    /** Appends are chained (across scoped copies too) so concurrent votes never interleave lines. */
    private readonly queue: { chain: Promise<void> } = { chain: Promise.resolve() },
  ) {}

  record(input: FeedbackInput): Promise<FeedbackEntry> {
    const { userId, at, ...rest } = input;
    const entry: FeedbackEntry = {
      at: (at ?? new Date()).toISOString(),
      ...rest,
      user: this.hashUser(userId),
      ...this.scope,
    };
    const line = `${JSON.stringify(entry)}\n`;
    const write = this.queue.chain.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, line, "utf8");
    });
    this.queue.chain = write.catch(() => undefined);
    return write.then(() => entry);
  }

  /** The same log, with the server and answer a vote belongs to filled in (the button handler knows neither). */
  scoped(scope: { guild?: string | null; session?: string }): FeedbackLog {
    const s: Pick<FeedbackEntry, "guild" | "session"> = {};
    if (scope.guild) s.guild = scope.guild;
    if (scope.session) s.session = scope.session;
    return new FeedbackLog(this.file, this.hashUser, s, this.queue);
  }
}

/** Every readable entry of a feedback file (none if it does not exist); damaged lines are skipped. */
export async function readFeedback(file: string): Promise<FeedbackEntry[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: FeedbackEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as Partial<FeedbackEntry>;
      if ((e.vote === "up" || e.vote === "down") && typeof e.question === "string" && typeof e.at === "string")
        out.push({ resultIds: [], answered: true, mode: "", user: "", ...e } as FeedbackEntry);
    } catch {
      // a torn last line (a crash mid-append) or a hand edit: skip it
    }
  }
  return out;
}
