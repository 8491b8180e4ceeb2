/**
 * `/settings`: how the bot behaves in this server, one subcommand per setting, plus `show` and `reset`. Manage
 * Server only: the registration hides it from others (default_member_permissions), and every invocation is checked
 * again here, because server admins can override command permissions. Every change is confirmed privately and
 * logged (who, what).
 */
import {
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from "discord.js";
import type { SettingsUpdate } from "../../store/bot-store.js";
import { type GuildSettings, MENTION_MODES, toggled } from "../../store/guild-settings.js";
import type { BotContext, EffectiveSettings } from "../context.js";
import { fitEscaped, type Payload } from "../render.js";
import { ephemeral } from "../respond.js";

const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum] as const;

export const data = new SlashCommandBuilder()
  .setName("settings")
  .setDescription("How quotebot behaves in this server (Manage Server only)")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) => s.setName("show").setDescription("Show the current settings"))
  .addSubcommand((s) =>
    s
      .setName("mention-mode")
      .setDescription("Where mentions and questions are answered")
      .addStringOption((o) =>
        o
          .setName("mode")
          .setDescription("all channels, only the allow-list, or all but the deny-list")
          .setRequired(true)
          .addChoices(...MENTION_MODES.map((m) => ({ name: m, value: m }))),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName("allow-channel")
      .setDescription("Add a channel to the allow-list (or remove it)")
      .addChannelOption((o) =>
        o
          .setName("channel")
          .setDescription("The channel")
          .setRequired(true)
          .addChannelTypes(...TEXT_CHANNELS),
      )
      .addBooleanOption((o) => o.setName("remove").setDescription("Remove it from the list instead")),
  )
  .addSubcommand((s) =>
    s
      .setName("deny-channel")
      .setDescription("Add a channel to the deny-list (or remove it)")
      .addChannelOption((o) =>
        o
          .setName("channel")
          .setDescription("The channel")
          .setRequired(true)
          .addChannelTypes(...TEXT_CHANNELS),
      )
      .addBooleanOption((o) => o.setName("remove").setDescription("Remove it from the list instead")),
  )
  .addSubcommand((s) =>
    s
      .setName("forum")
      .setDescription("Answer new posts in a forum channel automatically (or stop)")
      .addChannelOption((o) =>
        o
          .setName("channel")
          .setDescription("The forum channel")
          .setRequired(true)
          .addChannelTypes(ChannelType.GuildForum),
      )
      .addBooleanOption((o) => o.setName("remove").setDescription("Stop auto-answering there")),
  )
  .addSubcommand((s) =>
    s
      .setName("reply-in-thread")
      .setDescription("Answer mentions in a new thread instead of a reply")
      .addBooleanOption((o) => o.setName("enabled").setDescription("On or off").setRequired(true)),
  )
  .addSubcommand((s) =>
    s
      .setName("cooldown")
      .setDescription("Seconds between two questions of one member (0 turns it off)")
      .addIntegerOption((o) =>
        o.setName("seconds").setDescription("0-3600").setRequired(true).setMinValue(0).setMaxValue(3600),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName("declined")
      .setDescription("What to do when the corpus has no answer (mentions, follow-ups, forum posts)")
      .addStringOption((o) =>
        o
          .setName("action")
          .setDescription("reply: 'nothing found' with the closest articles; silence: say nothing")
          .setRequired(true)
          .addChoices({ name: "reply", value: "reply" }, { name: "silence", value: "silence" }),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName("solved-tag")
      .setDescription("Forum posts with this tag are not answered")
      .addStringOption((o) =>
        o.setName("name").setDescription("Tag name (default: solved)").setRequired(true).setMaxLength(20),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName("follow-ups")
      .setDescription("Follow-up questions answered without a mention in a conversation")
      .addIntegerOption((o) =>
        o
          .setName("limit")
          .setDescription("Follow-ups per conversation (0 turns them off)")
          .setRequired(true)
          .setMinValue(0)
          .setMaxValue(20),
      )
      .addBooleanOption((o) =>
        o.setName("anyone").setDescription("Anyone's messages count, not only the original asker's"),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName("retention")
      .setDescription("Days questions are kept for /insights")
      .addIntegerOption((o) =>
        o.setName("days").setDescription("1-365").setRequired(true).setMinValue(1).setMaxValue(365),
      ),
  )
  .addSubcommand((s) => s.setName("reset").setDescription("Restore every setting to its default"));

/**
 * A private notice whose channel mentions show as channel names (renderNotice makes every mention plain text).
 * Channel mentions never ping, and nothing is parsed for mentions anyway.
 */
const renderNotice = (content: string): Payload => ({
  content,
  embeds: [],
  components: [],
  allowedMentions: { parse: [] },
});

export const REFUSAL =
  "Sorry, only members with the **Manage Server** permission can change quotebot's settings. Please ask a server admin.";

const channels = (ids: readonly string[]) => (ids.length > 0 ? ids.map((id) => `<#${id}>`).join(", ") : "none");

/** The settings as a short list (channel mentions render as names and never ping). */
export function describeSettings(s: EffectiveSettings): string {
  const where =
    s.mentionMode === "all"
      ? "all channels"
      : s.mentionMode === "allow-list"
        ? `only ${channels(s.allowedChannels)}`
        : `all channels except ${channels(s.deniedChannels)}`;
  return [
    `• Mentions and questions answered in: ${where}`,
    `• Allow-list: ${channels(s.allowedChannels)} · deny-list: ${channels(s.deniedChannels)}`,
    `• Forum channels auto-answered: ${channels(s.forumChannels)} (posts tagged “${fitEscaped(s.solvedTag, 20)}” are skipped)`,
    `• Reply in a thread: ${s.replyInThread ? "on" : "off"}`,
    `• Cooldown: ${s.cooldownSeconds} s`,
    `• Questions the corpus cannot answer: ${s.declined === "reply" ? "reply with the closest articles" : "silence"}`,
    `• Follow-ups: ${s.followUpLimit === 0 ? "off" : `up to ${s.followUpLimit} per conversation, from ${s.followUpsFromAnyone ? "anyone" : "the original asker only"}`}`,
    `• Questions kept for /insights: ${s.retentionDays} days`,
  ].join("\n");
}

type Change = { change: Partial<GuildSettings>; said: string } | { error: string };

/** The subcommand as a change of settings, or why it cannot be one. */
function changeFor(interaction: ChatInputCommandInteraction, current: GuildSettings): Change {
  const sub = interaction.options.getSubcommand(true);
  const remove = interaction.options.getBoolean("remove") ?? false;
  switch (sub) {
    case "mention-mode": {
      const mode = interaction.options.getString("mode", true) as GuildSettings["mentionMode"];
      return { change: { mentionMode: mode }, said: `Mention mode is now **${mode}**.` };
    }
    case "allow-channel":
    case "deny-channel":
    case "forum": {
      const channel = interaction.options.getChannel("channel", true);
      if (sub === "forum" && channel.type !== ChannelType.GuildForum)
        return { error: `<#${channel.id}> is not a forum channel.` };
      const key = sub === "forum" ? "forumChannels" : sub === "allow-channel" ? "allowedChannels" : "deniedChannels";
      const list = toggled(current[key], channel.id, remove);
      const name = sub === "forum" ? "auto-answered forums" : sub === "allow-channel" ? "allow-list" : "deny-list";
      return {
        change: { [key]: list },
        said: `${remove ? "Removed" : "Added"} <#${channel.id}> ${remove ? "from" : "to"} the ${name}.`,
      };
    }
    case "reply-in-thread": {
      const on = interaction.options.getBoolean("enabled", true);
      return { change: { replyInThread: on }, said: `Reply in a thread is now **${on ? "on" : "off"}**.` };
    }
    case "cooldown": {
      const seconds = interaction.options.getInteger("seconds", true);
      return { change: { cooldownSeconds: seconds }, said: `The cooldown is now **${seconds} s**.` };
    }
    case "declined": {
      const action = interaction.options.getString("action", true) as GuildSettings["declined"];
      return {
        change: { declined: action },
        said: `Questions the corpus cannot answer now get **${action === "reply" ? "a reply with the closest articles" : "silence"}**.`,
      };
    }
    case "solved-tag": {
      const name = interaction.options.getString("name", true).trim();
      return { change: { solvedTag: name }, said: `Forum posts tagged **${fitEscaped(name, 20)}** are skipped.` };
    }
    case "follow-ups": {
      const limit = interaction.options.getInteger("limit", true);
      const anyone = interaction.options.getBoolean("anyone");
      const change: Partial<GuildSettings> = { followUpLimit: limit };
      if (anyone !== null) change.followUpsFromAnyone = anyone;
      const who = (anyone ?? current.followUpsFromAnyone) ? "anyone" : "the original asker only";
      return {
        change,
        said:
          limit === 0 ? "Follow-ups are now **off**." : `Up to **${limit}** follow-ups per conversation, from ${who}.`,
      };
    }
    case "retention": {
      const days = interaction.options.getInteger("days", true);
      return { change: { retentionDays: days }, said: `Questions are now kept for **${days} days**.` };
    }
    default:
      return { error: `Unknown setting “${sub}”.` };
  }
}

const NOT_PERSISTED =
  "\n⚠️ The settings database is unavailable, so this lasts only until the bot restarts (the operator log says why).";

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild() || !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    await interaction.reply(ephemeral(renderNotice(REFUSAL)));
    return;
  }
  const guildId = interaction.guildId;
  const sub = interaction.options.getSubcommand(true);
  const log = ctx.log.child({ guild: guildId, user: interaction.user.id });
  if (sub === "show") {
    const note = ctx.store.persistent ? "" : NOT_PERSISTED;
    await interaction.reply(
      ephemeral(renderNotice(`**quotebot settings**\n${describeSettings(ctx.settings(guildId))}${note}`)),
    );
    return;
  }
  if (sub === "reset") {
    const done = ctx.store.resetSettings(guildId);
    if (done) log.info({ setting: "all" }, "settings reset to defaults");
    await interaction.reply(
      ephemeral(
        renderNotice(
          done
            ? `✅ Every setting is back to its default.\n${describeSettings(ctx.settings(guildId))}`
            : "⚠️ The settings database is not writable right now; nothing was changed.",
        ),
      ),
    );
    return;
  }
  const current = ctx.store.settings(guildId);
  const wanted = changeFor(interaction, current);
  if ("error" in wanted) {
    await interaction.reply(ephemeral(renderNotice(`⚠️ ${wanted.error} Nothing was changed.`)));
    return;
  }
  const result: SettingsUpdate = ctx.store.updateSettings(guildId, wanted.change, interaction.user.id);
  if (!result.ok) {
    await interaction.reply(ephemeral(renderNotice(`⚠️ ${result.error}.`)));
    return;
  }
  log.info({ change: wanted.change, persisted: result.persisted }, "settings changed");
  await interaction.reply(ephemeral(renderNotice(`✅ ${wanted.said}${result.persisted ? "" : NOT_PERSISTED}`)));
}
