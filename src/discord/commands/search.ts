/** `/search query:<text> [k:<1-10>]`: a compact ranked list of passages (title, one-line quote, score). */
import { type ChatInputCommandInteraction, SlashCommandBuilder } from "discord.js";
import { describeError } from "../../errors.js";
import { isQuestionProblem } from "../answer-question.js";
import type { BotContext } from "../context.js";
import { renderNotice, renderSearch } from "../render.js";

export const data = new SlashCommandBuilder()
  .setName("search")
  .setDescription("List the passages that best match a query")
  .addStringOption((o) => o.setName("query").setDescription("Words to look for").setRequired(true).setMaxLength(6000))
  .addIntegerOption((o) =>
    o.setName("k").setDescription("How many passages (1-10, default 5)").setMinValue(1).setMaxValue(10),
  );

export const cooldown = true;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const query = interaction.options.getString("query", true);
  // Discord enforces 1-10 for registered commands; clamp anyway for stale registrations.
  const k = Math.max(1, Math.min(10, interaction.options.getInteger("k") ?? 5));
  await interaction.deferReply();
  try {
    const { hits, mode } = await ctx.holder.use(async (engine) => ({
      hits: await engine.lookup(query, k),
      mode: engine.mode,
    }));
    await interaction.editReply(renderSearch(query, hits, mode));
  } catch (e) {
    if (!isQuestionProblem(e)) throw e;
    await interaction.editReply(renderNotice(describeError(e)));
  }
}
