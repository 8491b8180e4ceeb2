/**
 * Messages: "@bot <question>" is answered like /ask (as a reply, or in a new thread with reply-in-thread), in the
 * channels the server allows (/settings; elsewhere the bot stays silent). In a conversation the bot answered in
 * (a forum post, a reply-in-thread thread, or a direct reply to one of its answers) the asker's next message is a
 * follow-up, answered without a mention and read together with the question before it.
 * Mentions and replies to the bot carry their text without a privileged intent; follow-ups in a thread that do
 * not reply to the bot need the Message Content intent (MESSAGE_CONTENT_INTENT).
 */
import { ChannelType, type Client, type Message, type MessageCreateOptions } from "discord.js";
import { contextualQuestion, isAcknowledgement } from "../../retrieval/follow-up.js";
import type { Conversation } from "../../store/bot-store.js";
import { mentionAllowed } from "../../store/guild-settings.js";
import type { Answer } from "../../types.js";
import { answerQuestion } from "../answer-question.js";
import type { BotContext, EffectiveSettings } from "../context.js";
import { slowDownMessage } from "../cooldowns.js";
import { lookupText, mentionsBot, stripBotMention } from "../message-text.js";
import { clip, fitEscaped, LIMITS, type Payload, renderNotice } from "../render.js";
import { GENERIC_ERROR, loggableError } from "../respond.js";
import { recordQuestion } from "./conversation.js";

const EMPTY_MENTION =
  "Hi! Mention me with a question, e.g. “@quotebot what is KICKICO?”, or use /ask. /help explains the rest.";

/** Reply to the asker's message; their own reply ping is the only mention allowed. */
async function reply(message: Message, p: Payload): Promise<Message> {
  return message.reply({ ...p, allowedMentions: { parse: [], repliedUser: true }, failIfNotExists: false });
}

/** Where an answer went: the bot's message, and the thread it opened for it, if any. */
interface Delivered {
  sent: Message;
  threadId?: string;
}

/** Answer in a new thread on the question when asked to and possible; otherwise (or if that fails) reply inline. */
async function deliver(
  message: Message,
  question: string,
  p: Payload,
  ctx: BotContext,
  settings: EffectiveSettings,
): Promise<Delivered> {
  const canThread =
    settings.replyInThread &&
    message.inGuild() &&
    (message.channel.type === ChannelType.GuildText || message.channel.type === ChannelType.GuildAnnouncement);
  if (canThread) {
    try {
      const thread = await message.startThread({
        name: clip(question, LIMITS.threadName) || "quotebot answer",
        autoArchiveDuration: 1440,
      });
      return { sent: await thread.send(p as MessageCreateOptions), threadId: thread.id };
    } catch (e) {
      ctx.log.warn({ err: loggableError(e) }, "could not answer in a thread; replying in the channel");
    }
  }
  return { sent: await reply(message, p) };
}

/** Whether the message @mentions (or reply-pings) any user other than the bot, a role, or everyone. */
export function mentionsSomeoneElse(message: Message, botId: string): boolean {
  const m = message.mentions;
  if (m.everyone || m.roles.size > 0) return true;
  if (m.repliedUser && m.repliedUser.id !== botId) return true;
  if (m.users.some((u) => u.id !== botId)) return true;
  // Mentions in the text itself, in case the mention list was trimmed.
  return [...message.content.matchAll(/<@[!&]?(\d+)>/g)].some((x) => x[1] !== botId);
}

/** The ids a message may continue a conversation under: the answer it replies to, then its thread. */
function conversationKeys(message: Message): string[] {
  const keys: string[] = [];
  const ref = message.reference?.messageId;
  if (ref) {
    keys.push(ref);
    const referenced = message.channel.messages.cache.get(ref);
    // A reply to an /ask answer: the answer message knows the interaction it answered, which is the session id.
    const interactionId = referenced?.interactionMetadata?.id;
    if (interactionId) keys.push(interactionId);
  }
  if (message.channel.isThread()) keys.push(message.channel.id);
  return keys;
}

/** The first message of a post in a forum the server has the bot auto-answer. */
function isForumStarter(message: Message, ctx: BotContext): boolean {
  const channel = message.channel;
  if (!channel.isThread() || message.id !== channel.id || !channel.parentId) return false;
  return ctx.settings(message.guildId).forumChannels.includes(channel.parentId);
}

const followUpIntro = (followUp: string, answer: Answer): string => {
  const q = fitEscaped(followUp.replace(/\s+/g, " ").trim(), 300);
  return answer.answered
    ? `Quotes from the corpus for your follow-up “${q}”, read with the earlier question (key sentences in **bold**):`
    : `I found nothing in the corpus that answers “${q}”, read with the earlier question.`;
};

export function messageHandler(ctx: BotContext, client: Client) {
  /** Answer a follow-up; false when the message is not one the bot should take as a follow-up. */
  async function followUp(message: Message, conv: Conversation, botId: string): Promise<boolean> {
    const settings = ctx.settings(message.guildId);
    if (settings.followUpLimit <= 0) return false;
    const isAsker = ctx.hashUser(message.author.id) === conv.askerHash;
    if (!isAsker && !settings.followUpsFromAnyone) return false;
    if (mentionsSomeoneElse(message, botId)) return false;
    const text = lookupText(stripBotMention(message.content, botId), ctx.config.retrieval.maxQuestionChars);
    if (!text || isAcknowledgement(text)) return false;
    if (!ctx.store.takeFollowUp(conv.id, settings.followUpLimit)) return false;
    const slot = ctx.cooldowns.take(message.author.id, settings.cooldownSeconds);
    if (!slot.ok) {
      await reply(message, renderNotice(slowDownMessage(slot.retryAfterMs)));
      return true;
    }
    const question = contextualQuestion(conv.question, text);
    if ("sendTyping" in message.channel) message.channel.sendTyping().catch(() => undefined);
    const payload = await answerQuestion(ctx, question, message.id, (answer) => followUpIntro(text, answer));
    const outcome = recordQuestion(ctx, message.id, {
      guildId: message.guildId,
      channelId: message.channelId,
      userId: message.author.id,
      source: "follow-up",
    });
    // A follow-up with nothing searchable ("and?"): not worth a reply.
    if (!outcome) return true;
    if (outcome.answer.answered) ctx.store.setTopic(conv.id, question);
    if (!outcome.post) return true;
    const sent = await reply(message, payload);
    ctx.store.addAnswerMessage(conv.id, sent.id);
    return true;
  }

  async function mention(message: Message, botId: string): Promise<void> {
    const settings = ctx.settings(message.guildId);
    const parentId = message.channel.isThread() ? message.channel.parentId : null;
    // Outside the allowed channels the bot stays silent: a reply there would be the noise the admin turned off.
    if (message.inGuild() && !mentionAllowed(settings, message.channelId, parentId)) return;
    const question = stripBotMention(message.content, botId);
    if (!question) {
      await reply(message, renderNotice(EMPTY_MENTION));
      return;
    }
    const slot = ctx.cooldowns.take(message.author.id, settings.cooldownSeconds);
    if (!slot.ok) {
      await reply(message, renderNotice(slowDownMessage(slot.retryAfterMs)));
      return;
    }
    if ("sendTyping" in message.channel) message.channel.sendTyping().catch(() => undefined);
    const payload = await answerQuestion(ctx, question, message.id);
    const outcome = recordQuestion(ctx, message.id, {
      guildId: message.guildId,
      channelId: message.channelId,
      userId: message.author.id,
      source: "mention",
    });
    if (outcome && !outcome.post) return;
    const { sent, threadId } = await deliver(message, question, payload, ctx, settings);
    if (!outcome || !message.guildId) return;
    const id = threadId ?? sent.id;
    ctx.store.claimConversation({
      id,
      kind: threadId ? "thread" : "reply",
      guildId: message.guildId,
      askerHash: ctx.hashUser(message.author.id),
      question: outcome.answer.question,
    });
    ctx.store.addAnswerMessage(id, sent.id);
  }

  return async (message: Message): Promise<void> => {
    const me = client.user;
    if (!me || message.author.bot || message.system) return;
    // A forum post's starter message (its id is the thread's) belongs to the forum auto-answer, which answers it
    // once; answering it here as well, as a mention or a follow-up, would answer the post twice.
    if (isForumStarter(message, ctx)) {
      ctx.log.debug({ thread: message.channelId }, "forum starter message left to the forum auto-answer");
      return;
    }
    const explicit = mentionsBot(message.content, me.id);
    const keys = message.guildId ? conversationKeys(message) : [];
    const conv = keys.length > 0 ? ctx.store.conversation(keys) : undefined;
    // A message that only pings the bot by replying ("thanks!") is not a question unless it continues one.
    if (!explicit && !conv) return;
    try {
      if (conv && (await followUp(message, conv, me.id))) return;
      if (explicit) await mention(message, me.id);
    } catch (e) {
      ctx.log.error({ err: loggableError(e), message: message.id }, "mention handler failed");
      await reply(message, renderNotice(GENERIC_ERROR)).catch((e2: unknown) =>
        ctx.log.warn({ err: loggableError(e2) }, "could not tell the user about the failure"),
      );
    }
  };
}
