/**
 * The bot database's schema, as numbered migrations. `PRAGMA user_version` records how many have run; each runs in
 * its own transaction, so a database is always at one version or the next, never in between.
 */
import type Database from "better-sqlite3";

/** Migration n (1-based) takes the schema from version n-1 to n. Append only; never edit a released one. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE guild_settings (
    guild_id   TEXT PRIMARY KEY,
    settings   TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  );
  -- A conversation the bot answered in: a forum post or reply-in-thread (id = thread id), or an answer message
  -- (id = the message id, or for /ask the interaction id). Forum thread ids double as the "already answered" marks.
  CREATE TABLE conversations (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    guild_id   TEXT NOT NULL,
    asker_hash TEXT NOT NULL,
    question   TEXT NOT NULL,
    follow_ups INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  -- Bot answer messages that belong to a conversation, so a reply to any of them continues it.
  CREATE TABLE conversation_messages (
    message_id      TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE
  );
  CREATE TABLE question_events (
    id         INTEGER PRIMARY KEY,
    guild_id   TEXT NOT NULL,
    channel_id TEXT,
    at         INTEGER NOT NULL,
    source     TEXT NOT NULL,
    question   TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    chunk_ids  TEXT NOT NULL,
    user_hash  TEXT NOT NULL
  );
  CREATE INDEX question_events_guild_at ON question_events (guild_id, at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Bring `db` to SCHEMA_VERSION. A database from a newer quotebot (higher version) is refused rather than
 * guessed at.
 */
export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION)
    throw new RangeError(`schema version ${current} is newer than this quotebot understands (${SCHEMA_VERSION})`);
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
