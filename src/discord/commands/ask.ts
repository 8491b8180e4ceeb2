/** `/ask question:<text> [private:<bool>]`: quotes that answer the question, with citations and buttons. */
import { type ChatInputCommandInteraction, MessageFlags, SlashCommandBuilder } from "discord.js";
import { DEFAULT_MAX_QUESTION_CHARS, validateQuestion } from "../../retrieval/validate-question.js";
import { answerQuestion } from "../answer-question.js";
import type { BotContext } from "../context.js";
import { renderNotice } from "../render.js";
import { ephemeral } from "../respond.js";

export const data = new SlashCommandBuilder()
  .setName("ask")
  .setDescription("Ask a question; get quoted passages from the corpus, with citations")
  .addStringOption((o) =>
    o
      .setName("question")
      .setDescription("What do you want to know?")
      .setRequired(true)
      .setMaxLength(DEFAULT_MAX_QUESTION_CHARS),
  )
  .addBooleanOption((o) => o.setName("private").setDescription("Show the answer to you only"));

export const cooldown = true;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const question = interaction.options.getString("question", true);
  const isPrivate = interaction.options.getBoolean("private") ?? false;
  // A question that cannot be searched is refused before anything is posted, and only to the asker.
  const valid = validateQuestion(question, ctx.config.retrieval.maxQuestionChars);
  if (!valid.ok) {
    await interaction.reply(ephemeral(renderNotice(valid.error.message)));
    return;
  }
  // Acknowledge first: Discord allows 3 seconds, and a question can take longer under load.
  await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
  await interaction.editReply(await answerQuestion(ctx, valid.value.text, interaction.id));
}
