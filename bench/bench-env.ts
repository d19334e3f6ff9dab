/**
 * What the benchmarks share: their own database and Neo4j instance (never development
 * data; BENCH_DATABASE_URL / BENCH_NEO4J_URL move them), a Redis and NATS prefix of
 * their own, and emptying those stores between runs.
 */
import type { Connections } from "../platform/connect/connections.ts";
import { eventNames } from "../events/streams.ts";

/** The environment a benchmark runs in; `name` separates Redis keys and streams per benchmark. */
export function benchEnv(redisPrefix: string, streamPrefix: string): NodeJS.ProcessEnv & Record<"REDIS_PREFIX" | "NATS_STREAM_PREFIX", string> {
  return {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/turash_bench",
    NEO4J_URL: process.env.BENCH_NEO4J_URL ?? "neo4j://127.0.0.1:7691",
    NEO4J_HEAP: process.env.BENCH_NEO4J_HEAP ?? "2g",
    NEO4J_PAGECACHE: process.env.BENCH_NEO4J_PAGECACHE ?? "2g",
    REDIS_PREFIX: redisPrefix,
    NATS_STREAM_PREFIX: streamPrefix,
    LOG_LEVEL: "warn",
  };
}

/** Empty the bench graph (keeping migrations), the given tables and the bench's streams. */
export async function emptyBenchStores(c: Connections, streamPrefix: string, tables: readonly string[]): Promise<void> {
  const session = c.neo4j.session();
  try {
    await session.run("MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
  } finally {
    await session.close();
  }
  await c.db.knex.raw(`truncate ${tables.join(", ")} restart identity cascade`);
  const jsm = await c.nats.jetstreamManager();
  for (const stream of Object.values(eventNames(streamPrefix).streams)) await jsm.streams.purge(stream).catch(() => undefined);
}
