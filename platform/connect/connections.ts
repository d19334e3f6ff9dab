/**
 * The process's connections to the four backing services, opened together at start.
 * Any that cannot be reached is one line naming it and how to start it.
 */
import type { Driver } from "neo4j-driver";
import type { NatsConnection } from "nats";
import type { Redis } from "ioredis";
import type { Config } from "../config.ts";
import { connectNeo4j } from "./neo4j.ts";
import { connectDatabase, type SpatialDatabase } from "./postgres.ts";
import { connectRedis } from "./redis.ts";
import { connectNats } from "./nats.ts";
import { ServiceUnavailableError } from "../infra-errors.ts";

/** Open handles to every backing service. */
export interface Connections {
  readonly neo4j: Driver;
  readonly db: SpatialDatabase;
  readonly redis: Redis;
  readonly nats: NatsConnection;
}

/** How a process's connections behave where roles differ. */
export interface ConnectionOptions {
  /** Retry Neo4j transactions this long (the api: {@link Config} neo4j.requestRetryMs); the driver's default otherwise. */
  readonly neo4jMaxRetryMs?: number;
}

/**
 * Connect to all four services at once.
 * @throws AggregateError whose message has one line per unreachable service.
 */
export async function openConnections(config: Config, name = "turash", options: ConnectionOptions = {}): Promise<Connections> {
  const [neo4j, db, redis, nats] = await Promise.allSettled([
    connectNeo4j({ ...config.neo4j, ...(options.neo4jMaxRetryMs === undefined ? {} : { maxRetryMs: options.neo4jMaxRetryMs }) }),
    connectDatabase(config.postgres.url),
    connectRedis(config.redis.url, config.redis.prefix),
    connectNats(config.nats.url, name),
  ]);
  const all = [neo4j, db, redis, nats];
  const failures = all.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  if (failures.length > 0) {
    await closeConnections({
      neo4j: neo4j.status === "fulfilled" ? neo4j.value : undefined,
      db: db.status === "fulfilled" ? db.value : undefined,
      redis: redis.status === "fulfilled" ? redis.value : undefined,
      nats: nats.status === "fulfilled" ? nats.value : undefined,
    });
    const lines = failures.map((f) => (f instanceof ServiceUnavailableError ? f.message : `startup failed: ${String(f)}`));
    throw new AggregateError(failures, lines.join("\n"));
  }
  const value = <T>(r: PromiseSettledResult<T>) => (r as PromiseFulfilledResult<T>).value;
  return { neo4j: value(neo4j), db: value(db), redis: value(redis), nats: value(nats) };
}

/** Close whatever is open; never throws. */
export async function closeConnections(connections: Partial<Connections>): Promise<void> {
  await Promise.allSettled([
    connections.neo4j?.close(),
    connections.db?.knex.destroy(),
    Promise.resolve(connections.redis?.disconnect()),
    connections.nats?.close(),
  ]);
}
