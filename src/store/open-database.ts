/**
 * Opening the bot's SQLite database (better-sqlite3 12): WAL mode so several shard processes can share the file,
 * a busy timeout so they wait for each other instead of failing, and the schema migrated. A file that is corrupt,
 * locked for longer than the timeout, or unreadable is left exactly as it is: the caller gets the reason and runs
 * on an in-memory database with default settings instead.
 */
import { closeSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ErrorCode, errorMessage, QuotebotError } from "../errors.js";
import { migrate } from "./migrations.js";

export const DATABASE_FILE = "quotebot.db";

export interface OpenedDatabase {
  db: Database.Database;
  /** False when running on the in-memory fallback: changes last until the process ends. */
  persistent: boolean;
  file: string;
  /** Why the file could not be used (only when `persistent` is false). */
  problem?: QuotebotError;
}

const tune = (db: Database.Database, busyTimeoutMs: number) => {
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
  db.pragma("foreign_keys = ON");
};

/** What went wrong with a database file, as a QuotebotError with a hint (for the one log line). */
export function storeProblem(file: string, e: unknown): QuotebotError {
  const code = String((e as { code?: unknown }).code ?? "");
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT" || code.startsWith("SQLITE_CORRUPT"))
    return new QuotebotError(
      ErrorCode.StoreCorrupt,
      `The settings database ${file} is not a readable SQLite database (${errorMessage(e)}); it was left untouched.`,
      "Running with default settings in memory. Move the file away (or restore a backup) and restart to keep settings again.",
      { cause: e },
    );
  if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code.startsWith("SQLITE_BUSY"))
    return new QuotebotError(
      ErrorCode.StoreLocked,
      `The settings database ${file} is locked by another process (${errorMessage(e)}).`,
      "Running with default settings in memory. Stop whatever holds the lock and restart the bot.",
      { cause: e },
    );
  return new QuotebotError(
    ErrorCode.StoreUnavailable,
    `The settings database ${file} cannot be used: ${errorMessage(e)}.`,
    "Running with default settings in memory. Check DATA_DIR and its permissions, then restart.",
    { cause: e },
  );
}

/**
 * Members' questions live in the file: create it readable by the owner only (SQLite gives its -wal and -shm files
 * the same mode). An existing file is left as it is.
 */
function createPrivately(file: string): void {
  try {
    closeSync(openSync(file, "wx", 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

export function openDatabase(dataDir: string, options: { busyTimeoutMs?: number } = {}): OpenedDatabase {
  const file = path.join(dataDir, DATABASE_FILE);
  const busy = options.busyTimeoutMs ?? 5000;
  let db: Database.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    createPrivately(file);
    db = new Database(file, { timeout: busy });
    tune(db, busy);
    // Reading the journal mode touches the file header: a file that is not SQLite fails here.
    if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
    migrate(db);
    return { db, persistent: true, file };
  } catch (e) {
    try {
      db?.close();
    } catch {
      // closing a connection to a broken file can fail too; nothing is written either way
    }
    const memory = new Database(":memory:");
    tune(memory, busy);
    migrate(memory);
    return { db: memory, persistent: false, file, problem: storeProblem(file, e) };
  }
}
