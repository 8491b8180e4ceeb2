/**
 * One logger for the whole project. Logs go to stderr so that `--json` output on stdout stays clean.
 * Secrets are redacted by path, and the Discord token is never passed to the logger in the first place.
 */
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

const REDACT = ["token", "*.token", "*.*.token", "authorization", "*.authorization", "headers.authorization"];

export function createLogger(level: string = "info", options: { pretty?: boolean } = {}): Logger {
  const usePretty = options.pretty ?? process.stderr.isTTY === true;
  const base = { level, redact: { paths: REDACT, censor: "[redacted]" }, base: undefined };
  if (usePretty) {
    return pino(
      base,
      pretty({ destination: 2, sync: true, colorize: true, ignore: "pid,hostname", translateTime: "HH:MM:ss" }),
    );
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything; for tests and library callers that bring their own. */
export const silentLogger: Logger = pino({ level: "silent" });
