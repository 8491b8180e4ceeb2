/**
 * Loopback fake of Discord's REST API (v10) and gateway, for driving the REAL discord.js `Client`
 * in end-to-end tests without network access.
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({ intents: [...], rest: { api: fake.apiUrl } });
 *   await client.login(fake.token);          // any string works unless `token` option is set
 *   await fake.waitForIdentify();
 *   const ix = fake.sendSlashCommand({ name: "ask", options: { question: "why?" } });
 *   const edit = await fake.waitForRequest(isOriginalEdit(ix));
 *
 * Only 127.0.0.1 is used. See README.md in this folder for details and discord.js quirks.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import zlib from "node:zlib";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import {
  type ApiUser,
  ApplicationCommandType,
  CallbackType,
  type ChannelSpec,
  type CommandOptionsInput,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_MEMBER_PERMISSIONS,
  fakeBotToken,
  Intent,
  InteractionType,
  MessageFlag,
  makeGuildChannel,
  makeMember,
  makeMessage,
  makeRole,
  makeThreadChannel,
  makeUser,
  normalizeOptions,
  SnowflakeGenerator,
} from "./payloads.ts";

export * from "./payloads.ts";

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON bodies are arbitrary; tests read them freely
type Json = any;

export interface RecordedFile {
  /** multipart field name, e.g. "files[0]" */
  field: string;
  /** file name as sent */
  name: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Path without the `/api/v10` prefix, each segment URL-decoded (so `%40original` reads `@original`). */
  path: string;
  /** Path as sent (still URL-encoded), without the `/api/vN` prefix. */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; for multipart, the parsed `payload_json` (files are in `files`); undefined if empty. */
  body: Json;
  files: RecordedFile[];
  /** Date.now() when the request arrived. */
  at: number;
  /** HTTP status the fake answered with (429 for injected rate limits, etc.). */
  status: number;
  /** JSON the fake answered with (undefined for 204). */
  response: Json;
}

export interface GatewayFrame {
  op: number;
  d: Json;
  s?: number | null;
  t?: string | null;
  /** Date.now() when received */
  at: number;
  connectionId: number;
}

/**
 * How to select REST requests for `rateLimitNext`, `failNext`, `delayNext`, `override`:
 * - a function `(method, path, req) => boolean` (path as in RecordedRequest.path), or
 * - a string pattern `"PATCH /webhooks/:app/:token/messages/@original"`, where `:x` matches one path
 *   segment, a trailing `*` matches the rest, and the method may be `*`; or
 * - a RegExp tested against `"METHOD /path"`.
 */
export type RequestMatcher = ((method: string, path: string, req: RecordedRequest) => boolean) | string | RegExp;

export interface FakeDiscordOptions {
  botUserId?: string;
  botUsername?: string;
  /** Defaults to botUserId (true for every bot application created since 2019). */
  applicationId?: string;
  guildId?: string;
  guildName?: string;
  /** The default text channel used by the send* helpers. */
  channelId?: string;
  channelName?: string;
  /** More guild channels to include in GUILD_CREATE. */
  extraChannels?: ChannelSpec[];
  /** Default invoking user of interactions / author of messages. */
  userId?: string;
  username?: string;
  /** If set, REST calls with another bot token get 401 and IDENTIFY with another token is closed with 4004. */
  token?: string;
  /** Bot's guild permissions (decimal string). Default: a typical Q&A bot invite (no admin). */
  botPermissions?: string;
  /** Default `member.permissions` of the invoking user. Default: @everyone defaults. */
  memberPermissions?: string;
  /** HELLO heartbeat_interval in ms (default 41250 like Discord). */
  heartbeatIntervalMs?: number;
  /**
   * Emulate intent gating (default true): no GUILD_CREATE without Guilds, no guild MESSAGE_CREATE without
   * GuildMessages, and empty content/embeds/attachments/components without MessageContent unless the
   * message mentions the bot or was sent by it.
   */
  emulateIntents?: boolean;
  /** Which privileged intents the "developer portal" allows (default: all). Others close the gateway with 4014. */
  privilegedIntents?: { messageContent?: boolean; guildMembers?: boolean; guildPresences?: boolean };
  /** Validate message bodies like Discord (2000-char content, embed limits, empty messages). Default true. */
  validateMessages?: boolean;
  /**
   * If set, an interaction callback arriving later than this many ms after the INTERACTION_CREATE dispatch
   * gets Discord's `404 Unknown interaction (10062)`. Real Discord: 3000. Default: not enforced.
   */
  callbackDeadlineMs?: number;
  /** Dispatch MESSAGE_CREATE for messages the bot posts with POST /channels/:id/messages (default true, like Discord). */
  echoBotMessages?: boolean;
}

export interface SentInteraction {
  id: string;
  token: string;
  /** The full INTERACTION_CREATE payload that was dispatched. */
  payload: Json;
}

export interface InteractionState {
  id: string;
  token: string;
  type: number;
  name?: string;
  customId?: string;
  channelId: string;
  dispatchedAt: number;
  /** Callback type (4, 5, 6, 7, 8, 9…) once acknowledged. */
  callbackType?: number;
  callbackAt?: number;
  /** Callback body as sent by the bot. */
  callbackBody?: Json;
  originalMessageId?: string;
  /** Ids of follow-up messages. */
  followUpIds: string[];
  /** For component/modal interactions: the message the component was on. */
  sourceMessageId?: string;
}

export interface InteractionUserOptions {
  /** Invoking user (merged over the default user). */
  user?: Partial<ApiUser>;
  /** `member.permissions` of the invoker (decimal string); "8" = Administrator. */
  permissions?: string;
  /** Role ids of the invoking member. */
  roles?: string[];
  /** Channel the interaction happens in (default: the default channel). */
  channelId?: string;
  /** Send as a DM interaction (no guild/member; `user` instead of `member`). */
  dm?: boolean;
  locale?: string;
  /** Extra top-level fields merged into the payload (escape hatch). */
  extra?: Record<string, unknown>;
}

export interface SlashCommandOptions extends InteractionUserOptions {
  name: string;
  /** Raw Discord options, or shorthand `{ question: "why?" }`. */
  options?: CommandOptionsInput;
  /** 1 chat input (default), 2 user, 3 message. */
  commandType?: number;
  targetId?: string;
  resolved?: Json;
  /** Command id; default: id of the registered command of that name, else a stable generated id. */
  commandId?: string;
}

export interface AutocompleteOptions extends InteractionUserOptions {
  name: string;
  options: CommandOptionsInput;
  /** Name of the focused option when using the shorthand (default: the last one). */
  focused?: string;
  commandId?: string;
}

export interface ComponentOptions extends InteractionUserOptions {
  customId: string;
  /** 2 button (default), 3 string select, 5 user select, 6 role, 7 mentionable, 8 channel. */
  componentType?: number;
  values?: string[];
  /** Message the component is on (merged over a default bot message that carries the component). */
  message?: Json;
}

export interface MessageContextMenuOptions extends InteractionUserOptions {
  name: string;
  /** Target message (merged over a default message by the default user in the channel). */
  message: Json;
  commandId?: string;
}

export interface UserContextMenuOptions extends InteractionUserOptions {
  name: string;
  target: Partial<ApiUser>;
  commandId?: string;
}

export interface ModalSubmitOptions extends InteractionUserOptions {
  customId: string;
  /** text input custom_id → value */
  fields: Record<string, string>;
  /** Message the modal was opened from (component-originated modals). */
  message?: Json;
}

export interface SendMessageOptions {
  content: string;
  /** Adds the bot to `mentions` and prefixes `<@bot>` to content if it is not already there. */
  mentionsBot?: boolean;
  author?: Partial<ApiUser>;
  channelId?: string;
  /** Message id this message replies to (adds message_reference + referenced_message). */
  replyTo?: string;
  attachments?: Json[];
  embeds?: Json[];
  /** Extra fields merged into the MESSAGE_CREATE payload. */
  extra?: Record<string, unknown>;
}

export interface ForumPostOptions {
  /** The forum channel (type 15) the post is made in; it must be one of the guild's channels. */
  forumId: string;
  /** The post's title (the thread name). */
  title: string;
  /** The starter message's text. */
  content: string;
  /** The poster (default: the default user). */
  author?: Partial<ApiUser>;
  /** Ids of forum tags applied to the post (they should be among the forum's `availableTags`). */
  appliedTags?: string[];
  attachments?: Json[];
}

export interface ForumPost {
  /** The post's thread id, which is also its starter message's id (as on Discord). */
  threadId: string;
  messageId: string;
}

export interface RateLimitOptions {
  /** Retry-After seconds; keep small (0.05–0.2) for fast tests. Default 0.1. */
  retryAfterSeconds?: number;
  /** Global rate limit (adds X-RateLimit-Global, scope "global"). */
  global?: boolean;
  /** How many matching requests get a 429 (default 1). */
  count?: number;
  /** X-RateLimit-Scope: "user" (default), "global" or "shared". */
  scope?: "user" | "global" | "shared";
}

export interface FakeResponse {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api` — pass as `rest: { api }`. */
  apiUrl: string;
  /** `ws://127.0.0.1:PORT/gateway` — returned by GET /gateway/bot and as resume_gateway_url. */
  gatewayUrl: string;
  /** A token of the real shape for `client.login()` (any non-empty string works unless `token` was set). */
  token: string;
  ids: {
    botUserId: string;
    applicationId: string;
    guildId: string;
    channelId: string;
    userId: string;
    botRoleId: string;
  };
  botUser: ApiUser;
  /** Default invoking user / message author. */
  user: ApiUser;
  /** Every REST request, in the order answered (including 429s, errors and unknown routes). */
  requests: RecordedRequest[];
  /** Every frame received from gateway clients (heartbeats, identify, presence…). */
  gatewayFrames: GatewayFrame[];
  /** The last IDENTIFY payload (`d`), once received. */
  identify: Json | undefined;
  /** Interaction bookkeeping, by interaction id. */
  interactions: Map<string, InteractionState>;
  /** Every message the fake knows (sent by helpers or created via REST), by id. */
  messages: Map<string, Json>;
  /** Registered application commands (global), by name. */
  globalCommands: Map<string, Json>;
  /** Registered guild commands: guildId → name → command. */
  guildCommands: Map<string, Map<string, Json>>;

  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  waitForRequests(pred: (r: RecordedRequest) => boolean, count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  findRequests(pred: (r: RecordedRequest) => boolean): RecordedRequest[];
  clearRequests(): void;
  /** Resolves once a client has identified and READY (+ GUILD_CREATE) were sent. */
  waitForIdentify(timeoutMs?: number): Promise<void>;
  waitForGatewayFrame(pred: (f: GatewayFrame) => boolean, timeoutMs?: number): Promise<GatewayFrame>;
  /** Send a raw gateway dispatch (op 0) to every identified connection. Throws if none. */
  dispatch(t: string, d: unknown): void;
  /** Close every gateway connection with a code (e.g. 4000 to make discord.js resume, 1000 to reconnect). */
  disconnectGateway(code?: number): void;

  sendSlashCommand(opts: SlashCommandOptions): SentInteraction;
  sendAutocomplete(opts: AutocompleteOptions): SentInteraction;
  sendComponent(opts: ComponentOptions): SentInteraction;
  sendButton(opts: ComponentOptions): SentInteraction;
  sendMessageContextMenu(opts: MessageContextMenuOptions): SentInteraction;
  sendUserContextMenu(opts: UserContextMenuOptions): SentInteraction;
  sendModalSubmit(opts: ModalSubmitOptions): SentInteraction;
  /** Dispatch MESSAGE_CREATE in a guild channel; returns the message id. */
  sendMessage(opts: SendMessageOptions): string;
  /**
   * A member creates a forum post: the thread (type 11 under the forum, `applied_tags`) and its starter message
   * (same id, in the thread) are stored, then THREAD_CREATE (`newly_created: true`) and the starter's
   * MESSAGE_CREATE are dispatched, in that order, like Discord. The bot is not a member of the thread.
   */
  createForumPost(opts: ForumPostOptions): ForumPost;
  /** Archive or unarchive a thread (stored state only; archived threads are left out of GUILD_CREATE). */
  setThreadArchived(threadId: string, archived: boolean): void;

  /** Next matching REST call(s) get a realistic 429, then succeed. */
  rateLimitNext(match: RequestMatcher, opts?: RateLimitOptions): void;
  /** Next matching REST call(s) get `status` with `body` (default: a Discord-style error). */
  failNext(
    match: RequestMatcher,
    status: number,
    body?: Json,
    opts?: { count?: number; headers?: Record<string, string> },
  ): void;
  /** Next matching REST call(s) are answered only after `ms`. */
  delayNext(match: RequestMatcher, ms: number, opts?: { count?: number }): void;
  /** Persistent custom answer for matching requests; return undefined to fall through to the fake's routes. */
  override(match: RequestMatcher, responder: (req: RecordedRequest) => FakeResponse | undefined): void;

  close(): Promise<void>;
}

/** Predicate: the interaction callback POST of `ix`. */
export function isInteractionCallback(ix: { id: string; token: string }): (r: RecordedRequest) => boolean {
  const path = `/interactions/${ix.id}/${ix.token}/callback`;
  return (r) => r.method === "POST" && r.path === path;
}

/** Predicate: a PATCH of the original response of `ix` (`/webhooks/:app/:token/messages/@original`). */
export function isOriginalEdit(ix: { token: string }): (r: RecordedRequest) => boolean {
  return (r) =>
    r.method === "PATCH" && r.path.endsWith(`/${ix.token}/messages/@original`) && r.path.startsWith("/webhooks/");
}

/** Predicate: a follow-up POST of `ix` (`/webhooks/:app/:token`). */
export function isFollowUp(ix: { token: string }): (r: RecordedRequest) => boolean {
  return (r) => r.method === "POST" && r.path.startsWith("/webhooks/") && r.path.endsWith(`/${ix.token}`);
}

/** Compile a RequestMatcher to a predicate. */
export function compileMatcher(m: RequestMatcher): (req: RecordedRequest) => boolean {
  if (typeof m === "function") return (req) => m(req.method, req.path, req);
  if (m instanceof RegExp) return (req) => m.test(`${req.method} ${req.path}`);
  const space = m.indexOf(" ");
  const method = space === -1 ? "*" : m.slice(0, space).toUpperCase();
  const pattern = (space === -1 ? m : m.slice(space + 1)).split("/").filter(Boolean);
  return (req) => {
    if (method !== "*" && method !== req.method) return false;
    const segs = req.path.split("/").filter(Boolean);
    for (let i = 0; i < pattern.length; i++) {
      const p = pattern[i]!;
      if (p === "*" && i === pattern.length - 1) return true;
      const s = segs[i];
      if (s === undefined) return false;
      if (p.startsWith(":")) continue;
      if (p !== s) return false;
    }
    return segs.length === pattern.length;
  };
}

interface Injection {
  pred: (req: RecordedRequest) => boolean;
  remaining: number;
  kind: "rateLimit" | "fail" | "delay";
  rateLimit?: Required<Omit<RateLimitOptions, "count">>;
  status?: number;
  body?: Json;
  headers?: Record<string, string>;
  delayMs?: number;
}

interface GatewayConnection {
  id: number;
  ws: WebSocket;
  seq: number;
  identified: boolean;
  intents: number;
  sessionId?: string;
  compress: "zlib-stream" | "identify" | null;
  deflate?: zlib.Deflate;
  deflateChunks: Buffer[];
  sendChain: Promise<void>;
}

interface Waiter {
  check(): boolean;
  reject(err: Error): void;
}

interface RouteResult {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

class DiscordError {
  constructor(
    public status: number,
    public body: Json,
  ) {}
}

const unknown = (what: string, code: number) => new DiscordError(404, { message: `Unknown ${what}`, code });
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function formError(path: string[], code: string, message: string): DiscordError {
  // Discord's nested Invalid Form Body shape: {"errors": {"data": {"content": {"_errors": [...]}}}}
  let errors: Json = { _errors: [{ code, message }] };
  for (let i = path.length - 1; i >= 0; i--) errors = { [path[i]!]: errors };
  return new DiscordError(400, { message: "Invalid Form Body", code: 50035, errors });
}

/** Discord's message-body limits (subset that matters for a bot). Returns an error or null. */
function validateMessageBody(
  body: Json,
  prefix: string[],
  opts: { requireNonEmpty: boolean; hasFiles: boolean },
): DiscordError | null {
  if (body == null || typeof body !== "object") return null;
  if (typeof body.content === "string" && body.content.length > 2000) {
    return formError([...prefix, "content"], "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
  }
  const embeds: Json[] = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > 10) {
    return formError([...prefix, "embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
  }
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const p = [...prefix, "embeds", String(i)];
    const len = (s: unknown) => (typeof s === "string" ? s.length : 0);
    if (len(e.title) > 256)
      return formError([...p, "title"], "BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer in length.");
    if (len(e.description) > 4096) {
      return formError([...p, "description"], "BASE_TYPE_MAX_LENGTH", "Must be 4096 or fewer in length.");
    }
    const fields: Json[] = Array.isArray(e.fields) ? e.fields : [];
    if (fields.length > 25)
      return formError([...p, "fields"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    for (const [j, f] of fields.entries()) {
      if (len(f.name) > 256) {
        return formError(
          [...p, "fields", String(j), "name"],
          "BASE_TYPE_MAX_LENGTH",
          "Must be 256 or fewer in length.",
        );
      }
      if (len(f.value) > 1024) {
        return formError(
          [...p, "fields", String(j), "value"],
          "BASE_TYPE_MAX_LENGTH",
          "Must be 1024 or fewer in length.",
        );
      }
      if (!f.name || !f.value) {
        return formError(
          [...p, "fields", String(j), f.name ? "value" : "name"],
          "BASE_TYPE_REQUIRED",
          "This field is required",
        );
      }
      total += len(f.name) + len(f.value);
    }
    if (len(e.footer?.text) > 2048) {
      return formError([...p, "footer", "text"], "BASE_TYPE_MAX_LENGTH", "Must be 2048 or fewer in length.");
    }
    if (len(e.author?.name) > 256) {
      return formError([...p, "author", "name"], "BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer in length.");
    }
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
  }
  if (total > 6000) {
    return formError([...prefix, "embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
  }
  const components: Json[] = Array.isArray(body.components) ? body.components : [];
  const walk = (cs: Json[], p: string[]): DiscordError | null => {
    for (const [i, c] of cs.entries()) {
      if (typeof c?.custom_id === "string" && c.custom_id.length > 100) {
        return formError([...p, String(i), "custom_id"], "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
      }
      if (typeof c?.label === "string" && c.label.length > 80) {
        return formError([...p, String(i), "label"], "BASE_TYPE_MAX_LENGTH", "Must be 80 or fewer in length.");
      }
      if (Array.isArray(c?.components)) {
        const err = walk(c.components, [...p, String(i), "components"]);
        if (err) return err;
      }
    }
    return null;
  };
  const compErr = walk(components, [...prefix, "components"]);
  if (compErr) return compErr;
  if (opts.requireNonEmpty) {
    const hasContent = typeof body.content === "string" && body.content.length > 0;
    const flags = Number(body.flags ?? 0);
    const isV2 = (flags & (1 << 15)) !== 0;
    if (
      !hasContent &&
      embeds.length === 0 &&
      components.length === 0 &&
      !opts.hasFiles &&
      !(Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0) &&
      !body.poll &&
      !isV2
    ) {
      return new DiscordError(400, { message: "Cannot send an empty message", code: 50006 });
    }
  }
  return null;
}

/** Start the fake on 127.0.0.1 (random port). */
export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const ids = {
    botUserId: opts.botUserId ?? "1234567890123456789",
    applicationId: opts.applicationId ?? opts.botUserId ?? "1234567890123456789",
    guildId: opts.guildId ?? "1111111111111111111",
    channelId: opts.channelId ?? "1222222222222222222",
    userId: opts.userId ?? "1333333333333333333",
    botRoleId: "1444444444444444444",
  };
  const emulateIntents = opts.emulateIntents ?? true;
  const validate = opts.validateMessages ?? true;
  const echoBotMessages = opts.echoBotMessages ?? true;
  const privileged = {
    messageContent: opts.privilegedIntents?.messageContent ?? true,
    guildMembers: opts.privilegedIntents?.guildMembers ?? true,
    guildPresences: opts.privilegedIntents?.guildPresences ?? true,
  };
  const snowflakes = new SnowflakeGenerator();
  const botUser = makeUser({
    id: ids.botUserId,
    username: opts.botUsername ?? "quotebot",
    discriminator: "0",
    bot: true,
    global_name: null,
  });
  const defaultUser = makeUser({ id: ids.userId, username: opts.username ?? "alice" });
  const users = new Map<string, ApiUser>([
    [botUser.id, botUser],
    [defaultUser.id, defaultUser],
  ]);
  const memberPermissions = opts.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS;
  const botPermissions = opts.botPermissions ?? DEFAULT_BOT_PERMISSIONS;
  const appPermissions = (BigInt(botPermissions) | BigInt(memberPermissions)).toString();
  const startedAt = new Date().toISOString();

  const channels = new Map<string, Json>();
  const guildChannelSpecs: ChannelSpec[] = [
    { id: ids.channelId, name: opts.channelName ?? "general" },
    ...(opts.extraChannels ?? []),
  ];
  for (const [i, spec] of guildChannelSpecs.entries()) channels.set(spec.id, makeGuildChannel(spec, ids.guildId, i));
  const threadsByMessage = new Map<string, string>();

  const roles = [
    makeRole({ id: ids.guildId, name: "@everyone", permissions: DEFAULT_MEMBER_PERMISSIONS }),
    makeRole({
      id: ids.botRoleId,
      name: botUser.username,
      permissions: botPermissions,
      position: 1,
      managed: true,
      botId: botUser.id,
    }),
  ];
  const botMember = () => makeMember(botUser, { roles: [ids.botRoleId], joinedAt: startedAt });
  const guild = (): Json => ({
    id: ids.guildId,
    name: opts.guildName ?? "Quotebot Test Guild",
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: ids.userId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: ids.channelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: "en-US",
    nsfw_level: 0,
    nsfw: false,
    max_members: 500000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    hub_type: null,
    incidents_data: null,
    latest_onboarding_question_id: null,
    // GUILD_CREATE-only fields
    joined_at: startedAt,
    large: false,
    unavailable: false,
    member_count: 2,
    lazy: true,
    version: 1,
    voice_states: [],
    members: [botMember(), makeMember(defaultUser, { joinedAt: startedAt })],
    channels: [...channels.values()]
      .filter((c) => c.type !== 11 && c.type !== 12 && c.type !== 10)
      .map(({ guild_id: _g, ...rest }) => rest),
    // Like Discord: the active threads only (archived ones are fetched on demand).
    threads: [...channels.values()].filter(
      (c) => (c.type === 11 || c.type === 12) && c.thread_metadata?.archived !== true,
    ),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    activity_instances: [],
    application_command_counts: {},
  });

  const requests: RecordedRequest[] = [];
  const gatewayFrames: GatewayFrame[] = [];
  const interactions = new Map<string, InteractionState>();
  const byToken = new Map<string, InteractionState>();
  const messages = new Map<string, Json>();
  const globalCommands = new Map<string, Json>();
  const guildCommands = new Map<string, Map<string, Json>>();
  const injections: Injection[] = [];
  const overrides: Array<{
    pred: (r: RecordedRequest) => boolean;
    responder: (r: RecordedRequest) => FakeResponse | undefined;
  }> = [];
  const waiters = new Set<Waiter>();
  const connections = new Set<GatewayConnection>();
  let identify: Json;
  let identifiedCount = 0;
  let nextConnId = 1;
  let nextSession = 1;
  let closed = false;
  const sessions = new Map<string, { intents: number }>();
  /** interaction id → invoking user id */
  const invokerUserId = new Map<string, string>();
  /** interaction id → application command type (1 chat input, 2 user, 3 message) */
  const interactionCommandType = new Map<string, number>();
  const originalMessageType = (ix: InteractionState) =>
    ix.type === InteractionType.ApplicationCommand ? (interactionCommandType.get(ix.id) === 1 ? 20 : 23) : 0;

  const notify = () => {
    for (const w of [...waiters]) {
      try {
        if (w.check()) waiters.delete(w);
      } catch (err) {
        waiters.delete(w);
        w.reject(err as Error);
      }
    }
  };

  const describeRecent = () =>
    requests
      .slice(-15)
      .map((r) => `  ${r.status} ${r.method} ${r.path}`)
      .join("\n") || "  (none)";

  function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = probe();
      if (first !== undefined) {
        resolve(first);
        return;
      }
      if (closed) {
        reject(new Error(`fake-discord: closed while waiting for ${what}`));
        return;
      }
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(
            `fake-discord: timed out after ${timeoutMs}ms waiting for ${what}; last requests:\n${describeRecent()}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => {
          const v = probe();
          if (v === undefined) return false;
          clearTimeout(timer);
          resolve(v);
          return true;
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      waiters.add(waiter);
    });
  }

  // ---------------------------------------------------------------- HTTP server

  const server = createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `fake-discord internal error: ${String(err)}`, code: 0 }));
      }
    });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (!url.pathname.startsWith("/gateway")) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onGatewayConnection(ws, url));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const apiUrl = `${origin}/api`;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: Json; files: RecordedFile[] }> {
    const ct = String(req.headers["content-type"] ?? "");
    if (raw.length === 0) return { body: undefined, files: [] };
    if (ct.startsWith("multipart/form-data")) {
      const form = await new Response(raw, { headers: { "content-type": ct } }).formData();
      let body: Json;
      const files: RecordedFile[] = [];
      for (const [field, value] of form.entries()) {
        if (typeof value === "string") {
          if (field === "payload_json") body = JSON.parse(value);
          else {
            body ??= {};
            body[field] = value;
          }
        } else {
          const data = Buffer.from(await value.arrayBuffer());
          files.push({ field, name: value.name, contentType: value.type, size: data.length, data });
        }
      }
      return { body, files };
    }
    const text = raw.toString("utf8");
    if (ct.includes("json")) return { body: JSON.parse(text), files: [] };
    try {
      return { body: JSON.parse(text), files: [] };
    } catch {
      return { body: text, files: [] };
    }
  }

  function send(res: ServerResponse, result: RouteResult) {
    const headers: Record<string, string> = { ...(result.headers ?? {}) };
    if (result.status === 204 || result.body === undefined) {
      res.writeHead(result.status, headers);
      res.end();
      return;
    }
    const payload = JSON.stringify(result.body);
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(payload));
    res.writeHead(result.status, headers);
    res.end(payload);
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", origin);
    const m = /^\/api(?:\/v(\d+))?(\/.*)?$/.exec(url.pathname);
    if (!m) {
      send(res, { status: 404, body: { message: "404: Not Found", code: 0 } });
      return;
    }
    const rawPath = m[2] ?? "/";
    const path = rawPath
      .split("/")
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      })
      .join("/");
    let parsed: { body: Json; files: RecordedFile[] };
    let parseError: string | undefined;
    try {
      parsed = await parseBody(req, raw);
    } catch (err) {
      parsed = { body: raw.toString("utf8"), files: [] };
      parseError = String(err);
    }
    const rec: RecordedRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      path,
      rawPath,
      query: url.searchParams,
      headers: req.headers,
      body: parsed.body,
      files: parsed.files,
      at,
      status: 0,
      response: undefined,
    };

    let result: RouteResult | undefined;
    if (parseError) result = { status: 400, body: { message: "400: Bad Request", code: 50109 } };
    // injections (first matching, in registration order; delays stack with what follows)
    while (!result) {
      const inj = injections.find((i) => i.remaining > 0 && i.pred(rec));
      if (!inj) break;
      inj.remaining--;
      if (inj.kind === "delay") {
        await sleep(inj.delayMs ?? 0);
        // a delay consumes itself; look for further injections for this same request
        continue;
      }
      if (inj.kind === "rateLimit") result = rateLimitResponse(rec, inj.rateLimit!);
      else result = { status: inj.status!, body: inj.body, headers: inj.headers ?? {} };
    }
    if (!result) {
      for (const o of overrides) {
        if (!o.pred(rec)) continue;
        const r = o.responder(rec);
        if (r) {
          result = r;
          break;
        }
      }
    }
    if (!result) {
      try {
        result = route(rec);
      } catch (err) {
        if (err instanceof DiscordError) result = { status: err.status, body: err.body };
        else throw err;
      }
    }
    rec.status = result.status;
    rec.response = result.body;
    requests.push(rec);
    notify();
    send(res, result);
  }

  function rateLimitResponse(rec: RecordedRequest, rl: Required<Omit<RateLimitOptions, "count">>): RouteResult {
    const retry = rl.retryAfterSeconds;
    const bucket = Buffer.from(`${rec.method}:${rec.path.replace(/\d{17,19}/g, ":id")}`)
      .toString("hex")
      .slice(0, 32);
    const headers: Record<string, string> = {
      "retry-after": String(retry),
      "x-ratelimit-scope": rl.global ? "global" : rl.scope,
    };
    if (rl.global) {
      headers["x-ratelimit-global"] = "true";
    } else {
      headers["x-ratelimit-limit"] = "5";
      headers["x-ratelimit-remaining"] = "0";
      headers["x-ratelimit-reset"] = ((Date.now() + retry * 1000) / 1000).toFixed(3);
      headers["x-ratelimit-reset-after"] = retry.toFixed(3);
      headers["x-ratelimit-bucket"] = bucket;
    }
    return {
      status: 429,
      headers,
      body: { message: "You are being rate limited.", retry_after: retry, global: rl.global, code: 0 },
    };
  }

  // ---------------------------------------------------------------- REST routes

  function requireBotAuth(rec: RecordedRequest) {
    const auth = rec.headers.authorization;
    const ok =
      typeof auth === "string" &&
      auth.startsWith("Bot ") &&
      auth.length > 4 &&
      (opts.token === undefined || auth.slice(4) === opts.token);
    if (!ok) throw new DiscordError(401, { message: "401: Unauthorized", code: 0 });
  }

  function knownUser(id: string): ApiUser {
    return users.get(id) ?? makeUser({ id });
  }

  function interactionMessage(ix: InteractionState, data: Json, extra: { flags?: number; type?: number } = {}): Json {
    const channel = channels.get(ix.channelId);
    const invoker = interactions.get(ix.id);
    const msg = makeMessage({
      id: snowflakes.next(),
      channelId: ix.channelId,
      guildId: channel?.guild_id ?? null,
      author: botUser,
      content: data?.content ?? "",
      embeds: data?.embeds ?? [],
      components: data?.components ?? [],
      flags: extra.flags ?? Number(data?.flags ?? 0),
      type: extra.type ?? 0,
      webhookId: ids.applicationId,
      applicationId: ids.applicationId,
      interactionMetadata: {
        id: ix.id,
        type: ix.type,
        user: knownUser(String(invokerUserId.get(ix.id) ?? ids.userId)),
        authorizing_integration_owners: { "0": ids.guildId },
        ...(invoker?.name ? { name: invoker.name } : {}),
      },
    });
    messages.set(msg.id, msg);
    return msg;
  }

  function attachmentsFor(body: Json, files: RecordedFile[], existing: Json[] = []): Json[] {
    if (!body || !Array.isArray(body.attachments)) return files.length ? filesToAttachments(files, []) : existing;
    const kept = body.attachments
      .filter((a: Json) => existing.some((e) => e.id === String(a.id)))
      .map((a: Json) => existing.find((e) => e.id === String(a.id)));
    return [...kept, ...filesToAttachments(files, body.attachments)];
  }

  function filesToAttachments(files: RecordedFile[], declared: Json[]): Json[] {
    return files.map((f, i) => {
      const id = snowflakes.next();
      const idx = /\[(\d+)\]/.exec(f.field)?.[1] ?? String(i);
      const decl = declared.find((d) => String(d.id) === idx);
      return {
        id,
        filename: decl?.filename ?? f.name,
        size: f.size,
        url: `${origin}/attachments/${id}/${encodeURIComponent(f.name)}`,
        proxy_url: `${origin}/attachments/${id}/${encodeURIComponent(f.name)}`,
        content_type: f.contentType || "application/octet-stream",
        ...(decl?.description ? { description: decl.description } : {}),
      };
    });
  }

  function applyEdit(msg: Json, body: Json, files: RecordedFile[]): Json {
    if (!body) body = {};
    if ("content" in body) msg.content = body.content ?? "";
    if ("embeds" in body) msg.embeds = body.embeds ?? [];
    if ("components" in body) msg.components = body.components ?? [];
    if ("attachments" in body || files.length) msg.attachments = attachmentsFor(body, files, msg.attachments);
    if ("flags" in body && body.flags != null) {
      // only SUPPRESS_EMBEDS (4) and IS_COMPONENTS_V2 (1<<15) are editable; ephemeral stays as it was
      msg.flags = (msg.flags & ~(4 | (1 << 15))) | (Number(body.flags) & (4 | (1 << 15)));
    }
    msg.flags &= ~MessageFlag.Loading;
    msg.edited_timestamp = new Date().toISOString();
    return msg;
  }

  function webhookInteraction(appId: string, token: string): InteractionState {
    const ix = byToken.get(token);
    if (!ix || appId !== ids.applicationId) throw unknown("Webhook", 10015);
    return ix;
  }

  function webhookMessageId(ix: InteractionState, mid: string): string {
    const id = mid === "@original" ? ix.originalMessageId : mid;
    if (!id || !messages.has(id)) throw unknown("Message", 10008);
    if (id !== ix.originalMessageId && !ix.followUpIds.includes(id)) throw unknown("Message", 10008);
    return id;
  }

  function commandsFor(appId: string, guildId: string | undefined): Map<string, Json> {
    if (appId !== ids.applicationId) throw unknown("Application", 10002);
    if (!guildId) return globalCommands;
    let m = guildCommands.get(guildId);
    if (!m) {
      m = new Map();
      guildCommands.set(guildId, m);
    }
    return m;
  }

  function toCommand(body: Json, existing: Json | undefined, guildId: string | undefined): Json {
    const cmd: Json = {
      id: existing?.id ?? snowflakes.next(),
      application_id: ids.applicationId,
      version: snowflakes.next(),
      default_member_permissions: null,
      type: 1,
      name: body.name,
      name_localizations: null,
      description: body.description ?? "",
      description_localizations: null,
      dm_permission: true,
      contexts: null,
      integration_types: [0],
      nsfw: false,
      ...body,
    };
    if (guildId) cmd.guild_id = guildId;
    if (cmd.type !== 1) cmd.description = "";
    return cmd;
  }

  function findCommandId(name: string): string {
    const g = guildCommands.get(ids.guildId)?.get(name) ?? globalCommands.get(name);
    if (g) return g.id;
    let h = 0n;
    for (const ch of name) h = (h * 131n + BigInt(ch.codePointAt(0)!)) % 10n ** 17n;
    return (1000000000000000000n + h).toString();
  }

  function channelMessageCreate(channelId: string, rec: RecordedRequest): RouteResult {
    const body = rec.body ?? {};
    if (validate) {
      const err = validateMessageBody(body, [], { requireNonEmpty: true, hasFiles: rec.files.length > 0 });
      if (err) throw err;
    }
    const channel = channels.get(channelId);
    const guildId = channel?.guild_id ?? (channel ? null : ids.guildId);
    let referenced: Json;
    if (body.message_reference?.message_id) {
      referenced = messages.get(String(body.message_reference.message_id));
      if (!referenced && body.message_reference.fail_if_not_exists !== false) {
        throw formError(["message_reference"], "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message");
      }
    }
    const msg = makeMessage({
      id: snowflakes.next(),
      channelId,
      guildId,
      author: botUser,
      member: guildId
        ? makeMember(botUser, { roles: [ids.botRoleId], joinedAt: startedAt, withUser: false })
        : undefined,
      content: body.content ?? "",
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: attachmentsFor(body, rec.files),
      flags: Number(body.flags ?? 0) & (4 | 4096 | (1 << 15)),
      type: referenced ? 19 : 0,
      ...(referenced
        ? {
            messageReference: {
              type: 0,
              channel_id: referenced.channel_id,
              message_id: referenced.id,
              ...(guildId ? { guild_id: guildId } : {}),
            },
            referencedMessage: referenced,
            mentions: referenced.author && body.allowed_mentions?.replied_user !== false ? [referenced.author] : [],
          }
        : {}),
    });
    if (channel?.last_message_id !== undefined) channel.last_message_id = msg.id;
    messages.set(msg.id, msg);
    if (echoBotMessages) {
      queueMicrotask(() => {
        if (!closed) dispatchTo("MESSAGE_CREATE", () => ({ ...msg }), { requireIntent: Intent.GuildMessages });
      });
    }
    return { status: 200, body: msg };
  }

  /**
   * Without the Message Content intent, Discord's REST API hides message content too (except the bot's own
   * messages, messages that mention it, and DMs). The intents are those of the last IDENTIFY.
   */
  function withoutContentUnlessIntent(msg: Json): Json {
    if (!emulateIntents) return msg;
    const intents = Number(identify?.intents ?? 0);
    const mentioned = (msg.mentions as Json[] | undefined)?.some((m) => m.id === botUser.id);
    if (intents & Intent.MessageContent || msg.author?.id === botUser.id || mentioned || !msg.guild_id) return msg;
    return { ...msg, content: "", embeds: [], attachments: [], components: [] };
  }

  function createThread(parentId: string, rec: RecordedRequest, fromMessageId?: string): RouteResult {
    const body = rec.body ?? {};
    const parent = channels.get(parentId);
    if (!body.name || typeof body.name !== "string") {
      throw formError(["name"], "BASE_TYPE_REQUIRED", "This field is required");
    }
    if (body.name.length > 100)
      throw formError(["name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
    if (fromMessageId && threadsByMessage.has(fromMessageId)) {
      throw new DiscordError(400, { message: "A thread has already been created for this message", code: 160004 });
    }
    const id = fromMessageId ?? snowflakes.next();
    const thread = makeThreadChannel({
      id,
      guildId: parent?.guild_id ?? ids.guildId,
      parentId,
      ownerId: botUser.id,
      name: body.name,
      type: fromMessageId ? (parent?.type === 5 ? 10 : 11) : (body.type ?? 11),
      autoArchiveDuration: body.auto_archive_duration,
      botUserId: botUser.id,
    });
    channels.set(id, thread);
    if (fromMessageId) {
      threadsByMessage.set(fromMessageId, id);
      const src = messages.get(fromMessageId);
      if (src) src.thread = thread;
    }
    let response: Json = thread;
    if (body.message) {
      // forum/media post: the starter message has the thread's id
      const starter = makeMessage({
        id,
        channelId: id,
        guildId: thread.guild_id,
        author: botUser,
        content: body.message.content ?? "",
        embeds: body.message.embeds ?? [],
        components: body.message.components ?? [],
      });
      messages.set(id, starter);
      response = { ...thread, message: starter };
    }
    queueMicrotask(() => {
      if (!closed)
        dispatchTo("THREAD_CREATE", () => ({ ...thread, newly_created: true }), { requireIntent: Intent.Guilds });
    });
    return { status: 201, body: response };
  }

  function route(rec: RecordedRequest): RouteResult {
    const s = rec.path.split("/").filter(Boolean);
    const M = rec.method;
    const is = (method: string, ...pattern: string[]) =>
      M === method && s.length === pattern.length && pattern.every((p, i) => p.startsWith(":") || p === s[i]);
    const seg = (i: number) => s[i] ?? "";
    const ok = (body: Json, status = 200): RouteResult => ({ status, body });
    const noContent: RouteResult = { status: 204 };

    // --- interactions & interaction webhooks (no bot auth, token in path)
    if (is("POST", "interactions", ":id", ":token", "callback")) return interactionCallback(seg(1), seg(2), rec);
    if (s[0] === "webhooks" && s.length >= 3) {
      const ix = webhookInteraction(seg(1), seg(2));
      if (is("POST", "webhooks", ":app", ":token")) {
        if (ix.callbackType === undefined) throw unknown("Webhook", 10015);
        if (validate) {
          const err = validateMessageBody(rec.body, [], { requireNonEmpty: true, hasFiles: rec.files.length > 0 });
          if (err) throw err;
        }
        const msg = interactionMessage(ix, rec.body, {
          flags: Number(rec.body?.flags ?? 0) & (MessageFlag.Ephemeral | 4 | 4096 | (1 << 15)),
        });
        msg.attachments = attachmentsFor(rec.body, rec.files);
        ix.followUpIds.push(msg.id);
        return rec.query.get("wait") === "false" ? noContent : ok(msg);
      }
      if (s.length === 5 && s[3] === "messages") {
        const id = webhookMessageId(ix, seg(4));
        if (M === "GET") return ok(messages.get(id));
        if (M === "PATCH") {
          if (validate) {
            const err = validateMessageBody(rec.body, [], { requireNonEmpty: false, hasFiles: rec.files.length > 0 });
            if (err) throw err;
          }
          return ok(applyEdit(messages.get(id), rec.body, rec.files));
        }
        if (M === "DELETE") {
          messages.delete(id);
          return noContent;
        }
      }
      throw new DiscordError(405, { message: "405: Method Not Allowed", code: 0 });
    }

    if (is("GET", "gateway")) return ok({ url: gatewayUrl });

    // --- everything else needs the bot token
    requireBotAuth(rec);

    if (is("GET", "gateway", "bot")) {
      return ok({
        url: gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      });
    }
    if (is("GET", "users", "@me"))
      return ok({ ...botUser, verified: true, mfa_enabled: false, email: null, locale: "en-US" });
    if (is("GET", "users", ":id")) {
      const u = users.get(seg(1));
      if (!u) throw unknown("User", 10013);
      return ok(u);
    }
    if (is("POST", "users", "@me", "channels")) {
      const recipient = knownUser(String(rec.body?.recipient_id));
      const dm = { id: snowflakes.next(), type: 1, last_message_id: null, flags: 0, recipients: [recipient] };
      channels.set(dm.id, dm);
      return ok(dm);
    }
    if (is("GET", "applications", "@me") || is("PATCH", "applications", "@me")) {
      return ok({
        id: ids.applicationId,
        name: botUser.username,
        icon: null,
        description: "",
        summary: "",
        type: null,
        hook: true,
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: "0".repeat(64),
        flags: appFlags(),
        owner: defaultUser,
        team: null,
        bot: botUser,
        approximate_guild_count: 1,
        approximate_user_install_count: 0,
        redirect_uris: [],
        interactions_endpoint_url: null,
        integration_types_config: { "0": {} },
        install_params: { scopes: ["bot", "applications.commands"], permissions: botPermissions },
        tags: [],
        ...(M === "PATCH" ? (rec.body ?? {}) : {}),
      });
    }

    // application commands
    if (s[0] === "applications" && s[2] === "commands" && s.length <= 4) {
      return commandsRoute(commandsFor(seg(1), undefined), rec, s.length === 4 ? seg(3) : undefined, undefined);
    }
    if (s[0] === "applications" && s[2] === "guilds" && s[4] === "commands" && s.length <= 6) {
      return commandsRoute(commandsFor(seg(1), seg(3)), rec, s.length === 6 ? seg(5) : undefined, seg(3));
    }

    // channels
    if (s[0] === "channels" && s.length >= 2) {
      const cid = seg(1);
      if (is("GET", "channels", ":id")) {
        const c = channels.get(cid);
        if (!c) throw unknown("Channel", 10003);
        return ok(c);
      }
      if (is("POST", "channels", ":id", "typing")) return noContent;
      if (is("POST", "channels", ":id", "messages")) return channelMessageCreate(cid, rec);
      if (is("GET", "channels", ":id", "messages")) {
        const limit = Math.min(100, Number(rec.query.get("limit") ?? 50));
        const list = [...messages.values()].filter((mm) => mm.channel_id === cid).reverse();
        return ok(list.slice(0, limit));
      }
      if (s[2] === "messages" && s.length === 4) {
        const msg = messages.get(seg(3));
        if (!msg || msg.channel_id !== cid) throw unknown("Message", 10008);
        if (M === "GET") return ok(withoutContentUnlessIntent(msg));
        if (M === "PATCH") {
          if (msg.author?.id !== botUser.id && rec.body && ("content" in rec.body || "embeds" in rec.body)) {
            throw new DiscordError(403, { message: "Cannot edit a message authored by another user", code: 50005 });
          }
          if (validate) {
            const err = validateMessageBody(rec.body, [], { requireNonEmpty: false, hasFiles: rec.files.length > 0 });
            if (err) throw err;
          }
          return ok(applyEdit(msg, rec.body, rec.files));
        }
        if (M === "DELETE") {
          messages.delete(msg.id);
          return noContent;
        }
      }
      if (is("POST", "channels", ":id", "messages", ":mid", "threads")) {
        if (!messages.has(seg(3))) throw unknown("Message", 10008);
        return createThread(cid, rec, seg(3));
      }
      if (is("POST", "channels", ":id", "threads")) return createThread(cid, rec);
      if (
        is("PUT", "channels", ":id", "thread-members", "@me") ||
        is("DELETE", "channels", ":id", "thread-members", "@me")
      ) {
        return noContent;
      }
      if (s[2] === "messages" && s[4] === "reactions" && (M === "PUT" || M === "DELETE")) return noContent;
    }

    // guilds
    if (s[0] === "guilds" && seg(1) === ids.guildId) {
      if (is("GET", "guilds", ":id")) {
        const { members: _m, channels: _c, threads: _t, presences: _p, voice_states: _v, ...g } = guild();
        return ok({ ...g, approximate_member_count: 2, approximate_presence_count: 1 });
      }
      if (is("GET", "guilds", ":id", "channels"))
        return ok([...channels.values()].filter((c) => c.guild_id === ids.guildId && c.type !== 11 && c.type !== 12));
      if (is("GET", "guilds", ":id", "roles")) return ok(roles);
      if (is("GET", "guilds", ":id", "members", ":uid")) {
        const uid = seg(3);
        if (uid === botUser.id) return ok(botMember());
        const u = users.get(uid);
        if (!u) throw unknown("Member", 10007);
        return ok(makeMember(u, { joinedAt: startedAt }));
      }
    } else if (s[0] === "guilds" && s.length >= 2) {
      throw unknown("Guild", 10004);
    }

    return { status: 404, body: { message: "404: Not Found", code: 0 } };
  }

  function commandsRoute(
    store: Map<string, Json>,
    rec: RecordedRequest,
    commandId: string | undefined,
    guildId: string | undefined,
  ): RouteResult {
    const M = rec.method;
    if (commandId === undefined) {
      if (M === "GET") return { status: 200, body: [...store.values()] };
      if (M === "PUT") {
        const list: Json[] = Array.isArray(rec.body) ? rec.body : [];
        const names = new Set<string>();
        for (const [i, c] of list.entries()) {
          if (
            !c?.name ||
            // Slash commands: lowercase, no spaces. Message and user commands (types 2, 3) allow both.
            ((c.type ?? 1) === 1
              ? !/^[-_\p{L}\p{N}]{1,32}$/u.test(c.name) || c.name !== c.name.toLowerCase()
              : !/^[-_ \p{L}\p{N}]{1,32}$/u.test(c.name))
          ) {
            throw formError([String(i), "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
          }
          if ((c.type ?? 1) === 1 && (!c.description || c.description.length > 100)) {
            throw formError([String(i), "description"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
          }
          const key = `${c.type ?? 1}:${c.name}`;
          if (names.has(key))
            throw formError(
              [String(i), "name"],
              "APPLICATION_COMMANDS_DUPLICATE_NAME",
              "Application command names must be unique",
            );
          names.add(key);
        }
        const next = list.map((c) => toCommand(c, store.get(c.name), guildId));
        store.clear();
        for (const c of next) store.set(c.name, c);
        return { status: 200, body: next };
      }
      if (M === "POST") {
        const existing = store.get(rec.body?.name);
        const cmd = toCommand(rec.body ?? {}, existing, guildId);
        store.set(cmd.name, cmd);
        return { status: existing ? 200 : 201, body: cmd };
      }
    } else {
      const cmd = [...store.values()].find((c) => c.id === commandId);
      if (!cmd) throw unknown("application command", 10063);
      if (M === "GET") return { status: 200, body: cmd };
      if (M === "PATCH") {
        const updated = { ...cmd, ...(rec.body ?? {}), id: cmd.id, version: snowflakes.next() };
        store.delete(cmd.name);
        store.set(updated.name, updated);
        return { status: 200, body: updated };
      }
      if (M === "DELETE") {
        store.delete(cmd.name);
        return { status: 204 };
      }
    }
    throw new DiscordError(405, { message: "405: Method Not Allowed", code: 0 });
  }

  function interactionCallback(id: string, token: string, rec: RecordedRequest): RouteResult {
    const ix = interactions.get(id);
    if (!ix) throw unknown("interaction", 10062);
    if (ix.token !== token) throw new DiscordError(401, { message: "Invalid Webhook Token", code: 50027 });
    if (opts.callbackDeadlineMs !== undefined && rec.at - ix.dispatchedAt > opts.callbackDeadlineMs) {
      throw unknown("interaction", 10062);
    }
    if (ix.callbackType !== undefined) {
      throw new DiscordError(400, { message: "Interaction has already been acknowledged.", code: 40060 });
    }
    const body = rec.body ?? {};
    const type = Number(body.type);
    const data = body.data;
    const invalidType = () =>
      formError(
        ["type"],
        "INTERACTION_RESPONSE_TYPE_INVALID",
        "Invalid interaction response type for this interaction",
      );
    const isAutocomplete = ix.type === InteractionType.ApplicationCommandAutocomplete;
    const isComponent =
      ix.type === InteractionType.MessageComponent || (ix.type === InteractionType.ModalSubmit && !!ix.sourceMessageId);
    let message: Json;
    switch (type) {
      case CallbackType.ChannelMessageWithSource: {
        if (isAutocomplete) throw invalidType();
        if (validate) {
          const err = validateMessageBody(data, ["data"], { requireNonEmpty: true, hasFiles: rec.files.length > 0 });
          if (err) throw err;
        }
        message = interactionMessage(ix, data, {
          flags: Number(data?.flags ?? 0) & (MessageFlag.Ephemeral | 4 | 4096 | (1 << 15)),
          type: originalMessageType(ix),
        });
        message.attachments = attachmentsFor(data, rec.files);
        ix.originalMessageId = message.id;
        break;
      }
      case CallbackType.DeferredChannelMessageWithSource: {
        if (isAutocomplete) throw invalidType();
        message = interactionMessage(
          ix,
          {},
          {
            flags: MessageFlag.Loading | (Number(data?.flags ?? 0) & MessageFlag.Ephemeral),
            type: originalMessageType(ix),
          },
        );
        ix.originalMessageId = message.id;
        break;
      }
      case CallbackType.DeferredMessageUpdate:
      case CallbackType.UpdateMessage: {
        if (!isComponent || !ix.sourceMessageId) throw invalidType();
        const src = messages.get(ix.sourceMessageId);
        if (!src) throw unknown("Message", 10008);
        if (type === CallbackType.UpdateMessage) {
          if (validate) {
            const err = validateMessageBody(data, ["data"], { requireNonEmpty: false, hasFiles: rec.files.length > 0 });
            if (err) throw err;
          }
          applyEdit(src, data, rec.files);
        }
        ix.originalMessageId = src.id;
        message = src;
        break;
      }
      case CallbackType.ApplicationCommandAutocompleteResult: {
        if (!isAutocomplete) throw invalidType();
        const choices: Json[] = data?.choices ?? [];
        if (choices.length > 25) {
          throw formError(["data", "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        }
        for (const [i, c] of choices.entries()) {
          if (typeof c?.name !== "string" || c.name.length < 1 || c.name.length > 100) {
            throw formError(
              ["data", "choices", String(i), "name"],
              "BASE_TYPE_BAD_LENGTH",
              "Must be between 1 and 100 in length.",
            );
          }
          if (typeof c.value === "string" && c.value.length > 100) {
            throw formError(
              ["data", "choices", String(i), "value"],
              "BASE_TYPE_BAD_LENGTH",
              "Must be between 1 and 100 in length.",
            );
          }
        }
        break;
      }
      case CallbackType.Modal: {
        if (isAutocomplete || ix.type === InteractionType.ModalSubmit) throw invalidType();
        break;
      }
      case CallbackType.LaunchActivity:
        break;
      default:
        throw invalidType();
    }
    ix.callbackType = type;
    ix.callbackAt = rec.at;
    ix.callbackBody = body;
    if (rec.query.get("with_response") === "true") {
      const resource: Json = { type };
      if (message) resource.message = message;
      return {
        status: 200,
        body: {
          interaction: {
            id: ix.id,
            type: ix.type,
            ...(message
              ? {
                  response_message_id: message.id,
                  response_message_loading: (message.flags & MessageFlag.Loading) !== 0,
                  response_message_ephemeral: (message.flags & MessageFlag.Ephemeral) !== 0,
                }
              : {}),
          },
          resource,
        },
      };
    }
    return { status: 204 };
  }

  function appFlags(): number {
    let f = 1 << 23; // APPLICATION_COMMAND_BADGE
    if (privileged.guildPresences) f |= 1 << 13;
    if (privileged.guildMembers) f |= 1 << 15;
    if (privileged.messageContent) f |= 1 << 19;
    return f;
  }

  // ---------------------------------------------------------------- gateway

  function rawSend(conn: GatewayConnection, payload: Json) {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    const text = JSON.stringify(payload);
    if (conn.compress === "zlib-stream" && conn.deflate) {
      const deflate = conn.deflate;
      conn.sendChain = conn.sendChain.then(
        () =>
          new Promise<void>((resolve) => {
            deflate.write(text);
            deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
              const out = Buffer.concat(conn.deflateChunks);
              conn.deflateChunks = [];
              if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(out, { binary: true });
              resolve();
            });
          }),
      );
    } else if (conn.compress === "identify" && payload.op === 0) {
      conn.ws.send(zlib.deflateSync(text), { binary: true });
    } else {
      conn.ws.send(text);
    }
  }

  function sendDispatch(conn: GatewayConnection, t: string, d: Json) {
    conn.seq += 1;
    rawSend(conn, { op: 0, t, s: conn.seq, d });
  }

  /** Send a dispatch to each identified connection; `build` may return undefined to skip a connection. */
  function dispatchTo(
    t: string,
    build: (conn: GatewayConnection) => Json | undefined,
    opt: { requireIntent?: number } = {},
  ): number {
    let sent = 0;
    for (const conn of connections) {
      if (!conn.identified) continue;
      if (emulateIntents && opt.requireIntent !== undefined && (conn.intents & opt.requireIntent) === 0) continue;
      const d = build(conn);
      if (d === undefined) continue;
      sendDispatch(conn, t, d);
      sent++;
    }
    return sent;
  }

  function requireConnection(what: string) {
    if (![...connections].some((c) => c.identified)) {
      throw new Error(`fake-discord: cannot ${what}: no identified gateway connection (call waitForIdentify() first)`);
    }
  }

  function onGatewayConnection(ws: WebSocket, url: URL) {
    const compressParam = url.searchParams.get("compress");
    const conn: GatewayConnection = {
      id: nextConnId++,
      ws,
      seq: 0,
      identified: false,
      intents: 0,
      compress: compressParam === "zlib-stream" ? "zlib-stream" : null,
      deflateChunks: [],
      sendChain: Promise.resolve(),
    };
    if (conn.compress === "zlib-stream") {
      const deflate = zlib.createDeflate();
      deflate.on("data", (c: Buffer) => conn.deflateChunks.push(c));
      conn.deflate = deflate;
    }
    connections.add(conn);
    ws.on("close", () => {
      connections.delete(conn);
      conn.deflate?.close();
    });
    ws.on("error", () => {});
    const v = url.searchParams.get("v");
    const encoding = url.searchParams.get("encoding") ?? "json";
    if (v !== "10" && v !== "9") {
      ws.close(4012, "Invalid API version.");
      return;
    }
    if (encoding !== "json" || (compressParam !== null && compressParam !== "zlib-stream")) {
      ws.close(4002, "Error while decoding payload.");
      return;
    }
    rawSend(conn, {
      op: 10,
      t: null,
      s: null,
      d: { heartbeat_interval: opts.heartbeatIntervalMs ?? 41250, _trace: ['["fake-discord-gateway"]'] },
    });
    ws.on("message", (data: RawData, isBinary: boolean) => onGatewayMessage(conn, data, isBinary));
  }

  function onGatewayMessage(conn: GatewayConnection, data: RawData, isBinary: boolean) {
    let frame: Json;
    try {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      frame = JSON.parse((isBinary ? zlib.inflateSync(buf) : buf).toString("utf8"));
    } catch {
      conn.ws.close(4002, "Error while decoding payload.");
      return;
    }
    gatewayFrames.push({ op: frame.op, d: frame.d, s: frame.s, t: frame.t, at: Date.now(), connectionId: conn.id });
    switch (frame.op) {
      case 1: // heartbeat
        rawSend(conn, { op: 11, t: null, s: null, d: null });
        break;
      case 2: {
        // identify
        if (conn.identified) {
          conn.ws.close(4005, "Already authenticated.");
          break;
        }
        const d = frame.d ?? {};
        if (typeof d.token !== "string" || !d.token || (opts.token !== undefined && d.token !== opts.token)) {
          conn.ws.close(4004, "Authentication failed.");
          break;
        }
        const intents = Number(d.intents ?? 0);
        const disallowed =
          (!privileged.guildPresences && intents & (1 << 8)) ||
          (!privileged.guildMembers && intents & Intent.GuildMembers) ||
          (!privileged.messageContent && intents & Intent.MessageContent);
        if (disallowed) {
          conn.ws.close(4014, "Disallowed intent(s).");
          break;
        }
        identify = d;
        conn.intents = intents;
        if (d.compress === true && conn.compress === null) conn.compress = "identify";
        conn.sessionId = `fake-session-${nextSession++}`;
        sessions.set(conn.sessionId, { intents });
        conn.identified = true;
        sendDispatch(conn, "READY", {
          v: 10,
          user_settings: {},
          user: { ...botUser, verified: true, mfa_enabled: false, email: null },
          guilds: [{ id: ids.guildId, unavailable: true }],
          session_id: conn.sessionId,
          session_type: "normal",
          resume_gateway_url: gatewayUrl,
          shard: Array.isArray(d.shard) ? d.shard : [0, 1],
          application: { id: ids.applicationId, flags: appFlags() },
          private_channels: [],
          relationships: [],
          presences: [],
          guild_join_requests: [],
          geo_ordered_rtc_regions: ["fake"],
          auth: {},
          _trace: ['["fake-discord-gateway"]'],
        });
        if (!emulateIntents || intents & Intent.Guilds) sendDispatch(conn, "GUILD_CREATE", guild());
        identifiedCount++;
        notify();
        break;
      }
      case 6: {
        // resume
        const d = frame.d ?? {};
        const session = sessions.get(String(d.session_id));
        if (!session || (opts.token !== undefined && d.token !== opts.token)) {
          rawSend(conn, { op: 9, t: null, s: null, d: false });
          break;
        }
        conn.sessionId = String(d.session_id);
        conn.intents = session.intents;
        conn.seq = Number(d.seq ?? 0);
        conn.identified = true;
        sendDispatch(conn, "RESUMED", { _trace: ['["fake-discord-gateway"]'] });
        identifiedCount++;
        notify();
        break;
      }
      case 8: {
        // request guild members: answer with what we know in one chunk
        const d = frame.d ?? {};
        const wanted: string[] | undefined = d.user_ids ? [].concat(d.user_ids) : undefined;
        const all = [...users.values()];
        const found = wanted
          ? all.filter((u) => wanted.includes(u.id))
          : all.filter((u) => !d.query || u.username.startsWith(d.query));
        sendDispatch(conn, "GUILD_MEMBERS_CHUNK", {
          guild_id: d.guild_id,
          members: found.map((u) => (u.id === botUser.id ? botMember() : makeMember(u, { joinedAt: startedAt }))),
          chunk_index: 0,
          chunk_count: 1,
          not_found: wanted ? wanted.filter((id) => !users.has(id)) : [],
          ...(d.nonce ? { nonce: d.nonce } : {}),
        });
        break;
      }
      case 3:
      case 4:
        break; // presence / voice state: recorded only
      default:
        conn.ws.close(4001, "Unknown opcode.");
    }
    notify();
  }

  // ---------------------------------------------------------------- interaction helpers

  function channelFor(o: InteractionUserOptions): Json {
    if (o.dm)
      return {
        id: o.channelId ?? `${ids.userId.slice(0, -1)}9`,
        type: 1,
        last_message_id: null,
        flags: 0,
        recipients: [knownUser(ids.userId)],
      };
    const cid = o.channelId ?? ids.channelId;
    const c = channels.get(cid) ?? makeGuildChannel({ id: cid, name: "unknown" }, ids.guildId);
    return { ...c, permissions: appPermissions };
  }

  function userFor(o: { user?: Partial<ApiUser> }): ApiUser {
    const base = o.user?.id ? (users.get(o.user.id) ?? makeUser({ id: o.user.id })) : defaultUser;
    const u = { ...base, ...(o.user ?? {}) } as ApiUser;
    users.set(u.id, u);
    return u;
  }

  function baseInteraction(type: number, o: InteractionUserOptions, data: Json, extra: Json = {}): SentInteraction {
    requireConnection("dispatch INTERACTION_CREATE");
    const id = snowflakes.next();
    const token = `aW50ZXJhY3Rpb246${Buffer.from(`${id}:fake-token`).toString("base64url")}`;
    const user = userFor(o);
    const channel = channelFor(o);
    const payload: Json = {
      id,
      application_id: ids.applicationId,
      type,
      data,
      token,
      version: 1,
      locale: o.locale ?? "en-US",
      app_permissions: o.dm ? "0" : appPermissions,
      entitlements: [],
      authorizing_integration_owners: o.dm ? { "1": user.id } : { "0": ids.guildId },
      context: o.dm ? 1 : 0,
      attachment_size_limit: 10_485_760,
      channel,
      channel_id: channel.id,
      ...extra,
    };
    if (o.dm) {
      payload.user = user;
    } else {
      payload.guild_id = ids.guildId;
      payload.guild = { id: ids.guildId, locale: "en-US", features: [] };
      payload.guild_locale = "en-US";
      payload.member = makeMember(user, {
        roles: o.roles ?? [],
        joinedAt: startedAt,
        permissions: o.permissions ?? memberPermissions,
      });
    }
    if (o.extra) Object.assign(payload, o.extra);
    const state: InteractionState = {
      id,
      token,
      type,
      channelId: channel.id,
      dispatchedAt: Date.now(),
      followUpIds: [],
    };
    if (data?.name) state.name = data.name;
    if (data?.custom_id) state.customId = data.custom_id;
    if (payload.message?.id) state.sourceMessageId = payload.message.id;
    if (data?.type !== undefined && type === InteractionType.ApplicationCommand)
      interactionCommandType.set(id, data.type);
    invokerUserId.set(id, user.id);
    interactions.set(id, state);
    byToken.set(token, state);
    dispatchTo("INTERACTION_CREATE", () => payload);
    return { id, token, payload };
  }

  function defaultMessage(partial: Json, fallbackAuthor: ApiUser, channelId: string, components?: Json[]): Json {
    const author = partial?.author ? userFor({ user: partial.author }) : fallbackAuthor;
    const isBot = author.id === botUser.id;
    const msg = makeMessage({
      id: partial?.id ?? snowflakes.next(),
      channelId,
      guildId: ids.guildId,
      author,
      member: makeMember(author, { roles: isBot ? [ids.botRoleId] : [], joinedAt: startedAt, withUser: false }),
      content: "",
      components: components ?? [],
      ...(isBot ? { applicationId: ids.applicationId } : {}),
    });
    const merged = { ...msg, ...(partial ?? {}), author };
    messages.set(merged.id, merged);
    return merged;
  }

  const fake: FakeDiscord = {
    apiUrl,
    gatewayUrl,
    token: opts.token ?? fakeBotToken(ids.botUserId),
    ids,
    botUser,
    user: defaultUser,
    requests,
    gatewayFrames,
    get identify() {
      return identify;
    },
    interactions,
    messages,
    globalCommands,
    guildCommands,

    waitForRequest(pred, timeoutMs = 5000) {
      return waitFor(() => requests.find(pred), timeoutMs, `a matching request (${pred.toString().slice(0, 120)})`);
    },
    waitForRequests(pred, count, timeoutMs = 10_000) {
      return waitFor(
        () => {
          const found = requests.filter(pred);
          return found.length >= count ? found.slice(0, count) : undefined;
        },
        timeoutMs,
        `${count} matching requests (have ${requests.filter(pred).length})`,
      );
    },
    findRequests(pred) {
      return requests.filter(pred);
    },
    clearRequests() {
      requests.length = 0;
    },
    waitForIdentify(timeoutMs = 10_000) {
      return waitFor(() => (identifiedCount > 0 ? (true as const) : undefined), timeoutMs, "gateway IDENTIFY").then(
        () => undefined,
      );
    },
    waitForGatewayFrame(pred, timeoutMs = 5000) {
      return waitFor(() => gatewayFrames.find(pred), timeoutMs, "a matching gateway frame");
    },
    dispatch(t, d) {
      requireConnection(`dispatch ${t}`);
      dispatchTo(t, () => d);
    },
    disconnectGateway(code = 4000) {
      for (const c of connections) c.ws.close(code, "fake-discord disconnect");
    },

    sendSlashCommand(o) {
      const commandType = o.commandType ?? ApplicationCommandType.ChatInput;
      const data: Json = {
        id: o.commandId ?? findCommandId(o.name),
        name: o.name,
        type: commandType,
        guild_id: o.dm ? undefined : ids.guildId,
      };
      if (commandType === ApplicationCommandType.ChatInput) data.options = normalizeOptions(o.options);
      if (o.targetId) data.target_id = o.targetId;
      if (o.resolved) data.resolved = o.resolved;
      if (data.guild_id === undefined) delete data.guild_id;
      return baseInteraction(InteractionType.ApplicationCommand, o, data);
    },
    sendAutocomplete(o) {
      let options = normalizeOptions(o.options, o.focused);
      if (!Array.isArray(o.options) && o.focused === undefined && options.length > 0) {
        options = options.map((opt, i) => (i === options.length - 1 ? { ...opt, focused: true } : opt));
      }
      const data: Json = {
        id: o.commandId ?? findCommandId(o.name),
        name: o.name,
        type: 1,
        options,
        guild_id: ids.guildId,
      };
      return baseInteraction(InteractionType.ApplicationCommandAutocomplete, o, data);
    },
    sendComponent(o) {
      const componentType = o.componentType ?? 2;
      const component: Json =
        componentType === 2
          ? { type: 2, style: 1, label: "Button", custom_id: o.customId }
          : {
              type: componentType,
              custom_id: o.customId,
              ...(componentType === 3 ? { options: (o.values ?? ["a"]).map((v) => ({ label: v, value: v })) } : {}),
            };
      const message = defaultMessage(o.message, botUser, o.channelId ?? ids.channelId, [
        { type: 1, components: [component] },
      ]);
      const data: Json = { custom_id: o.customId, component_type: componentType };
      if (componentType !== 2) data.values = o.values ?? [];
      return baseInteraction(InteractionType.MessageComponent, o, data, { message });
    },
    sendButton(o) {
      return fake.sendComponent({ ...o, componentType: 2 });
    },
    sendMessageContextMenu(o) {
      const target = defaultMessage(o.message, defaultUser, o.channelId ?? ids.channelId);
      const data: Json = {
        id: o.commandId ?? findCommandId(o.name),
        name: o.name,
        type: ApplicationCommandType.Message,
        target_id: target.id,
        resolved: { messages: { [target.id]: target } },
        guild_id: ids.guildId,
      };
      return baseInteraction(InteractionType.ApplicationCommand, o, data);
    },
    sendUserContextMenu(o) {
      const target = userFor({ user: o.target });
      const data: Json = {
        id: o.commandId ?? findCommandId(o.name),
        name: o.name,
        type: ApplicationCommandType.User,
        target_id: target.id,
        resolved: {
          users: { [target.id]: target },
          members: {
            [target.id]: makeMember(target, { joinedAt: startedAt, withUser: false, permissions: memberPermissions }),
          },
        },
        guild_id: ids.guildId,
      };
      return baseInteraction(InteractionType.ApplicationCommand, o, data);
    },
    sendModalSubmit(o) {
      const data: Json = {
        custom_id: o.customId,
        components: Object.entries(o.fields).map(([customId, value], i) => ({
          type: 1,
          id: i * 2 + 1,
          components: [{ type: 4, id: i * 2 + 2, custom_id: customId, value }],
        })),
      };
      const extra: Json = {};
      if (o.message) extra.message = defaultMessage(o.message, botUser, o.channelId ?? ids.channelId);
      return baseInteraction(InteractionType.ModalSubmit, o, data, extra);
    },
    sendMessage(o) {
      requireConnection("dispatch MESSAGE_CREATE");
      const author = userFor({ user: o.author });
      const channelId = o.channelId ?? ids.channelId;
      const channel = channels.get(channelId);
      const guildId = channel ? (channel.guild_id ?? null) : ids.guildId;
      const mentionRe = new RegExp(`<@!?${botUser.id}>`);
      let content = o.content;
      if (o.mentionsBot && !mentionRe.test(content)) content = `<@${botUser.id}> ${content}`;
      const mentionsBot = mentionRe.test(content);
      const referenced = o.replyTo ? messages.get(o.replyTo) : undefined;
      const mentions: Json[] = [];
      const botMention = {
        ...botUser,
        member: makeMember(botUser, { roles: [ids.botRoleId], joinedAt: startedAt, withUser: false }),
      };
      if (mentionsBot) mentions.push(botMention);
      const msg = makeMessage({
        id: snowflakes.next(),
        channelId,
        guildId,
        author,
        member: guildId ? makeMember(author, { joinedAt: startedAt, withUser: false }) : undefined,
        content,
        mentions,
        attachments: o.attachments ?? [],
        embeds: o.embeds ?? [],
        type: o.replyTo ? 19 : 0,
        ...(o.replyTo
          ? {
              messageReference: {
                type: 0,
                channel_id: channelId,
                message_id: o.replyTo,
                ...(guildId ? { guild_id: guildId } : {}),
              },
              referencedMessage: referenced ?? null,
            }
          : {}),
        ...(o.extra ? { extra: o.extra } : {}),
      });
      if (referenced?.author?.id === botUser.id && !mentions.some((m) => m.id === botUser.id)) {
        // replying to the bot pings it by default (replied_user), which grants message content
        mentions.push(botMention);
      }
      messages.set(msg.id, msg);
      if (channel && "last_message_id" in channel) channel.last_message_id = msg.id;
      const full = { ...msg, channel_type: channel?.type ?? 0 };
      dispatchTo(
        "MESSAGE_CREATE",
        (conn) => {
          if (!emulateIntents) return full;
          const privilegedContent =
            (conn.intents & Intent.MessageContent) !== 0 ||
            author.id === botUser.id ||
            (msg.mentions as Json[]).some((m) => m.id === botUser.id) ||
            !guildId;
          return privilegedContent ? full : { ...full, content: "", embeds: [], attachments: [], components: [] };
        },
        { requireIntent: guildId ? Intent.GuildMessages : Intent.DirectMessages },
      );
      return msg.id as string;
    },

    createForumPost(o) {
      requireConnection("dispatch THREAD_CREATE");
      const forum = channels.get(o.forumId);
      if (forum?.type !== 15) throw new Error(`fake-discord: ${o.forumId} is not a forum channel`);
      const author = userFor({ user: o.author });
      const id = snowflakes.next();
      const thread = makeThreadChannel({
        id,
        guildId: ids.guildId,
        parentId: forum.id,
        ownerId: author.id,
        name: o.title,
        type: 11,
        botUserId: botUser.id,
        appliedTags: o.appliedTags ?? [],
        botIsMember: false,
      });
      thread.last_message_id = id;
      thread.message_count = 1;
      thread.total_message_sent = 1;
      channels.set(id, thread);
      const starter = makeMessage({
        id,
        channelId: id,
        guildId: ids.guildId,
        author,
        member: makeMember(author, { joinedAt: startedAt, withUser: false }),
        content: o.content,
        attachments: o.attachments ?? [],
        mentions: new RegExp(`<@!?${botUser.id}>`).test(o.content)
          ? [
              {
                ...botUser,
                member: makeMember(botUser, { roles: [ids.botRoleId], joinedAt: startedAt, withUser: false }),
              },
            ]
          : [],
        // The starter of a forum post has position 0 in its thread.
        extra: { position: 0 },
      });
      messages.set(id, starter);
      forum.last_message_id = id;
      dispatchTo("THREAD_CREATE", () => ({ ...thread, newly_created: true }), { requireIntent: Intent.Guilds });
      dispatchTo(
        "MESSAGE_CREATE",
        (conn) => {
          const full = { ...starter, channel_type: 11 };
          if (!emulateIntents || conn.intents & Intent.MessageContent || starter.mentions.length > 0) return full;
          return { ...full, content: "", embeds: [], attachments: [], components: [] };
        },
        { requireIntent: Intent.GuildMessages },
      );
      return { threadId: id, messageId: id };
    },

    setThreadArchived(threadId, archived) {
      const thread = channels.get(threadId);
      if (!thread?.thread_metadata) throw new Error(`fake-discord: ${threadId} is not a thread`);
      thread.thread_metadata.archived = archived;
      thread.thread_metadata.archive_timestamp = new Date().toISOString();
    },

    rateLimitNext(match, o = {}) {
      injections.push({
        pred: compileMatcher(match),
        remaining: o.count ?? 1,
        kind: "rateLimit",
        rateLimit: {
          retryAfterSeconds: o.retryAfterSeconds ?? 0.1,
          global: o.global ?? false,
          scope: o.scope ?? (o.global ? "global" : "user"),
        },
      });
    },
    failNext(match, status, body, o = {}) {
      injections.push({
        pred: compileMatcher(match),
        remaining: o.count ?? 1,
        kind: "fail",
        status,
        body: body ?? { message: `${status}: injected failure`, code: 0 },
        ...(o.headers ? { headers: o.headers } : {}),
      });
    },
    delayNext(match, ms, o = {}) {
      injections.push({ pred: compileMatcher(match), remaining: o.count ?? 1, kind: "delay", delayMs: ms });
    },
    override(match, responder) {
      overrides.push({ pred: compileMatcher(match), responder });
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const w of [...waiters]) w.reject(new Error("fake-discord: closed while waiting"));
      waiters.clear();
      for (const c of connections) c.ws.terminate();
      connections.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closedServer = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const s of sockets) s.destroy();
      await closedServer;
    },
  };
  return fake;
}
