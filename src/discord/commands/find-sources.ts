/**
 * Message context menu "Find sources": the corpus passages that support or concern a message's text, quoted with
 * citations, for citing sources in a discussion. Interactions carry the target message's content, so this works
 * without the privileged Message Content intent.
 */
import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  type MessageContextMenuCommandInteraction,
} from "discord.js";
import { validateQuestion } from "../../retrieval/validate-question.js";
import { answerQuestion } from "../answer-question.js";
import type { BotContext } from "../context.js";
import { lookupText } from "../message-text.js";
import { boldNote, escapeText, fitEscaped, renderNotice } from "../render.js";
import { ephemeral } from "../respond.js";

export const data = new ContextMenuCommandBuilder().setName("Find sources").setType(ApplicationCommandType.Message);

export const cooldown = true;

export async function execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  const target = interaction.targetMessage;
  const embedText = target.embeds.map((e) => [e.title, e.description].filter(Boolean).join(". ")).join(" ");
  const text = lookupText(target.content || embedText, ctx.config.retrieval.maxQuestionChars);
  if (!text) {
    await interaction.reply(ephemeral(renderNotice("That message has no text I can look up sources for.")));
    return;
  }
  // A message with nothing searchable (only emoji, only common words) is refused before anything is posted.
  const valid = validateQuestion(text, ctx.config.retrieval.maxQuestionChars);
  if (!valid.ok) {
    await interaction.reply(ephemeral(renderNotice(valid.error.message)));
    return;
  }
  await interaction.deferReply();
  const who = escapeText(target.author?.displayName ?? target.author?.username ?? "someone");
  const link = `[this message](${target.url})`;
  const excerpt = fitEscaped(text, 200);
  const payload = await answerQuestion(ctx, text, interaction.id, (answer) =>
    answer.answered
      ? `Sources for ${link} by ${who} — “${excerpt}”${boldNote(answer.results)}:`
      : `I found nothing in the corpus about ${link} by ${who} — “${excerpt}”.`,
  );
  await interaction.editReply(payload);
}
