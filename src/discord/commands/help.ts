/** `/help`: what the bot does and how to ask. */
import { type ChatInputCommandInteraction, SlashCommandBuilder } from "discord.js";
import type { BotContext } from "../context.js";
import { renderHelp } from "../render.js";
import { ephemeral } from "../respond.js";

export const data = new SlashCommandBuilder().setName("help").setDescription("What this bot does and how to ask");

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const engine = ctx.holder.current;
  // What applies here: a server's /settings override the environment's defaults.
  const settings = ctx.settings(interaction.guildId);
  await interaction.reply(
    ephemeral(
      renderHelp({
        articles: engine.articles().length,
        mode: engine.mode,
        cooldownSeconds: settings.cooldownSeconds,
        replyInThread: settings.replyInThread,
      }),
    ),
  );
}
