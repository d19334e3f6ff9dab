/** Neo4j driver lifecycle: one driver per process, verified at start. */
import net from "node:net";
import neo4j, { type Driver } from "neo4j-driver";
import { ServiceUnavailableError, shortReason } from "../infra-errors.ts";

export type { Driver };

/** Settings needed to reach Neo4j. */
export interface Neo4jSettings {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** How long a transaction function is retried on transient failures (the driver's default, 30 s, when unset). */
  readonly maxRetryMs?: number;
}

let noDelay = false;

/**
 * Turn off Nagle's algorithm on the driver's sockets. neo4j-driver 5 for Node never sets
 * TCP_NODELAY (the Python, Java and Rust drivers do) and writes messages in 1,400-byte
 * pieces, so every query with parameters beyond one piece waited ~40 ms for the server's
 * delayed ACK: a 10k-row batch took 4.75 s instead of 0.8 s. The driver has no option for
 * it and opens sockets with `net.connect(port, host, cb)`, so that function is wrapped.
 * Process-wide, and harmless: pg, ioredis and nats set TCP_NODELAY themselves.
 */
function enableNoDelay(): void {
  if (noDelay) return;
  noDelay = true;
  const connect = net.connect;
  net.connect = function (this: unknown, ...args: unknown[]) {
    const socket = (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    socket.setNoDelay(true);
    return socket;
  } as typeof net.connect;
}

/** Create a driver without touching the network. */
export function createDriver(settings: Neo4jSettings): Driver {
  enableNoDelay();
  return neo4j.driver(settings.url, neo4j.auth.basic(settings.user, settings.password), {
    // Integers arrive as JS numbers; the domain never holds ids or counts beyond 2^53.
    disableLosslessIntegers: true,
    connectionAcquisitionTimeout: 10_000,
    connectionTimeout: 5_000,
    maxConnectionPoolSize: 50,
    ...(settings.maxRetryMs === undefined ? {} : { maxTransactionRetryTime: settings.maxRetryMs }),
    logging: { level: "error", logger: () => undefined },
  });
}

/** The server's product version, e.g. "5.26.30"; throws when unreachable. */
export async function neo4jVersion(driver: Driver): Promise<string> {
  const result = await driver.executeQuery("CALL dbms.components() YIELD versions RETURN versions[0] AS version");
  return String(result.records[0]?.get("version") ?? "unknown");
}

/**
 * Create a driver and prove it can run a query.
 * @throws ServiceUnavailableError naming Neo4j and how to start it.
 */
export async function connectNeo4j(settings: Neo4jSettings): Promise<Driver> {
  const driver = createDriver(settings);
  try {
    await driver.verifyConnectivity();
    return driver;
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw new ServiceUnavailableError("neo4j", settings.url, shortReason(error));
  }
}
