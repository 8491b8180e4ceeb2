/**
 * The bot: a discord.js Client with only non-privileged intents, no mention parsing by default, REST pointed at
 * DISCORD_API_URL when set (a rate-limit proxy, or the loopback fake in tests), and the event handlers wired up.
 */
import { Client, Events, GatewayIntentBits } from "discord.js";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { commands as allCommands, loadCommands } from "./commands/index.js";
import type { BotContext, Command } from "./context.js";
import { Cooldowns } from "./cooldowns.js";
import type { EngineHolder } from "./engine-holder.js";
import { interactionHandler } from "./events/interaction-create.js";
import { messageHandler } from "./events/message-create.js";
import { readyHandler } from "./events/ready.js";
import { FeedbackLog } from "./feedback.js";
import { loggableError } from "./respond.js";
import { AnswerSessions } from "./sessions.js";

export function createClient(config: Config): Client {
  return new Client({
    // Guilds for slash commands and channels, GuildMessages for mentions. No MessageContent: mentions carry it.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
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
  const ctx: BotContext = {
    config,
    log,
    holder,
    cooldowns: new Cooldowns(config.discord.cooldownSeconds),
    sessions: new AnswerSessions(),
    feedback: new FeedbackLog(config.discord.feedbackFile),
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
    },
  };
}
