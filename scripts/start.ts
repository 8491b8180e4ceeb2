/**
 * `npm start`: run the Discord bot (`-- --shards N --shards-per-process M`: N gateway shards over several processes,
 * see src/discord/sharding.ts; with QUERY_URL, questions go to `npm run serve` instead of a local Engine). Expected failures (no token, a token Discord rejects, no index) print one line
 * on stderr and exit 1, without a stack trace; the token itself is never printed or logged. SIGINT/SIGTERM
 * disconnect cleanly and exit 0.
 */
import { DiscordjsErrorCodes } from "discord.js";
import { type Config, loadConfig } from "../src/config.js";
import { createBot } from "../src/discord/client.js";
import { EngineHolder } from "../src/discord/engine-holder.js";
import { loggableError } from "../src/discord/respond.js";
import { applyShards, parseStartArgs, startShardingManager } from "../src/discord/sharding.js";
import { tokenInvalid, tokenMissing } from "../src/discord/token-errors.js";
import { describeError, ExitCode, explainError } from "../src/errors.js";
import { startBotFeedWatch } from "../src/import/bot-watch.js";
import type { FeedWatch } from "../src/import/watch.js";
import { createLogger } from "../src/log.js";
import type { QueryService } from "../src/query-service.js";
import { RemoteQueryService } from "../src/serve/client.js";

let secret: string | undefined;

/** One line on stderr, then exit. The token is masked in case some message ever echoes it. */
function fail(line: string): never {
  const safe = secret ? line.split(secret).join("[redacted]") : line;
  process.stderr.write(`error: ${safe.replace(/\s*\n\s*/g, " ")}\n`);
  process.exit(ExitCode.failure);
}

let config: Config;
try {
  config = loadConfig();
} catch (e) {
  fail(explainError(e));
}
const token = config.discord.token;
if (!token) fail(describeError(tokenMissing()));
secret = token;
const log = createLogger(config.logLevel);
const args = parseStartArgs(process.argv.slice(2));
if (!args.ok) fail(args.error);
if (args.value.shards !== undefined) {
  // The manager only spawns and respawns shard processes; it holds no engine and no gateway connection.
  const { shards: total, perProcess, processIds } = args.value;
  const manager = await startShardingManager({ token, total, perProcess, processIds, log }).catch((e: unknown) =>
    fail(explainError(e)),
  );
  const stopAll = (signal: string) => {
    log.info({ signal }, "stopping every shard process");
    for (const shard of manager.shards.values()) shard.kill();
    process.exit(ExitCode.ok);
  };
  process.once("SIGINT", () => stopAll("SIGINT"));
  process.once("SIGTERM", () => stopAll("SIGTERM"));
} else {
  let service: QueryService;
  try {
    service = config.query.url
      ? await RemoteQueryService.connect({ url: config.query.url, apiKey: config.query.apiKey, log })
      : // Loaded only here: the engine's modules (hnswlib-node, the index loaders) are dead weight with QUERY_URL.
        await (await import("../src/engine.js")).Engine.open(config, { log });
  } catch (e) {
    fail(explainError(e));
  }
  const rebuildElsewhere = config.query.url
    ? "This bot answers from the query service (QUERY_URL): rebuild the index there with `npm run build-index`; the service swaps it in by itself."
    : undefined;
  await runBot(new EngineHolder(service, { config, log, rebuildElsewhere }), token);
}

/**
 * Close code 4014: the application was refused a privileged intent. quotebot asks for one only when
 * MESSAGE_CONTENT_INTENT is on, so the message says which switch to flip.
 */
function privilegedIntentRefused(messageContent: boolean): string {
  return messageContent
    ? "Discord refused the Message Content intent (MESSAGE_CONTENT_INTENT=true). Turn on Message Content Intent for " +
        "this application in the Developer Portal (Bot → Privileged Gateway Intents), or unset MESSAGE_CONTENT_INTENT " +
        "to run without reading forum posts and follow-ups that do not mention the bot."
    : "Discord refused a privileged intent, but quotebot asks for none without MESSAGE_CONTENT_INTENT; check that " +
        "DISCORD_TOKEN belongs to the right application.";
}

async function runBot(holder: EngineHolder, token: string): Promise<void> {
  let stopping = false;
  let feedWatch: FeedWatch | undefined;
  // Gateway closes that discord.js will not retry (4004 "authentication failed", 4010-4014) end the process.
  const bot = createBot({
    config,
    log,
    holder,
    onGatewayClosed: (code) => {
      if (stopping) return;
      if (code === 4004) fail(describeError(tokenInvalid()));
      if (code === 4014) fail(privilegedIntentRefused(config.discord.messageContent));
      fail(`Discord closed the gateway connection for good (close code ${code}).`);
    },
  });

  applyShards(bot.client, config, args.ok ? args.value : { perProcess: 1 });

  async function stop(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    feedWatch?.stop();
    try {
      await bot.destroy();
      await holder.close();
    } catch (e) {
      log.warn({ err: loggableError(e) }, "error while shutting down");
    }
    process.exit(ExitCode.ok);
  }
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.on("unhandledRejection", (e) => log.error({ err: loggableError(e) }, "unhandled rejection"));

  try {
    await bot.login(token);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === DiscordjsErrorCodes.TokenInvalid) fail(describeError(tokenInvalid()));
    fail(`could not connect to Discord: ${explainError(e)}`);
  }
  feedWatch = startBotFeedWatch(config, log, holder);
}
