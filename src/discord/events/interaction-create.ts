/**
 * Every interaction goes through here: slash and context-menu commands (with the per-user cooldown for those that
 * query the index, and the server's channel rules), autocomplete and buttons. A handler that throws is answered
 * with an error message and logged; the bot keeps running.
 */
import type { Interaction } from "discord.js";
import { mentionAllowed } from "../../store/guild-settings.js";
import { handleButton } from "../buttons.js";
import type { BotContext, Command } from "../context.js";
import { slowDownMessage } from "../cooldowns.js";
import { decodeButton } from "../custom-ids.js";
import { renderNotice } from "../render.js";
import { ephemeral, reportFailure } from "../respond.js";
import { recordQuestion } from "./conversation.js";

const describe = (i: Interaction): string => {
  if (i.isCommand() || i.isAutocomplete()) return `${i.isAutocomplete() ? "autocomplete " : ""}${i.commandName}`;
  if (i.isMessageComponent()) return `component ${i.customId}`;
  return `interaction type ${i.type}`;
};

/** Commands that work in every channel: help, and the admin commands an admin needs to fix the channel rules. */
const ANYWHERE = new Set(["help", "settings", "insights", "reindex", "import"]);

/** Commands whose answer is a question event (/insights) and can be followed up by replying to it. */
const QUESTION_SOURCES: Record<string, "ask" | "find-sources"> = { ask: "ask", "Find sources": "find-sources" };

export const CHANNEL_NOT_ALLOWED =
  "I don't answer questions in this channel (a server setting). Please ask in another channel, or ask a server admin about /settings.";

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
        const settings = ctx.settings(interaction.guildId);
        if (interaction.inGuild() && !ANYWHERE.has(command.data.name)) {
          const channel = interaction.channel;
          const parentId = channel?.isThread() ? channel.parentId : null;
          if (!mentionAllowed(settings, interaction.channelId, parentId)) {
            await interaction.reply(ephemeral(renderNotice(CHANNEL_NOT_ALLOWED)));
            return;
          }
        }
        if (command.cooldown) {
          const slot = ctx.cooldowns.take(interaction.user.id, settings.cooldownSeconds);
          if (!slot.ok) {
            await interaction.reply(ephemeral(renderNotice(slowDownMessage(slot.retryAfterMs))));
            return;
          }
        }
        if (command.kind === "slash" && interaction.isChatInputCommand()) await command.execute(interaction, ctx);
        else if (command.kind === "message" && interaction.isMessageContextMenuCommand())
          await command.execute(interaction, ctx);
        afterQuestion(ctx, interaction, command.data.name);
      } else if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        if (command?.kind === "slash" && command.autocomplete) await command.autocomplete(interaction, ctx);
        else await interaction.respond([]);
      } else if (interaction.isButton()) {
        const action = decodeButton(interaction.customId);
        const session = action && "session" in action ? action.session : undefined;
        // Votes are written with the server and the answer they belong to, for /insights.
        const feedback = ctx.feedback.scoped({ guild: interaction.guildId, ...(session ? { session } : {}) });
        await handleButton(interaction, { ...ctx, feedback });
      }
    } catch (e) {
      await reportFailure(interaction, e, ctx.log, describe(interaction));
    }
  };
}

/** /ask and Find sources: log the question, and let a reply to the answer be a follow-up. */
function afterQuestion(ctx: BotContext, interaction: Interaction, name: string): void {
  const source = QUESTION_SOURCES[name];
  if (!source) return;
  const outcome = recordQuestion(ctx, interaction.id, {
    guildId: interaction.guildId,
    ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
    userId: interaction.user.id,
    source,
  });
  if (!outcome || !interaction.guildId) return;
  // The answer message carries interaction_metadata.id = this interaction id: a reply to it finds the conversation.
  ctx.store.claimConversation({
    id: interaction.id,
    kind: "reply",
    guildId: interaction.guildId,
    askerHash: ctx.hashUser(interaction.user.id),
    question: outcome.answer.question,
  });
}
