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

// node-postgres reports a connection lost under a query (the server killed or restarted) as
// a bare Error without a SQLSTATE or errno, and knex prefixes the query's text to the
// message: recognised by these words. Left unclassified, a query in flight when PostgreSQL
// died was a permanent failure — an import chunk was dead-lettered at once instead of
// retried, and a REST write answered 500 instead of 503 (test/faults/faults.test.ts).
const PG_CONNECTION_LOST = /(?:^|- )(?:Connection terminated unexpectedly|Connection terminated due to connection timeout|Client has encountered a connection error and is not queryable)$|^timeout expired$/;

// neo4j-driver marks transient failures with these codes (see its error.ts).
const RETRIABLE_NEO4J = new Set(["ServiceUnavailable", "SessionExpired"]);

/**
 * True when the same operation may succeed if tried again later (a service restarting,
 * a lock conflict, a dropped connection); false for errors that will fail the same way
 * every time (bad query, constraint violation, invalid data).
 */
export function isRetriable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { retriable?: unknown; code?: unknown; name?: unknown; message?: unknown; cause?: unknown; retryable?: unknown };
  if (typeof e.retriable === "boolean") return e.retriable;
  if (typeof e.retryable === "boolean") return e.retryable;
  const code = typeof e.code === "string" ? e.code : "";
  if (RETRIABLE_NODE_CODES.has(code)) return true;
  if (RETRIABLE_NEO4J.has(code) || code.startsWith("Neo.TransientError")) return true;
  if (/^[0-9A-Z]{5}$/.test(code) && RETRIABLE_SQLSTATE.some((re) => re.test(code))) return true;
  // nats.js: timeouts and disconnections are transient.
  if (code === "TIMEOUT" || code === "CONNECTION_REFUSED" || code === "DISCONNECT") return true;
  if (e.name === "MaxRetriesPerRequestError") return true; // ioredis while reconnecting
  // knex's pool found no connection in time: the database is away or saturated, both pass.
  if (e.name === "KnexTimeoutError") return true;
  if (!code && typeof e.message === "string" && PG_CONNECTION_LOST.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== error ? isRetriable(e.cause) : false;
}

const SERVICES: readonly ServiceName[] = ["neo4j", "postgres", "redis", "nats"];

/**
 * Which backing service an error came from, when its shape says so: our own errors naming
 * one (ServiceUnavailableError, a catalogue error's `service`), neo4j-driver's codes,
 * nats.js's NatsError, node-postgres' SQLSTATE errors and knex's pool timeout, ioredis'
 * offline and closed-connection errors; else its cause's; undefined when nothing tells
 * (a bare ECONNREFUSED could be any of them — the api then asks readiness which is down).
 */
export function serviceOf(error: unknown): ServiceName | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as { service?: unknown; extensions?: { service?: unknown }; code?: unknown; name?: unknown; message?: unknown; severity?: unknown; cause?: unknown };
  const named = e.service ?? e.extensions?.service;
  if (typeof named === "string" && (SERVICES as readonly string[]).includes(named)) return named as ServiceName;
  const code = typeof e.code === "string" ? e.code : "";
  const message = typeof e.message === "string" ? e.message : "";
  if (e.name === "Neo4jError" || code.startsWith("Neo.") || RETRIABLE_NEO4J.has(code)) return "neo4j";
  if (e.name === "NatsError") return "nats";
  if (e.name === "KnexTimeoutError" || (typeof e.severity === "string" && /^[0-9A-Z]{5}$/.test(code)) || (!code && PG_CONNECTION_LOST.test(message))) return "postgres";
  if (e.name === "MaxRetriesPerRequestError" || /enableOfflineQueue|^Connection is closed\.?$/.test(message)) return "redis";
  return e.cause !== undefined && e.cause !== error ? serviceOf(e.cause) : undefined;
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
