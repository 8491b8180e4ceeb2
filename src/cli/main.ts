/** Shared plumbing for command-line entry points: config, logger, and turning errors into one clear line. */
import { type Config, loadConfig } from "../config.js";
import { describeError, ExitCode, errorMessage, isQuotebotError } from "../errors.js";
import { createLogger, type Logger } from "../log.js";

export interface CliContext {
  config: Config;
  log: Logger;
}

/** Run `main`; expected errors print one line (no stack trace) and set a non-zero exit code. */
export async function runCli(main: (ctx: CliContext) => Promise<number | undefined>): Promise<void> {
  let log: Logger | undefined;
  try {
    const config = loadConfig();
    // Terminal users get readable warnings on stderr; stdout stays for results.
    log = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, { pretty: true });
    process.exitCode = (await main({ config, log })) ?? ExitCode.ok;
  } catch (e) {
    if (isQuotebotError(e)) {
      process.stderr.write(`error: ${describeError(e)}\n`);
    } else {
      process.stderr.write(`error: ${errorMessage(e)}\n`);
      log?.debug({ err: e }, "unexpected error");
    }
    process.exitCode = ExitCode.failure;
  }
}
