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
import type { Config } from "../../config.js";
import type { BuildSummary } from "../../indexing/build-index.js";
import type { BotContext } from "../context.js";
import { modeLabel, renderNotice } from "../render.js";
import { ephemeral, loggableError } from "../respond.js";

export const data = new SlashCommandBuilder()
  .setName("reindex")
  .setDescription("Rebuild the search index from the corpus (Manage Server only)")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

/**
 * What the admin sees after a rebuild: counts only. Skipped files and warnings name server folders and tell the
 * operator what to run; they are in the bot's log (the build logs each one), not in Discord.
 */
export function successText(s: BuildSummary, mode: string, seconds: string): string {
  const notes = [
    s.skipped.length > 0 ? `${s.skipped.length} file${s.skipped.length === 1 ? " was" : "s were"} skipped` : "",
    s.warnings.length > 0 ? `${s.warnings.length} warning${s.warnings.length === 1 ? "" : "s"} logged` : "",
  ].filter(Boolean);
  const details = notes.length > 0 ? `\n${notes.join(" and ")}: the details are in the bot's log.` : "";
  return `✅ The new index is serving: ${s.articles} articles, ${s.chunks} passages (${s.embedded} embedded, ${s.reused} reused, ${s.removed} removed), ${mode}, built in ${seconds} s.${details}`;
}

/** A failure reason without server paths: configured folders by name, any other absolute path by its last part. */
export function withoutPaths(text: string, config: Config): string {
  const named: [string | undefined, string][] = [
    [config.corpusDir, "the corpus folder"],
    [config.indexDir, "the index folder"],
    [config.embedding.modelsDir, "the models folder"],
    [config.embedding.cacheDir, "the model cache"],
  ];
  let out = text;
  for (const [dir, name] of named.sort((a, b) => (b[0]?.length ?? 0) - (a[0]?.length ?? 0)))
    if (dir) out = out.split(dir).join(name);
  return out.replace(/(?<![\w.])(?:\/[^\s/'"`]+)+\/([^\s/'"`]+)/g, "…/$1");
}

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
  const text = result.ok
    ? successText(result.value.summary, modeLabel(result.value.mode), seconds)
    : `⚠️ ${withoutPaths(result.error, ctx.config)}\nThe previous index keeps serving.`;
  try {
    await interaction.editReply(renderNotice(text));
  } catch (e) {
    // A rebuild can outlive the 15-minute interaction token; the outcome is logged either way.
    ctx.log.warn({ err: loggableError(e), outcome: text }, "reindex: could not report the outcome to the admin");
  }
}
