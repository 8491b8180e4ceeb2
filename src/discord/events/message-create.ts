/**
 * Mention Q&A: "@bot <question>" in a channel is answered like /ask, optionally in a new thread (REPLY_IN_THREAD).
 * Needs no privileged intent: Discord includes the content of messages that mention the bot.
 */
import { ChannelType, type Client, type Message, type MessageCreateOptions } from "discord.js";
import { answerQuestion } from "../answer-question.js";
import type { BotContext } from "../context.js";
import { slowDownMessage } from "../cooldowns.js";
import { mentionsBot, stripBotMention } from "../message-text.js";
import { clip, LIMITS, type Payload, renderNotice } from "../render.js";
import { GENERIC_ERROR, loggableError } from "../respond.js";

const EMPTY_MENTION =
  "Hi! Mention me with a question, e.g. “@quotebot what is KICKICO?”, or use /ask. /help explains the rest.";

/** Reply to the asker's message; their own reply ping is the only mention allowed. */
async function reply(message: Message, p: Payload): Promise<Message> {
  return message.reply({ ...p, allowedMentions: { parse: [], repliedUser: true }, failIfNotExists: false });
}

/** Answer in a new thread on the question when asked to and possible; otherwise (or if that fails) reply inline. */
async function deliver(message: Message, question: string, p: Payload, ctx: BotContext): Promise<void> {
  const canThread =
    ctx.config.discord.replyInThread &&
    message.inGuild() &&
    (message.channel.type === ChannelType.GuildText || message.channel.type === ChannelType.GuildAnnouncement);
  if (canThread) {
    try {
      const thread = await message.startThread({
        name: clip(question, LIMITS.threadName) || "quotebot answer",
        autoArchiveDuration: 1440,
      });
      await thread.send(p as MessageCreateOptions);
      return;
    } catch (e) {
      ctx.log.warn({ err: loggableError(e) }, "could not answer in a thread; replying in the channel");
    }
  }
  await reply(message, p);
}

export function messageHandler(ctx: BotContext, client: Client) {
  return async (message: Message): Promise<void> => {
    const me = client.user;
    if (!me || message.author.bot || message.system) return;
    // Only an explicit @mention counts: a reply that merely pings the bot ("thanks!") is not a question.
    if (!mentionsBot(message.content, me.id)) return;
    try {
      const question = stripBotMention(message.content, me.id);
      if (!question) {
        await reply(message, renderNotice(EMPTY_MENTION));
        return;
      }
      const slot = ctx.cooldowns.take(message.author.id);
      if (!slot.ok) {
        await reply(message, renderNotice(slowDownMessage(slot.retryAfterMs)));
        return;
      }
      if ("sendTyping" in message.channel) message.channel.sendTyping().catch(() => undefined);
      const payload = await answerQuestion(ctx, question, message.id);
      await deliver(message, question, payload, ctx);
    } catch (e) {
      ctx.log.error({ err: loggableError(e), message: message.id }, "mention handler failed");
      await reply(message, renderNotice(GENERIC_ERROR)).catch((e2: unknown) =>
        ctx.log.warn({ err: loggableError(e2) }, "could not tell the user about the failure"),
      );
    }
  };
}
