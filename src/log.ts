/**
 * One logger for the whole project. Logs go to stderr so that `--json` output on stdout stays clean.
 * Secrets are redacted by path, and the Discord token is never passed to the logger in the first place.
 */
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

const REDACT = ["token", "*.token", "*.*.token", "authorization", "*.authorization", "headers.authorization"];

/**
 * Whether to colour what goes to `stream`: only a terminal gets ANSI codes (a file or a pipe would keep them as
 * junk), and never when NO_COLOR is set to a non-empty value (https://no-color.org).
 */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

export function createLogger(level: string = "info", options: { pretty?: boolean } = {}): Logger {
  const usePretty = options.pretty ?? process.stderr.isTTY === true;
  const base = { level, redact: { paths: REDACT, censor: "[redacted]" }, base: undefined };
  if (usePretty) {
    const colorize = useColor(process.stderr);
    return pino(
      base,
      pretty({ destination: 2, sync: true, colorize, ignore: "pid,hostname", translateTime: "HH:MM:ss" }),
    );
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything; for tests and library callers that bring their own. */
export const silentLogger: Logger = pino({ level: "silent" });
