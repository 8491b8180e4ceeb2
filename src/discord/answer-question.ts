/** The shared path of `/ask`, mentions and "Find sources": ask the engine, keep the answer for its buttons, render. */
import type { Config } from "../config.js";
import { describeError, ErrorCode, isQuotebotError, type QuotebotError } from "../errors.js";
import type { Answer } from "../types.js";
import type { BotContext } from "./context.js";
import { type Payload, renderNotice, renderSessionPage } from "./render.js";

/** Quotes per page: ANSWER_TOP_K, at most 5 so a page stays readable and fits one row of passage buttons. */
export const pageSizeFor = (config: Config): number => Math.max(1, Math.min(config.retrieval.topK, 5));

/** Results fetched up front, so "More sources" pages through one consistent answer. */
export const fetchSizeFor = (config: Config): number => Math.min(25, pageSizeFor(config) * 4);

/**
 * A question the engine refused (empty, too long, nothing searchable), or a query service (QUERY_URL) that is down:
 * the user gets the reason, not an error.
 */
export const isQuestionProblem = (e: unknown): e is QuotebotError =>
  isQuotebotError(e) && (e.code.startsWith("QUESTION_") || e.code === ErrorCode.QueryServiceUnavailable);

/**
 * Answer `question` as page one of a paginated answer whose buttons refer to `sessionId`. `introFor` replaces the
 * default intro line (e.g. "Sources for this message").
 */
export async function answerQuestion(
  ctx: BotContext,
  question: string,
  sessionId: string,
  introFor?: (answer: Answer) => string,
): Promise<Payload> {
  const pageSize = pageSizeFor(ctx.config);
  try {
    const answer = await ctx.holder.use((engine) => engine.ask(question, { k: fetchSizeFor(ctx.config) }));
    const intro = introFor?.(answer);
    return renderSessionPage(ctx.sessions.create(sessionId, answer, pageSize, intro), 0);
  } catch (e) {
    if (isQuestionProblem(e)) return renderNotice(describeError(e));
    throw e;
  }
}
