/** `/sources [page]`: the corpus' articles, ten per page, with previous/next buttons. */
import { type ButtonInteraction, type ChatInputCommandInteraction, SlashCommandBuilder } from "discord.js";
import type { BotContext } from "../context.js";
import { renderSources } from "../render.js";
import { ephemeral } from "../respond.js";

export const data = new SlashCommandBuilder()
  .setName("sources")
  .setDescription("List the articles the bot can quote")
  .addIntegerOption((o) => o.setName("page").setDescription("Page number").setMinValue(1));

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const page = (interaction.options.getInteger("page") ?? 1) - 1;
  const engine = ctx.holder.current;
  await interaction.reply(renderSources(engine.articles(), page, engine.mode));
}

/** A previous/next click: replace the list in place, or (`inPlace` false) show the page to the clicker only. */
export async function showPage(
  interaction: ButtonInteraction,
  ctx: BotContext,
  page: number,
  inPlace = true,
): Promise<void> {
  const engine = ctx.holder.current;
  const view = renderSources(engine.articles(), page, engine.mode);
  if (inPlace) await interaction.update(view);
  else await interaction.reply(ephemeral(view));
}
