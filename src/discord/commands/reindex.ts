/**
 * `/reindex`: rebuild the index from the corpus in the background and hot-swap it, without a restart. Manage Server
 * only: the registration hides it from others (default_member_permissions), and the handler checks again, because
 * server admins can override command permissions.
 */
import {
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from "discord.js";
import type { BotContext } from "../context.js";
import { modeLabel, renderNotice } from "../render.js";
import { ephemeral, loggableError } from "../respond.js";

export const data = new SlashCommandBuilder()
  .setName("reindex")
  .setDescription("Rebuild the search index from the corpus (Manage Server only)")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

export const REFUSAL =
  "Sorry, only members with the **Manage Server** permission can rebuild the index. If answers look out of date, please ask a server admin.";

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild() || !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await interaction.reply(ephemeral(renderNotice(REFUSAL)));
    return;
  }
  if (ctx.holder.rebuilding) {
    await interaction.reply(
      ephemeral(renderNotice("A rebuild is already running. The new index will serve as soon as it is ready.")),
    );
    return;
  }
  // Start before acknowledging, so a second /reindex arriving meanwhile already sees the rebuild running.
  const started = performance.now();
  const rebuild = ctx.holder.reindex();
  await interaction.reply(
    ephemeral(
      renderNotice(
        "Rebuilding the index in the background… Questions are still answered from the current index meanwhile; I will update this message when the new one is serving.",
      ),
    ),
  );
  const result = await rebuild;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  let text: string;
  if (result.ok) {
    const s = result.value.summary;
    const skipped =
      s.skipped.length > 0
        ? `\nSkipped ${s.skipped.length} file(s): ${s.skipped.map((f) => `${f.file} (${f.reason})`).join("; ")}`
        : "";
    const warnings = s.warnings.length > 0 ? `\nWarnings: ${s.warnings.join(" ")}` : "";
    text = `✅ The new index is serving: ${s.articles} articles, ${s.chunks} passages (${s.embedded} embedded, ${s.reused} reused, ${s.removed} removed), ${modeLabel(result.value.mode)}, built in ${seconds} s.${skipped}${warnings}`;
  } else {
    text = `⚠️ ${result.error}\nThe previous index keeps serving.`;
  }
  try {
    await interaction.editReply(renderNotice(text));
  } catch (e) {
    // A rebuild can outlive the 15-minute interaction token; the outcome is logged either way.
    ctx.log.warn({ err: loggableError(e), outcome: text }, "reindex: could not report the outcome to the admin");
  }
}
