/**
 * Answering a user when a handler failed, whatever state the interaction is in (not yet acknowledged, deferred,
 * already replied), and logging errors without secrets: a Discord API error carries the interaction's webhook
 * URL, whose token must not reach the logs.
 */
import { type Interaction, MessageFlags } from "discord.js";
import { describeError, ErrorCode, isQuotebotError } from "../errors.js";
import type { Logger } from "../log.js";
import { type Payload, renderNotice } from "./render.js";

export const GENERIC_ERROR =
  "Sorry — something went wrong while answering. The error was logged; please try again in a moment.";

/** The payload as a private reply, seen only by the user who asked. */
export const ephemeral = <P extends object>(payload: P) => ({ ...payload, flags: MessageFlags.Ephemeral }) as const;

/** The parts of an error worth logging: no URLs, request bodies or headers. */
export function loggableError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: String(e) };
  const out: Record<string, unknown> = { type: e.name, message: e.message, stack: e.stack };
  const extra = e as Error & { code?: unknown; status?: unknown; method?: unknown };
  if (extra.code !== undefined) out.code = extra.code;
  if (extra.status !== undefined) out.status = extra.status;
  if (typeof extra.method === "string") out.method = extra.method;
  return out;
}

/** Send `notice` as the interaction's answer: edit a deferred reply, follow up a sent one, or reply ephemerally. */
export async function sendNotice(interaction: Interaction, notice: Payload): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  if (interaction.deferred && !interaction.replied) await interaction.editReply(notice);
  else if (interaction.replied || interaction.deferred) await interaction.followUp(ephemeral(notice));
  else await interaction.reply(ephemeral(notice));
}

/** Tell the user a handler failed and log why; never throws. */
export async function reportFailure(interaction: Interaction, e: unknown, log: Logger, what: string): Promise<void> {
  log.error({ err: loggableError(e), what, interaction: interaction.id }, "handler failed");
  try {
    // A query service (QUERY_URL) that is down is said so, politely; anything else stays generic.
    const unavailable = isQuotebotError(e) && e.code === ErrorCode.QueryServiceUnavailable;
    await sendNotice(interaction, renderNotice(unavailable ? describeError(e) : GENERIC_ERROR));
  } catch (e2) {
    log.warn({ err: loggableError(e2), interaction: interaction.id }, "could not tell the user about the failure");
  }
}
