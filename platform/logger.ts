/** The process logger: structured JSON via pino, level from configuration. */
import { pino, type Logger } from "pino";

export type { Logger };

/** Create the root logger for a process. */
export function createLogger(level: string, name = "turash"): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
