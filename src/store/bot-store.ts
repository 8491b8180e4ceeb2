/**
 * The bot's state over one SQLite database: per-guild settings, the conversations it answered in (for follow-ups
 * and for not answering a forum post twice), and question events for /insights. Every operation is guarded: a
 * database that fails at run time (locked past the busy timeout, damaged on disk) is logged once per kind of
 * failure, and the operation returns its default, so the bot keeps answering.
 */
import type Database from "better-sqlite3";
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import { applyChange, DEFAULT_SETTINGS, type GuildSettings, parseSettings } from "./guild-settings.js";
import type { OpenedDatabase } from "./open-database.js";

export type ConversationKind = "forum" | "thread" | "reply";

export interface Conversation {
  id: string;
  kind: ConversationKind;
  guildId: string;
  askerHash: string;
  /** The question the conversation is about so far (the last one searched). */
  question: string;
  followUps: number;
}

export type QuestionSource = "ask" | "mention" | "forum" | "follow-up" | "find-sources";
export type QuestionOutcome = "answered" | "declined";

export interface QuestionEvent {
  guildId: string;
  channelId?: string;
  at: number;
  source: QuestionSource;
  question: string;
  outcome: QuestionOutcome;
  /** Chunk ids shown, in rank order. */
  chunkIds: string[];
  /** Keyed hash of the asker (never the raw id). */
  userHash: string;
}

export type SettingsUpdate = { ok: true; value: GuildSettings; persisted: boolean } | { ok: false; error: string };

const DAY_MS = 24 * 60 * 60 * 1000;
/** Prune a guild's old events at most this often (pruning is a DELETE over an index range: cheap, not free). */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

interface ConversationRow {
  id: string;
  kind: ConversationKind;
  guild_id: string;
  asker_hash: string;
  question: string;
  follow_ups: number;
}

export class BotStore {
  readonly db: Database.Database;
  readonly persistent: boolean;
  readonly file: string;
  private readonly failed = new Set<string>();
  private readonly prunedAt = new Map<string, number>();

  constructor(
    opened: OpenedDatabase,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.db = opened.db;
    this.persistent = opened.persistent;
    this.file = opened.file;
  }

  /** Run `op`; on a database error log it (once per error code) and return `fallback`. */
  private guard<T>(what: string, fallback: T, op: () => T): T {
    try {
      return op();
    } catch (e) {
      const code = String((e as { code?: unknown }).code ?? "error");
      if (!this.failed.has(code)) {
        this.failed.add(code);
        this.log.error(
          { code, file: this.file, operation: what },
          `settings database failed (${errorMessage(e)}); using defaults until it works again`,
        );
      }
      return fallback;
    }
  }

  settings(guildId: string): GuildSettings {
    return this.guard("read settings", { ...DEFAULT_SETTINGS }, () => {
      const row = this.db.prepare("SELECT settings FROM guild_settings WHERE guild_id = ?").get(guildId) as
        | { settings: string }
        | undefined;
      return parseSettings(row?.settings);
    });
  }

  /** Validate and store a change; `persisted` is false on the in-memory fallback. */
  updateSettings(guildId: string, change: Partial<GuildSettings>, by: string): SettingsUpdate {
    const applied = applyChange(this.settings(guildId), change);
    if (!applied.ok) return applied;
    const stored = this.guard("write settings", false, () => {
      this.db
        .prepare(
          `INSERT INTO guild_settings (guild_id, settings, updated_at, updated_by) VALUES (?, ?, ?, ?)
           ON CONFLICT (guild_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
        )
        .run(guildId, JSON.stringify(applied.value), this.now(), by);
      return true;
    });
    if (!stored) return { ok: false, error: "the settings database is not writable right now; nothing was changed" };
    return { ok: true, value: applied.value, persisted: this.persistent };
  }

  resetSettings(guildId: string): boolean {
    return this.guard("reset settings", false, () => {
      this.db.prepare("DELETE FROM guild_settings WHERE guild_id = ?").run(guildId);
      return true;
    });
  }

  /** The conversation any of `ids` (a thread id, an answer message id, an interaction id) belongs to. */
  conversation(ids: readonly string[]): Conversation | undefined {
    return this.guard("read conversation", undefined, () => {
      const byId = this.db.prepare("SELECT * FROM conversations WHERE id = ?");
      const byMessage = this.db.prepare(
        "SELECT c.* FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.message_id = ?",
      );
      for (const id of ids) {
        const row = (byId.get(id) ?? byMessage.get(id)) as ConversationRow | undefined;
        if (row)
          return {
            id: row.id,
            kind: row.kind,
            guildId: row.guild_id,
            askerHash: row.asker_hash,
            question: row.question,
            followUps: row.follow_ups,
          };
      }
      return undefined;
    });
  }

  /**
   * Start a conversation, unless one with this id exists. True only for the caller that created it: a forum post
   * is claimed before it is answered, so a restart or a second shard never answers it twice.
   * Without a working database this answers true (better one answer too many than none).
   */
  claimConversation(c: Omit<Conversation, "followUps">): boolean {
    return this.guard("start conversation", true, () => {
      const now = this.now();
      const r = this.db
        .prepare(
          `INSERT OR IGNORE INTO conversations (id, kind, guild_id, asker_hash, question, follow_ups, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
        )
        .run(c.id, c.kind, c.guildId, c.askerHash, c.question, now, now);
      return r.changes === 1;
    });
  }

  /** Remember that bot message `messageId` answers in conversation `conversationId`. */
  addAnswerMessage(conversationId: string, messageId: string): void {
    this.guard("remember answer", undefined, () => {
      this.db
        .prepare("INSERT OR IGNORE INTO conversation_messages (message_id, conversation_id) VALUES (?, ?)")
        .run(messageId, conversationId);
    });
  }

  /**
   * Count one follow-up, if the conversation has had fewer than `limit`. False when the limit is reached (checked
   * and counted in one statement, so two shards cannot both take the last one).
   */
  takeFollowUp(conversationId: string, limit: number): boolean {
    return this.guard("count follow-up", false, () => {
      const r = this.db
        .prepare("UPDATE conversations SET follow_ups = follow_ups + 1, updated_at = ? WHERE id = ? AND follow_ups < ?")
        .run(this.now(), conversationId, limit);
      return r.changes === 1;
    });
  }

  /** The question the next follow-up is read with (an answered follow-up's searched text). */
  setTopic(conversationId: string, question: string): void {
    this.guard("update conversation", undefined, () => {
      this.db
        .prepare("UPDATE conversations SET question = ?, updated_at = ? WHERE id = ?")
        .run(question, this.now(), conversationId);
    });
  }

  recordQuestion(e: QuestionEvent, retentionDays: number): void {
    this.guard("record question", undefined, () => {
      this.db
        .prepare(
          `INSERT INTO question_events (guild_id, channel_id, at, source, question, outcome, chunk_ids, user_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          e.guildId,
          e.channelId ?? null,
          e.at,
          e.source,
          e.question,
          e.outcome,
          JSON.stringify(e.chunkIds),
          e.userHash,
        );
    });
    const last = this.prunedAt.get(e.guildId) ?? 0;
    if (this.now() - last >= PRUNE_EVERY_MS) this.prune(e.guildId, retentionDays);
  }

  /**
   * Forget what is older than a guild's retention period: question events, and conversations last active before it
   * (a forum post's row stays as the "already answered" mark, without its question or asker). Returns how many
   * question events went.
   */
  prune(guildId: string, retentionDays: number): number {
    this.prunedAt.set(guildId, this.now());
    return this.guard("prune questions", 0, () => {
      const cutoff = this.now() - retentionDays * DAY_MS;
      return this.db.transaction(() => {
        this.db
          .prepare("DELETE FROM conversations WHERE guild_id = ? AND updated_at < ? AND kind != 'forum'")
          .run(guildId, cutoff);
        this.db
          .prepare(
            "UPDATE conversations SET question = '', asker_hash = '' WHERE guild_id = ? AND updated_at < ? AND kind = 'forum'",
          )
          .run(guildId, cutoff);
        return this.db.prepare("DELETE FROM question_events WHERE guild_id = ? AND at < ?").run(guildId, cutoff)
          .changes;
      })();
    });
  }

  /** Question events since `since` (ms), oldest first; every guild when `guildId` is undefined. */
  questionEvents(guildId: string | undefined, since: number): QuestionEvent[] {
    return this.guard("read questions", [], () => {
      const rows = (
        guildId === undefined
          ? this.db.prepare("SELECT * FROM question_events WHERE at >= ? ORDER BY at").all(since)
          : this.db
              .prepare("SELECT * FROM question_events WHERE guild_id = ? AND at >= ? ORDER BY at")
              .all(guildId, since)
      ) as {
        guild_id: string;
        channel_id: string | null;
        at: number;
        source: QuestionSource;
        question: string;
        outcome: QuestionOutcome;
        chunk_ids: string;
        user_hash: string;
      }[];
      return rows.map((r) => ({
        guildId: r.guild_id,
        ...(r.channel_id ? { channelId: r.channel_id } : {}),
        at: r.at,
        source: r.source,
        question: r.question,
        outcome: r.outcome,
        chunkIds: safeIds(r.chunk_ids),
        userHash: r.user_hash,
      }));
    });
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      // already closed
    }
  }
}

function safeIds(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}
