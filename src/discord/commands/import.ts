/**
 * `/import url:<url>`: import one article page into the corpus, rebuild the index incrementally and hot-swap it
 * (as `/reindex` does), then answer with the new article's title and citation. Manage Server only: the
 * registration hides it from others (default_member_permissions), and the handler checks again, because server
 * admins can override command permissions. A Discord user typed the URL, so the address guard is on (private,
 * loopback, link-local … addresses refused after DNS and after every redirect) unless IMPORT_ALLOW_PRIVATE_ADDRESSES
 * is set for tests.
 */
import {
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from "discord.js";
import { urlRefusal } from "../../import/address-guard.js";
import { importPages } from "../../import/import-pages.js";
import { createImporter, type ImporterOptions } from "../../import/importer.js";
import { oneAtATime } from "../../import/one-at-a-time.js";
import { rebuildAfterImport } from "../../import/rebuild-after-import.js";
import type { BotContext } from "../context.js";
import { citationLine, fitEscaped, modeLabel, renderNotice } from "../render.js";
import { ephemeral, loggableError } from "../respond.js";

export const data = new SlashCommandBuilder()
  .setName("import")
  .setDescription("Import an article page into the corpus and update the index (Manage Server only)")
  .addStringOption((o) =>
    o.setName("url").setDescription("The article's address (http or https)").setRequired(true).setMaxLength(2000),
  )
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

export const REFUSAL =
  "Sorry, only members with the **Manage Server** permission can import articles. Please ask a server admin.";

/** The handler; `options.policy` replaces the address policy (tests prove a refused redirect with it). */
export function importExecute(options: ImporterOptions = {}) {
  return async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
    if (!interaction.inGuild() || !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      await interaction.reply(ephemeral(renderNotice(REFUSAL)));
      return;
    }
    const raw = interaction.options.getString("url", true).trim();
    const shown = fitEscaped(raw, 300);
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    const refused = url ? urlRefusal(url) : "that is not a valid URL";
    if (refused) {
      await interaction.reply(ephemeral(renderNotice(`⚠️ Not imported: ${refused}.`)));
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const say = async (text: string) => {
      try {
        await interaction.editReply(renderNotice(text));
      } catch (e) {
        // A fetch plus a rebuild can outlive the interaction token; the outcome is logged either way.
        ctx.log.warn({ err: loggableError(e), outcome: text }, "import: could not report the outcome to the admin");
      }
    };
    const run = await oneAtATime(() => importPages([raw], createImporter(ctx.config, ctx.log, options)));
    const skipped = run.skipped[0];
    if (skipped) {
      await say(`⚠️ Not imported: ${shown}\n${fitEscaped(skipped.reason, 1500)}.`);
      return;
    }
    const article = run.imported[0]!;
    ctx.log.info({ url: article.url, file: article.file }, "import: article written");
    const rebuilt = await rebuildAfterImport(ctx.holder);
    const heading = `**${fitEscaped(article.title, 250)}**\n${citationLine({
      id: article.file,
      title: article.title,
      url: article.url,
      publisher: article.publisher,
      published: article.published,
      author: article.author,
      source: article.file,
    })}`;
    if (!rebuilt.ok) {
      await say(
        `⚠️ ${article.updated ? "Updated" : "Imported"} ${heading}\nas \`${article.file}\`, but ${rebuilt.error}\nThe previous index keeps serving; try /reindex.`,
      );
      return;
    }
    const s = rebuilt.value.summary;
    await say(
      `✅ ${article.updated ? "Updated" : "Imported"} ${heading}\nThe new index is serving: ${s.articles} articles, ${s.chunks} passages, ${modeLabel(rebuilt.value.mode)}.`,
    );
  };
}

export const execute = importExecute();
