/**
 * `npm run deploy-commands`: register the bot's commands with Discord: in one guild when DISCORD_GUILD_ID is set
 * (instant, for development), otherwise globally. The list is the bot's own loader list, so they never diverge.
 */
import { DiscordAPIError, REST, type RESTGetCurrentApplicationResult, Routes } from "discord.js";
import { runCli } from "../src/cli/main.js";
import { commandPayloads } from "../src/discord/commands/index.js";
import { tokenInvalid, tokenMissing } from "../src/discord/token-errors.js";
import { ErrorCode, ExitCode, QuotebotError } from "../src/errors.js";

await runCli(async ({ config }) => {
  const { token, guildId, apiUrl } = config.discord;
  if (!token) throw tokenMissing();
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  const body = commandPayloads();
  try {
    // Without DISCORD_CLIENT_ID, ask Discord which application the token belongs to.
    const appId =
      config.discord.clientId ?? ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
    const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
    const registered = (await rest.put(route, { body })) as { name: string }[];
    const names = registered.map((c) => c.name).join(", ");
    process.stdout.write(
      `Registered ${registered.length} commands ${guildId ? `in guild ${guildId}` : "globally"}: ${names}\n`,
    );
    return ExitCode.ok;
  } catch (e) {
    if (e instanceof DiscordAPIError && e.status === 401) throw tokenInvalid();
    if (e instanceof DiscordAPIError)
      throw new QuotebotError(
        ErrorCode.ConfigInvalid,
        `Discord refused the commands: ${e.message.replace(/\s*\n\s*/g, "; ")}`,
        undefined,
        {
          cause: e,
        },
      );
    throw e;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
});
