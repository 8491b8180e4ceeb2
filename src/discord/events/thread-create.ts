/**
 * Forum auto-answer: a new post in a forum channel the server chose (/settings forum) is answered once, in its
 * thread, with quotes and citations; the post's title and message together are the question. Skipped: posts
 * tagged "solved" (the tag name is a setting), posts too short to be a question, posts by bots, and threads already
 * answered (claimed in the database before answering, so a restart or a second shard never answers twice).
 */
import {
  type AnyThreadChannel,
  ChannelType,
  type Client,
  DiscordAPIError,
  type ForumChannel,
  type Message,
  type MessageCreateOptions,
  RESTJSONErrorCodes,
} from "discord.js";
import { answerQuestion } from "../answer-question.js";
import type { BotContext } from "../context.js";
import { lookupText } from "../message-text.js";
import { loggableError } from "../respond.js";
import { recordQuestion } from "./conversation.js";

export interface ForumOptions {
  /**
   * Waits before each retry of the starter message fetch. Right after THREAD_CREATE, Discord can answer
   * 10008 Unknown Message for a moment (notably for posts with attachments).
   */
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [250, 500, 1000, 2000];

/** Fewer words than this in title and message together is not a question ("help", "pls"). */
export const MIN_QUESTION_WORDS = 3;

export const tooShortToAsk = (text: string): boolean =>
  (text.match(/[\p{L}\p{N}]+/gu) ?? []).length < MIN_QUESTION_WORDS;

/** Whether the thread carries the tag named `name` (case-insensitive), read from the forum's available tags. */
export function hasTagNamed(
  applied: readonly string[],
  available: readonly { id: string; name: string }[],
  name: string,
): boolean {
  const wanted = name.trim().toLowerCase();
  return available.some((t) => applied.includes(t.id) && t.name.trim().toLowerCase() === wanted);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const isUnknownMessage = (e: unknown) => e instanceof DiscordAPIError && e.code === RESTJSONErrorCodes.UnknownMessage;

async function fetchStarter(thread: AnyThreadChannel, delays: readonly number[]): Promise<Message> {
  for (let attempt = 0; ; attempt++) {
    try {
      const starter = await thread.fetchStarterMessage({ force: true });
      if (!starter) throw new Error("the thread has no parent channel to fetch its starter message from");
      return starter;
    } catch (e) {
      const wait = delays[attempt];
      if (!isUnknownMessage(e) || wait === undefined) throw e;
      await sleep(wait);
    }
  }
}

export function threadCreateHandler(ctx: BotContext, client: Client, options: ForumOptions = {}) {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let warnedNoContent = false;
  return async (thread: AnyThreadChannel, newlyCreated: boolean): Promise<void> => {
    if (!newlyCreated || thread.type !== ChannelType.PublicThread) return;
    const parent = thread.parent;
    if (!parent || parent.type !== ChannelType.GuildForum) return;
    const settings = ctx.settings(thread.guildId);
    if (!settings.forumChannels.includes(parent.id)) return;
    if (thread.ownerId && thread.ownerId === client.user?.id) return;
    const log = ctx.log.child({ thread: thread.id, forum: parent.id });
    const skip = (reason: string) => log.debug({ reason }, "forum post not answered");
    if (hasTagNamed(thread.appliedTags, (parent as ForumChannel).availableTags, settings.solvedTag)) {
      skip("tagged solved");
      return;
    }
    if (ctx.store.conversation([thread.id])) {
      skip("already answered");
      return;
    }
    let starter: Message;
    try {
      starter = await fetchStarter(thread, delays);
    } catch (e) {
      log.warn({ err: loggableError(e) }, "could not fetch the forum post's starter message; not answering it");
      return;
    }
    if (starter.author.bot || starter.system) {
      skip("posted by a bot");
      return;
    }
    if (!starter.content && !ctx.config.discord.messageContent && !warnedNoContent) {
      warnedNoContent = true;
      log.warn(
        "a forum post arrived without its text: answering from its title only. Set MESSAGE_CONTENT_INTENT=true and enable the Message Content intent to read the posts (docs/discord.md)",
      );
    }
    const question = lookupText(`${thread.name}\n${starter.content}`, ctx.config.retrieval.maxQuestionChars);
    if (tooShortToAsk(question)) {
      skip("too short to be a question");
      return;
    }
    const claimed = ctx.store.claimConversation({
      id: thread.id,
      kind: "forum",
      guildId: thread.guildId,
      askerHash: ctx.hashUser(starter.author.id),
      question,
    });
    if (!claimed) {
      skip("already answered");
      return;
    }
    try {
      await thread.sendTyping().catch(() => undefined);
      const payload = await answerQuestion(ctx, question, thread.id);
      const outcome = recordQuestion(ctx, thread.id, {
        guildId: thread.guildId,
        channelId: thread.id,
        userId: starter.author.id,
        source: "forum",
      });
      // Refused before searching (nothing searchable in the post): not a question for the corpus; stay quiet.
      if (!outcome?.post) return;
      const sent = await thread.send(payload as MessageCreateOptions);
      ctx.store.addAnswerMessage(thread.id, sent.id);
    } catch (e) {
      log.error({ err: loggableError(e) }, "forum auto-answer failed");
    }
  };
}
