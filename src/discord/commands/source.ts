/** `/source article:<title>`: one article's metadata, first paragraph and link, with title autocomplete. */
import { createHash } from "node:crypto";
import { type AutocompleteInteraction, type ChatInputCommandInteraction, SlashCommandBuilder } from "discord.js";
import type { QueryService } from "../../query-service.js";
import type { ArticleMeta } from "../../types.js";
import type { BotContext } from "../context.js";
import { articleChoices, fitEscaped, LIMITS, renderNotice, renderSource } from "../render.js";
import { ephemeral } from "../respond.js";

export const data = new SlashCommandBuilder()
  .setName("source")
  .setDescription("Show one article of the corpus: details, first paragraph and link")
  .addStringOption((o) =>
    o.setName("article").setDescription("Start typing a title").setRequired(true).setAutocomplete(true),
  );

/** Choice values are capped at 100 characters: long article ids travel as a hash. */
export function choiceValue(a: ArticleMeta): string {
  return a.id.length <= LIMITS.choiceValue ? a.id : `sha1:${createHash("sha1").update(a.id).digest("hex")}`;
}

/** The article a choice value (or a typed title, when the user did not pick a suggestion) refers to. */
export function resolveArticle(engine: QueryService, value: string): ArticleMeta | undefined {
  const all = engine.articles();
  const typed = value.trim().toLowerCase();
  return (
    all.find((a) => a.id === value || choiceValue(a) === value) ??
    all.find((a) => a.title.trim().toLowerCase() === typed) ??
    (typed ? engine.findArticles(typed, 1)[0] : undefined)
  );
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? "");
  const matches = ctx.holder.current.findArticles(typed, LIMITS.choices);
  await interaction.respond(articleChoices(matches, choiceValue));
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const value = interaction.options.getString("article", true);
  const engine = ctx.holder.current;
  const meta = resolveArticle(engine, value);
  if (!meta) {
    const shown = fitEscaped(value, 200);
    await interaction.reply(
      ephemeral(
        renderNotice(`No article matches “${shown}”. Pick a title from the suggestions, or list them with /sources.`),
      ),
    );
    return;
  }
  const stored = engine.article(meta.id);
  await interaction.reply(renderSource({ ...meta, lead: stored?.lead }));
}
