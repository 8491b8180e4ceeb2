/**
 * What every handler receives: configuration, logger, the engine holder, the bot's small stores and the
 * per-server settings database.
 */
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import type { BotStore } from "../store/bot-store.js";
import type { GuildSettings } from "../store/guild-settings.js";
import type { UserHasher } from "../store/secret.js";
import type { Cooldowns } from "./cooldowns.js";
import type { EngineHolder } from "./engine-holder.js";
import type { FeedbackLog } from "./feedback.js";
import type { AnswerSessions } from "./sessions.js";

/** A guild's settings with the environment's defaults filled in where the guild has not chosen. */
export interface EffectiveSettings extends GuildSettings {
  replyInThread: boolean;
  cooldownSeconds: number;
}

export interface BotContext {
  config: Config;
  log: Logger;
  holder: EngineHolder;
  cooldowns: Cooldowns;
  sessions: AnswerSessions;
  feedback: FeedbackLog;
  store: BotStore;
  /** Keyed hash of a user id (never store the raw id). */
  hashUser: UserHasher;
  /** The settings that apply in `guildId` (defaults outside a guild). */
  settings(guildId: string | null | undefined): EffectiveSettings;
}

interface CommandData {
  readonly name: string;
  toJSON(): RESTPostAPIApplicationCommandsJSONBody;
}

/** A slash command module: `data` (the builder) and `execute`, as in the discord.js guide. */
export interface SlashCommand {
  kind: "slash";
  data: CommandData;
  /** Queries the index, so the per-user cooldown applies. */
  cooldown?: boolean;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** A message context-menu command module. */
export interface MessageCommand {
  kind: "message";
  data: CommandData;
  cooldown?: boolean;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
}

export type Command = SlashCommand | MessageCommand;
