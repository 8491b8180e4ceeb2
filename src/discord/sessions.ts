/**
 * Answers kept in memory for their buttons ("More sources", "Full passage", 👍/👎): a custom id has room for a
 * session id only. Bounded and expiring; after a restart old buttons say the answer expired.
 */
import { LRUCache } from "lru-cache";
import type { Answer } from "../types.js";
import type { Vote } from "./feedback.js";

export interface AnswerSession {
  id: string;
  answer: Answer;
  pageSize: number;
  /** Markdown intro line, kept so pages look alike. */
  intro?: string;
  /** Who voted what, so a repeated click does not write a second line. */
  votes: Map<string, Vote>;
}

export class AnswerSessions {
  private readonly cache: LRUCache<string, AnswerSession>;

  constructor(options: { max?: number; ttlMs?: number } = {}) {
    this.cache = new LRUCache({ max: options.max ?? 2000, ttl: options.ttlMs ?? 6 * 60 * 60 * 1000 });
  }

  create(id: string, answer: Answer, pageSize: number, intro?: string): AnswerSession {
    const session: AnswerSession = { id, answer, pageSize, votes: new Map() };
    if (intro !== undefined) session.intro = intro;
    this.cache.set(id, session);
    return session;
  }

  get(id: string): AnswerSession | undefined {
    return this.cache.get(id);
  }
}
