/** The process logger: structured JSON via pino, level from configuration. */
import { pino, type DestinationStream, type Logger } from "pino";
import { currentRequestId } from "./request-context.ts";

export type { Logger };

/**
 * Create the root logger for a process (to stdout, or to `destination`). Every line written while a request's work is in
 * hand (an HTTP request, or a NATS message that carried the id) has its `requestId`, so
 * one id finds the api's, the ingest worker's and the matching worker's lines together.
 */
export function createLogger(level: string, name = "turash", destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    base: { pid: process.pid },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId === undefined ? {} : { requestId };
    },
  };
  // Without a destination pino writes to stdout; tests pass one to read the lines back.
  return destination ? pino(options, destination) : pino(options);
}
