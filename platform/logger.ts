/**
 * The process logger: structured JSON via pino, level from configuration. On a terminal a
 * person reads (stdout a TTY, outside tests) the same records are printed by pino-pretty, one
 * coloured line each, in a pino transport (a worker thread, so formatting never slows the
 * process); anywhere else — a pipe, a file, a log collector — JSON lines stay the output.
 */
import { pino, type DestinationStream, type Logger } from "pino";
import { currentRequestId } from "./request-context.ts";

export type { Logger };

/** How log records are written (LOG_FORMAT): `auto` is pretty on a TTY outside tests, else JSON. */
export type LogFormat = "auto" | "json" | "pretty";

/** Whether records are printed pretty: the format asked for, or in `auto` what the terminal and environment say. */
export function prettyLogs(format: LogFormat, stdoutIsTty: boolean, nodeEnv: string | undefined): boolean {
  if (format !== "auto") return format === "pretty";
  return stdoutIsTty && nodeEnv !== "test";
}

/**
 * Create the root logger for a process: to stdout in `output`'s format, or as JSON lines to
 * a destination stream (tests pass one to read the lines back). Every line written while a
 * request's work is in hand (an HTTP request, or a NATS message that carried the id) has its
 * `requestId`, so one id finds the api's, the ingest worker's and the matching worker's lines
 * together.
 */
export function createLogger(level: string, name = "turash", output: LogFormat | DestinationStream = "auto"): Logger {
  const options = {
    name,
    level,
    base: { pid: process.pid },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId === undefined ? {} : { requestId };
    },
  };
  if (typeof output !== "string") return pino(options, output);
  if (!prettyLogs(output, process.stdout.isTTY === true, process.env.NODE_ENV ?? (process.env.VITEST ? "test" : undefined))) return pino(options);
  return pino({
    ...options,
    transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" } },
  });
}
