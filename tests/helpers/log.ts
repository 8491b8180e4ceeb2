/** A real pino logger whose entries tests can read. */
import pino from "pino";
import type { Logger } from "../../src/log.js";

export interface LogEntry {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** Pino's numeric levels, for reading entries. */
export const LOG_LEVEL = { warn: 40, error: 50 } as const;

/** A pino logger that keeps every entry in memory (level 50 = error, 40 = warn). */
export function memoryLogger(): { log: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const log = pino(
    { level: "debug", base: undefined },
    {
      write(line: string) {
        entries.push(JSON.parse(line) as LogEntry);
      },
    },
  );
  return { log, entries };
}
