/**
 * Builders for realistic Discord API v10 payloads (users, members, guilds, channels, messages,
 * interactions) used by the loopback fake in `fake-discord.ts`. Everything here is plain JSON in
 * Discord's wire format (snake_case), exactly what discord.js expects to receive.
 */

/** A JSON object in Discord's wire format (loosely typed on purpose: tests poke at arbitrary fields). */
// biome-ignore lint/suspicious/noExplicitAny: wire-format JSON
export type JsonObject = Record<string, any>;

/** Discord epoch (2015-01-01T00:00:00Z) in ms, used for snowflakes. */
export const DISCORD_EPOCH = 1420070400000n;

/** Permission bits (subset) as bigint, named like discord.js' PermissionFlagsBits. */
export const Perm = {
  CreateInstantInvite: 1n << 0n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** Default @everyone permissions of a fresh guild (what a normal member has). */
export const DEFAULT_MEMBER_PERMISSIONS = (
  Perm.CreateInstantInvite |
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.MentionEveryone |
  Perm.UseExternalEmojis |
  Perm.ChangeNickname |
  Perm.UseApplicationCommands |
  Perm.CreatePublicThreads |
  Perm.CreatePrivateThreads |
  Perm.SendMessagesInThreads
).toString();

/** Permissions a typical Q&A bot is invited with (its managed role). */
export const DEFAULT_BOT_PERMISSIONS = (
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.UseExternalEmojis |
  Perm.UseApplicationCommands |
  Perm.CreatePublicThreads |
  Perm.SendMessagesInThreads
).toString();

/** Gateway intent bits used by the fake's intent emulation. */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

export const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  ApplicationCommandAutocomplete: 4,
  ModalSubmit: 5,
} as const;

export const ApplicationCommandType = { ChatInput: 1, User: 2, Message: 3 } as const;

export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredMessageUpdate: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
  LaunchActivity: 12,
} as const;

export const MessageFlag = { Ephemeral: 1 << 6, Loading: 1 << 7 } as const;

/** Monotonic snowflake generator: real-looking 19-digit ids whose timestamp is "now". */
export class SnowflakeGenerator {
  private lastTs = 0n;
  private seq = 0n;
  next(): string {
    let ts = BigInt(Date.now()) - DISCORD_EPOCH;
    if (ts <= this.lastTs) {
      ts = this.lastTs;
      this.seq += 1n;
      if (this.seq > 0xfffn) {
        ts += 1n;
        this.seq = 0n;
      }
    } else {
      this.seq = 0n;
    }
    this.lastTs = ts;
    // worker 1, process 0
    return ((ts << 22n) | (1n << 17n) | this.seq).toString();
  }
}

export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** A bot token of the real shape: base64(user id).base64(timestamp).hmac — any string is accepted by the fake. */
export function fakeBotToken(botUserId: string): string {
  const b64 = (s: string) => Buffer.from(s).toString("base64url");
  return `${b64(botUserId)}.${b64("fake-ts")}.${"x".repeat(27)}`;
}

export interface ApiUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  system?: boolean;
  public_flags?: number;
  flags?: number;
  banner?: string | null;
  accent_color?: number | null;
  avatar_decoration_data?: unknown;
  [k: string]: unknown;
}

export function makeUser(partial: Partial<ApiUser> & { id: string }): ApiUser {
  const username = partial.username ?? `user${partial.id.slice(-4)}`;
  return {
    username,
    discriminator: "0",
    global_name: partial.bot ? null : username,
    avatar: null,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    ...partial,
  };
}

export function makeMember(
  user: ApiUser,
  opts: { roles?: string[]; joinedAt?: string; permissions?: string; withUser?: boolean } = {},
): JsonObject {
  const member: JsonObject = {
    avatar: null,
    banner: null,
    communication_disabled_until: null,
    deaf: false,
    flags: 0,
    joined_at: opts.joinedAt ?? "2024-01-01T00:00:00.000000+00:00",
    mute: false,
    nick: null,
    pending: false,
    premium_since: null,
    roles: opts.roles ?? [],
  };
  if (opts.withUser !== false) member.user = user;
  if (opts.permissions !== undefined) member.permissions = opts.permissions;
  return member;
}

export function makeRole(opts: {
  id: string;
  name: string;
  permissions: string;
  position?: number;
  managed?: boolean;
  botId?: string;
}): JsonObject {
  const role: JsonObject = {
    id: opts.id,
    name: opts.name,
    description: null,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: opts.position ?? 0,
    permissions: opts.permissions,
    managed: opts.managed ?? false,
    mentionable: false,
    flags: 0,
  };
  if (opts.botId) role.tags = { bot_id: opts.botId };
  return role;
}

export interface ChannelSpec {
  id: string;
  name: string;
  /** 0 = GUILD_TEXT (default), 4 = category, 5 = announcement, 15 = forum, 11/12 = threads */
  type?: number;
  parentId?: string | null;
  topic?: string | null;
  nsfw?: boolean;
  /** Forum (15) and media (16) channels: the tags posts can carry (`available_tags`). */
  availableTags?: { id: string; name: string; moderated?: boolean }[];
}

export function makeGuildChannel(spec: ChannelSpec, guildId: string, position = 0): JsonObject {
  const type = spec.type ?? 0;
  const forum =
    type === 15 || type === 16
      ? {
          available_tags: (spec.availableTags ?? []).map((t) => ({
            id: t.id,
            name: t.name,
            moderated: t.moderated ?? false,
            emoji_id: null,
            emoji_name: null,
          })),
          default_reaction_emoji: null,
          default_thread_rate_limit_per_user: 0,
          default_sort_order: null,
          default_forum_layout: 0,
          default_auto_archive_duration: 4320,
        }
      : {};
  return {
    ...forum,
    id: spec.id,
    type: spec.type ?? 0,
    guild_id: guildId,
    name: spec.name,
    position,
    permission_overwrites: [],
    parent_id: spec.parentId ?? null,
    topic: spec.topic ?? null,
    nsfw: spec.nsfw ?? false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    icon_emoji: null,
    theme_color: null,
  };
}

export function makeThreadChannel(opts: {
  id: string;
  guildId: string;
  parentId: string;
  ownerId: string;
  name: string;
  type?: number;
  autoArchiveDuration?: number;
  botUserId: string;
  now?: Date;
  /** Forum posts: ids of the forum tags applied to the post. */
  appliedTags?: string[];
  /** Whether the bot is a member of the thread (it is of threads it created; not of others' forum posts). */
  botIsMember?: boolean;
}): JsonObject {
  const now = (opts.now ?? new Date()).toISOString();
  return {
    id: opts.id,
    type: opts.type ?? 11,
    guild_id: opts.guildId,
    parent_id: opts.parentId,
    owner_id: opts.ownerId,
    name: opts.name,
    last_message_id: null,
    message_count: 0,
    member_count: 1,
    rate_limit_per_user: 0,
    flags: 0,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: opts.autoArchiveDuration ?? 1440,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
      ...(opts.type === 12 ? { invitable: true } : {}),
    },
    ...(opts.appliedTags ? { applied_tags: opts.appliedTags } : {}),
    ...(opts.botIsMember === false
      ? {}
      : { member: { id: opts.id, user_id: opts.botUserId, join_timestamp: now, flags: 0 } }),
  };
}

export function makeMessage(opts: {
  id: string;
  channelId: string;
  guildId?: string | null;
  author: ApiUser;
  member?: Record<string, unknown> | undefined;
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: unknown[];
  mentions?: unknown[];
  mentionRoles?: string[];
  mentionEveryone?: boolean;
  flags?: number;
  type?: number;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: Record<string, unknown>;
  messageReference?: Record<string, unknown>;
  referencedMessage?: Record<string, unknown> | null;
  timestamp?: string;
  editedTimestamp?: string | null;
  extra?: Record<string, unknown>;
}): JsonObject {
  const msg: JsonObject = {
    id: opts.id,
    type: opts.type ?? 0,
    channel_id: opts.channelId,
    author: opts.author,
    content: opts.content ?? "",
    timestamp: opts.timestamp ?? new Date(snowflakeTimestamp(opts.id)).toISOString(),
    edited_timestamp: opts.editedTimestamp ?? null,
    tts: false,
    mention_everyone: opts.mentionEveryone ?? false,
    mentions: opts.mentions ?? [],
    mention_roles: opts.mentionRoles ?? [],
    attachments: opts.attachments ?? [],
    embeds: opts.embeds ?? [],
    pinned: false,
    flags: opts.flags ?? 0,
    components: opts.components ?? [],
  };
  if (opts.guildId) msg.guild_id = opts.guildId;
  if (opts.member) msg.member = opts.member;
  if (opts.webhookId) msg.webhook_id = opts.webhookId;
  if (opts.applicationId) msg.application_id = opts.applicationId;
  if (opts.interactionMetadata) msg.interaction_metadata = opts.interactionMetadata;
  if (opts.messageReference) msg.message_reference = opts.messageReference;
  if (opts.referencedMessage !== undefined) msg.referenced_message = opts.referencedMessage;
  if (opts.extra) Object.assign(msg, opts.extra);
  return msg;
}

export type OptionValue = string | number | boolean;

/**
 * Application command options: either raw Discord option objects, or a shorthand record
 * `{ question: "why?", limit: 3, public: true }` (string→STRING(3), integer→INTEGER(4),
 * other number→NUMBER(10), boolean→BOOLEAN(5)).
 */
export type CommandOptionsInput = Array<Record<string, unknown>> | Record<string, OptionValue>;

export function normalizeOptions(input: CommandOptionsInput | undefined, focused?: string): Record<string, unknown>[] {
  if (!input) return [];
  if (Array.isArray(input)) return input;
  return Object.entries(input).map(([name, value]) => {
    const type = typeof value === "string" ? 3 : typeof value === "boolean" ? 5 : Number.isInteger(value) ? 4 : 10;
    const opt: Record<string, unknown> = { name, type, value };
    if (focused === name) opt.focused = true;
    return opt;
  });
}
