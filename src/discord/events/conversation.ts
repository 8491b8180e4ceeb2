/**
 * What every answering path does after `answerQuestion`: log the question event for /insights, and open or
 * continue the conversation that follow-ups are read against. The answer is read back from the session
 * `answerQuestion` created (its id is the session id), so the shared answer path stays as it is.
 */

import type { QuestionSource } from "../../store/bot-store.js";
import type { Answer } from "../../types.js";
import { pageSizeFor } from "../answer-question.js";
import type { BotContext } from "../context.js";

export interface AnsweredQuestion {
  answer: Answer;
  /** Whether to post the answer: a declined question in a server that chose silence is not posted. */
  post: boolean;
}

/**
 * Record the question answered under `sessionId` (nothing when it was refused before searching, e.g. no
 * searchable words: then there is no session and this returns undefined).
 */
export function recordQuestion(
  ctx: BotContext,
  sessionId: string,
  where: { guildId: string | null; channelId?: string; userId: string; source: QuestionSource },
): AnsweredQuestion | undefined {
  const session = ctx.sessions.get(sessionId);
  if (!session) return undefined;
  const { answer } = session;
  const settings = ctx.settings(where.guildId);
  if (where.guildId) {
    ctx.store.recordQuestion(
      {
        guildId: where.guildId,
        ...(where.channelId ? { channelId: where.channelId } : {}),
        at: Date.now(),
        source: where.source,
        question: answer.question,
        outcome: answer.answered ? "answered" : "declined",
        chunkIds: answer.results.slice(0, pageSizeFor(ctx.config)).map((r) => r.passage.chunk.id),
        userHash: ctx.hashUser(where.userId),
      },
      settings.retentionDays,
    );
  }
  return { answer, post: answer.answered || settings.declined === "reply" };
}
