/** `/ask question:<text> [private:<bool>]`: quotes that answer the question, with citations and buttons. */
import { type ChatInputCommandInteraction, MessageFlags, SlashCommandBuilder } from "discord.js";
import { answerQuestion } from "../answer-question.js";
import type { BotContext } from "../context.js";

export const data = new SlashCommandBuilder()
  .setName("ask")
  .setDescription("Ask a question; get quoted passages from the corpus, with citations")
  .addStringOption((o) =>
    o.setName("question").setDescription("What do you want to know?").setRequired(true).setMaxLength(6000),
  )
  .addBooleanOption((o) => o.setName("private").setDescription("Show the answer to you only"));

export const cooldown = true;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const question = interaction.options.getString("question", true);
  const isPrivate = interaction.options.getBoolean("private") ?? false;
  // Acknowledge first: Discord allows 3 seconds, and a question can take longer under load.
  await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
  await interaction.editReply(await answerQuestion(ctx, question, interaction.id));
}
