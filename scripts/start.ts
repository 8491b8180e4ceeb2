/**
 * `npm start`: run the Discord bot. Expected failures (no token, a token Discord rejects, no index) print one line
 * on stderr and exit 1, without a stack trace; the token itself is never printed or logged. SIGINT/SIGTERM
 * disconnect cleanly and exit 0.
 */
import { DiscordjsErrorCodes } from "discord.js";
import { type Config, loadConfig } from "../src/config.js";
import { createBot } from "../src/discord/client.js";
import { EngineHolder } from "../src/discord/engine-holder.js";
import { loggableError } from "../src/discord/respond.js";
import { tokenInvalid, tokenMissing } from "../src/discord/token-errors.js";
import { Engine } from "../src/engine.js";
import { describeError, ExitCode, explainError } from "../src/errors.js";
import { createLogger } from "../src/log.js";

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

let engine: Engine;
try {
  engine = await Engine.open(config, { log });
} catch (e) {
  fail(explainError(e));
}
const holder = new EngineHolder(engine, { config, log });
let stopping = false;
// Gateway closes that discord.js will not retry (4004 "authentication failed", 4010-4014) end the process.
const bot = createBot({
  config,
  log,
  holder,
  onGatewayClosed: (code) => {
    if (stopping) return;
    if (code === 4004) fail(describeError(tokenInvalid()));
    if (code === 4014)
      fail("Discord refused a privileged intent. quotebot needs none; check that this is the right application.");
    fail(`Discord closed the gateway connection for good (close code ${code}).`);
  },
});

async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down");
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
