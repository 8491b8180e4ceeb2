/**
 * The bot: a discord.js Client with only non-privileged intents, no mention parsing by default, REST pointed at
 * DISCORD_API_URL when set (a rate-limit proxy, or the loopback fake in tests), and the event handlers wired up.
 */
import { randomBytes } from "node:crypto";
import { Client, Events, GatewayIntentBits } from "discord.js";
import type { Config } from "../config.js";
import { describeError } from "../errors.js";
import type { Logger } from "../log.js";
import { BotStore } from "../store/bot-store.js";
import { openDatabase } from "../store/open-database.js";
import { loadInstallSecret, type UserHasher, userHasher } from "../store/secret.js";
import { commands as allCommands, loadCommands } from "./commands/index.js";
import type { BotContext, Command, EffectiveSettings } from "./context.js";
import { Cooldowns } from "./cooldowns.js";
import type { EngineHolder } from "./engine-holder.js";
import { interactionHandler } from "./events/interaction-create.js";
import { messageHandler } from "./events/message-create.js";
import { readyHandler } from "./events/ready.js";
import { type ForumOptions, threadCreateHandler } from "./events/thread-create.js";
import { FeedbackLog } from "./feedback.js";
import { loggableError } from "./respond.js";
import { AnswerSessions } from "./sessions.js";

export function createClient(config: Config): Client {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  // Mentions and replies to the bot carry their text without it; forum posts and thread follow-ups that do not
  // mention the bot need the privileged Message Content intent (opt-in, MESSAGE_CONTENT_INTENT).
  if (config.discord.messageContent) intents.push(GatewayIntentBits.MessageContent);
  return new Client({
    // Guilds for slash commands, channels and threads (forum posts), GuildMessages for mentions and follow-ups.
    intents,
    allowedMentions: { parse: [] },
    rest: config.discord.apiUrl ? { api: config.discord.apiUrl } : {},
  });
}

export interface BotOptions {
  config: Config;
  log: Logger;
  holder: EngineHolder;
  commands?: readonly Command[];
  /**
   * Called when the gateway closes for good (discord.js emits ShardDisconnect only for close codes it will not
   * retry, e.g. 4004 "authentication failed"). Default: log it.
   */
  onGatewayClosed?: (code: number) => void;
  /** How long to wait for a settings database another process holds locked (default 5 s). */
  dbBusyTimeoutMs?: number;
  /** Forum auto-answer tuning (the starter message retry). */
  forum?: ForumOptions;
}

export interface Bot {
  client: Client;
  ctx: BotContext;
  /** Connect to Discord; rejects with discord.js' TokenInvalid error for a bad token. */
  login(token: string): Promise<void>;
  destroy(): Promise<void>;
}

export function createBot(options: BotOptions): Bot {
  const { config, log, holder } = options;
  const client = createClient(config);
  const opened = openDatabase(config.dataDir, { busyTimeoutMs: options.dbBusyTimeoutMs });
  // One clear line; the bot answers with default settings from an in-memory database.
  if (opened.problem) log.error({ code: opened.problem.code, file: opened.file }, describeError(opened.problem));
  const store = new BotStore(opened, log);
  const hashUser = installHasher(config, log);
  const settings = (guildId: string | null | undefined): EffectiveSettings => {
    const s = store.settings(guildId ?? "");
    return {
      ...s,
      replyInThread: s.replyInThread ?? config.discord.replyInThread,
      cooldownSeconds: s.cooldownSeconds ?? config.discord.cooldownSeconds,
    };
  };
  const ctx: BotContext = {
    config,
    log,
    holder,
    cooldowns: new Cooldowns(config.discord.cooldownSeconds),
    sessions: new AnswerSessions(),
    feedback: new FeedbackLog(config.discord.feedbackFile, hashUser),
    store,
    hashUser,
    settings,
  };
  const onInteraction = interactionHandler(ctx, loadCommands(options.commands ?? allCommands));
  const onMessage = messageHandler(ctx, client);
  // Handlers catch their own errors; the extra catch keeps an unexpected rejection from going unhandled.
  client.on(Events.InteractionCreate, (i) => {
    onInteraction(i).catch((e: unknown) => log.error({ err: loggableError(e) }, "interaction handler crashed"));
  });
  client.on(Events.MessageCreate, (m) => {
    onMessage(m).catch((e: unknown) => log.error({ err: loggableError(e) }, "message handler crashed"));
  });
  const onThread = threadCreateHandler(ctx, client, options.forum);
  client.on(Events.ThreadCreate, (thread, newlyCreated) => {
    onThread(thread, newlyCreated).catch((e: unknown) =>
      log.error({ err: loggableError(e) }, "thread handler crashed"),
    );
  });
  client.once(Events.ClientReady, readyHandler(ctx));
  // An 'error' event without a listener would throw and stop the process.
  client.on(Events.Error, (e) => log.error({ err: loggableError(e) }, "discord client error"));
  client.on(Events.Warn, (m) => log.warn(m));
  client.on(Events.ShardDisconnect, (event, shard) => {
    if (options.onGatewayClosed) options.onGatewayClosed(event.code);
    else log.error({ code: event.code, shard }, "gateway closed for good");
  });
  return {
    client,
    ctx,
    async login(token: string) {
      await client.login(token);
    },
    async destroy() {
      await client.destroy();
      store.close();
    },
  };
}

/**
 * The keyed user hash. Without a readable secret (DATA_DIR not writable) a random per-process key keeps raw ids
 * out of storage; hashes then differ across restarts, which only loosens per-person counts.
 */
function installHasher(config: Config, log: Logger): UserHasher {
  try {
    return userHasher(loadInstallSecret(config.dataDir));
  } catch (e) {
    log.error({ err: loggableError(e) }, "could not read or create DATA_DIR/secret; user hashes are per-process");
    return userHasher(randomBytes(32));
  }
}
