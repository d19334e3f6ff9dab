/**
 * Infrastructure errors classified once: is it worth retrying? Callers ask
 * {@link isRetriable} instead of inspecting driver-specific error shapes, and
 * JetStream consumers use the answer to choose NAK (retry later) or TERM (dead letter).
 */

/** Which backing service an error came from. */
export type ServiceName = "neo4j" | "postgres" | "redis" | "nats";

/** How to start each service locally; used in the one-line "missing service" message. */
export const START_HINT: Readonly<Record<ServiceName, string>> = Object.freeze({
  neo4j: "npm run services",
  postgres: "npm run services (or: pg_ctlcluster 15 main start)",
  redis: "npm run services (or: redis-server --daemonize yes)",
  nats: "npm run services (or: nats-server -js)",
});

/** A backing service that cannot be reached; carries the one line shown to people. */
export class ServiceUnavailableError extends Error {
  readonly retriable = true;
  constructor(
    readonly service: ServiceName,
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${service} is not reachable at ${redact(url)} (${reason}) — start it with: ${START_HINT[service]}`);
    this.name = "ServiceUnavailableError";
  }
}

const RETRIABLE_NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

// PostgreSQL SQLSTATE classes that mean "try again": serialization failure, deadlock,
// connection exceptions, insufficient resources, operator intervention (shutdown).
const RETRIABLE_SQLSTATE = [/^40001$/, /^40P01$/, /^08/, /^53/, /^57P0[123]$/];

// neo4j-driver marks transient failures with these codes (see its error.ts).
const RETRIABLE_NEO4J = new Set(["ServiceUnavailable", "SessionExpired"]);

/**
 * True when the same operation may succeed if tried again later (a service restarting,
 * a lock conflict, a dropped connection); false for errors that will fail the same way
 * every time (bad query, constraint violation, invalid data).
 */
export function isRetriable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { retriable?: unknown; code?: unknown; name?: unknown; cause?: unknown; retryable?: unknown };
  if (typeof e.retriable === "boolean") return e.retriable;
  if (typeof e.retryable === "boolean") return e.retryable;
  const code = typeof e.code === "string" ? e.code : "";
  if (RETRIABLE_NODE_CODES.has(code)) return true;
  if (RETRIABLE_NEO4J.has(code) || code.startsWith("Neo.TransientError")) return true;
  if (/^[0-9A-Z]{5}$/.test(code) && RETRIABLE_SQLSTATE.some((re) => re.test(code))) return true;
  // nats.js: timeouts and disconnections are transient.
  if (code === "TIMEOUT" || code === "CONNECTION_REFUSED" || code === "DISCONNECT") return true;
  if (e.name === "MaxRetriesPerRequestError") return true; // ioredis while reconnecting
  return e.cause !== undefined && e.cause !== error ? isRetriable(e.cause) : false;
}

/** Hide credentials in a connection URL before it reaches a log line. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

/** A failure that will happen again on every retry (a message about a job that does not exist, say). */
export class NonRetriableError extends Error {
  readonly retriable = false;
  override readonly name = "NonRetriableError";
}

/** The gist of an error message for one-line reports: its first line, first sentence when long. */
export function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n")[0] ?? message;
  if (line.length <= 120) return line;
  const sentence = /^.*?[.!?](?=\s)/.exec(line)?.[0];
  return sentence && sentence.length >= 10 ? sentence : `${line.slice(0, 117)}…`;
}
