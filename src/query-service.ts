/**
 * What the bot needs from whatever answers its questions: the in-process Engine, or the HTTP client of
 * `npm run serve` (QUERY_URL). Structural on purpose: Engine satisfies it as it is, so Discord code never knows
 * which one it talks to.
 */
import type { StoredArticle } from "./indexing/chunk-store.js";
import type { Answer, ArticleMeta, IndexMode, QuotedPassage } from "./types.js";

export interface QueryService {
  /** Answer a question with quotes; a QuotebotError for a question that cannot be searched. */
  ask(question: string, options?: { k?: number }): Promise<Answer>;
  /** Ranked passages with their best-matching part, never declined (`/search`). */
  lookup(query: string, k: number): Promise<QuotedPassage[]>;
  /** The corpus' articles (citations only). */
  articles(): ArticleMeta[];
  article(id: string): StoredArticle | undefined;
  /** Titles matching what the user typed so far (autocomplete). */
  findArticles(typed: string, limit?: number): ArticleMeta[];
  readonly mode: IndexMode;
  readonly degradedReason: string | undefined;
  close(): Promise<void>;
}
