/** `/search query:<text> [k:<1-10>]`: a compact ranked list of passages (title, one-line quote, score). */
import { type ChatInputCommandInteraction, SlashCommandBuilder } from "discord.js";
import { describeError } from "../../errors.js";
import { DEFAULT_MAX_QUESTION_CHARS, validateQuestion } from "../../retrieval/validate-question.js";
import { isQuestionProblem } from "../answer-question.js";
import type { BotContext } from "../context.js";
import { renderNotice, renderSearch } from "../render.js";
import { ephemeral } from "../respond.js";

export const data = new SlashCommandBuilder()
  .setName("search")
  .setDescription("List the passages that best match a query")
  .addStringOption((o) =>
    o.setName("query").setDescription("Words to look for").setRequired(true).setMaxLength(DEFAULT_MAX_QUESTION_CHARS),
  )
  .addIntegerOption((o) =>
    o.setName("k").setDescription("How many passages (1-10, default 5)").setMinValue(1).setMaxValue(10),
  );

export const cooldown = true;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const raw = interaction.options.getString("query", true);
  // Discord enforces 1-10 for registered commands; clamp anyway for stale registrations.
  const k = Math.max(1, Math.min(10, interaction.options.getInteger("k") ?? 5));
  // An unsearchable query is refused before anything is posted, and only to the user; the header shows the
  // query as it is searched (without mentions or URLs).
  const valid = validateQuestion(raw, ctx.config.retrieval.maxQuestionChars);
  if (!valid.ok) {
    await interaction.reply(ephemeral(renderNotice(valid.error.message)));
    return;
  }
  const query = valid.value.text;
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
