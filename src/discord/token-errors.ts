/** The two ways a Discord token goes wrong, worded once for the bot (`npm start`) and `deploy-commands`. */
import { ErrorCode, QuotebotError } from "../errors.js";

export const tokenMissing = (): QuotebotError =>
  new QuotebotError(
    ErrorCode.DiscordTokenMissing,
    "DISCORD_TOKEN is not set.",
    "Put your bot token in .env or the environment (see .env.example).",
  );

export const tokenInvalid = (): QuotebotError =>
  new QuotebotError(
    ErrorCode.DiscordTokenInvalid,
    "Discord rejected DISCORD_TOKEN (invalid token).",
    "Copy the bot token from the Discord developer portal (Bot → Reset Token) into .env.",
  );
