/**
 * `/insights [days]`: for the people who keep the corpus, what it could not answer over the period: declined
 * questions, answers that got 👎, and the most asked topics. Manage Server only (registration and a check on every
 * invocation), and always private: it shows members' questions.
 */
import {
  type APIEmbed,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from "discord.js";
import { buildInsights, type InsightsReport } from "../../store/insights.js";
import type { BotContext } from "../context.js";
import { readFeedback } from "../feedback.js";
import { BRAND_COLOR, fitEscaped, LIMITS, type Payload } from "../render.js";
import { ephemeral, loggableError } from "../respond.js";

export const data = new SlashCommandBuilder()
  .setName("insights")
  .setDescription("What the corpus could not answer lately (Manage Server only)")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addIntegerOption((o) =>
    o.setName("days").setDescription("How many days back (default 7)").setMinValue(1).setMaxValue(365),
  );

export const REFUSAL =
  "Sorry, only members with the **Manage Server** permission can see the insights. Please ask a server admin.";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Each list item is cut to this, so three lists of ten always fit one message (6,000 characters). */
const ITEM_CHARS = 140;

/** Questions are members' text: shown inert (no mention pills, no markdown). */
const inert = (text: string) => fitEscaped(text, ITEM_CHARS).replace(/<(?=[@#:&!])/g, "<\u200b");

/**
 * Whole items, one per line, within `budget` characters; the rest is counted ("… and 3 more"), never cut in the
 * middle of an item.
 */
export function fitList(items: readonly string[], budget: number): string {
  if (items.length === 0) return "none";
  /** Room kept for the "… and N more" line whenever more items follow. */
  const NOTE = 24;
  const out: string[] = [];
  let used = 0;
  for (const [i, item] of items.entries()) {
    const last = i === items.length - 1;
    const next = used + (out.length > 0 ? 1 : 0) + item.length;
    if (next + (last ? 0 : NOTE) > budget) {
      out.push(`… and ${items.length - i} more`);
      break;
    }
    out.push(item);
    used = next;
  }
  return out.join("\n");
}

/** Characters for each of the three lists: one message holds 6,000 across its embeds (with a margin for titles). */
const LIST_BUDGET = Math.min(LIMITS.embedDescription, Math.floor((LIMITS.embedsTotal - 400) / 3));

export function renderInsights(r: InsightsReport, days: number, titleOf: (articleId: string) => string): Payload {
  const title = (id: string) => inert(titleOf(id));
  const embeds: APIEmbed[] = [
    {
      title: "Declined questions (the corpus had no answer)",
      description: fitList(
        r.declinedQuestions.map((d) => `**${d.count}×** ${inert(d.label)}`),
        LIST_BUDGET,
      ),
      color: BRAND_COLOR,
    },
    {
      title: "Answers that got 👎",
      description: fitList(
        r.downvoted.map(
          (d) =>
            `**${d.count}×** 👎 ${inert(d.label)}${d.articleIds.length ? ` → ${d.articleIds.map(title).join("; ")}` : ""}`,
        ),
        LIST_BUDGET,
      ),
      color: BRAND_COLOR,
    },
    {
      title: "Most asked topics",
      description: fitList(
        [
          ...r.topArticles.map((a) => `**${a.count}×** ${title(a.label)}`),
          ...(r.topWords.length > 0
            ? [`Words: ${r.topWords.map((w) => `${inert(w.label)} (${w.count})`).join(", ")}`]
            : []),
        ],
        LIST_BUDGET,
      ),
      color: BRAND_COLOR,
      footer: { text: "Questions are kept for the retention period set with /settings retention." },
    },
  ];
  return {
    content: `**Insights for the last ${days} day${days === 1 ? "" : "s"}**: ${r.questions} question${r.questions === 1 ? "" : "s"}, ${r.answered} answered, ${r.declined} declined.`,
    embeds,
    components: [],
    allowedMentions: { parse: [] },
  };
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild() || !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await interaction.reply(ephemeral({ content: REFUSAL, allowedMentions: { parse: [] } }));
    return;
  }
  const days = interaction.options.getInteger("days") ?? 7;
  await interaction.deferReply(ephemeral({}));
  const guildId = interaction.guildId;
  const until = Date.now();
  const since = until - days * DAY_MS;
  ctx.store.prune(guildId, ctx.settings(guildId).retentionDays);
  const votes = await readFeedback(ctx.config.discord.feedbackFile).catch((e: unknown) => {
    ctx.log.warn({ err: loggableError(e) }, "insights: could not read the feedback file");
    return [];
  });
  const report = buildInsights(ctx.store.questionEvents(guildId, since), votes, { since, until, guildId });
  const titles = new Map(ctx.holder.current.articles().map((a) => [a.id, a.title]));
  await interaction.editReply(renderInsights(report, days, (id) => titles.get(id) ?? id));
}
