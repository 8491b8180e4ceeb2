/**
 * Every interaction goes through here: slash and context-menu commands (with the per-user cooldown for those that
 * query the index), autocomplete and buttons. A handler that throws is answered with an error message and logged;
 * the bot keeps running.
 */
import type { Interaction } from "discord.js";
import { handleButton } from "../buttons.js";
import type { BotContext, Command } from "../context.js";
import { slowDownMessage } from "../cooldowns.js";
import { renderNotice } from "../render.js";
import { ephemeral, reportFailure } from "../respond.js";

const describe = (i: Interaction): string => {
  if (i.isCommand() || i.isAutocomplete()) return `${i.isAutocomplete() ? "autocomplete " : ""}${i.commandName}`;
  if (i.isMessageComponent()) return `component ${i.customId}`;
  return `interaction type ${i.type}`;
};

export function interactionHandler(ctx: BotContext, commands: ReadonlyMap<string, Command>) {
  return async (interaction: Interaction): Promise<void> => {
    try {
      if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
        const command = commands.get(interaction.commandName);
        const kind = interaction.isChatInputCommand() ? "slash" : "message";
        if (!command || command.kind !== kind) {
          await interaction.reply(ephemeral(renderNotice("I don't know that command (any more). Try /help.")));
          return;
        }
        if (command.cooldown) {
          const slot = ctx.cooldowns.take(interaction.user.id);
          if (!slot.ok) {
            await interaction.reply(ephemeral(renderNotice(slowDownMessage(slot.retryAfterMs))));
            return;
          }
        }
        if (command.kind === "slash" && interaction.isChatInputCommand()) await command.execute(interaction, ctx);
        else if (command.kind === "message" && interaction.isMessageContextMenuCommand())
          await command.execute(interaction, ctx);
      } else if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        if (command?.kind === "slash" && command.autocomplete) await command.autocomplete(interaction, ctx);
        else await interaction.respond([]);
      } else if (interaction.isButton()) {
        await handleButton(interaction, ctx);
      }
    } catch (e) {
      await reportFailure(interaction, e, ctx.log, describe(interaction));
    }
  };
}
