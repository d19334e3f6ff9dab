/**
 * `npm run services`: make Neo4j, PostgreSQL+PostGIS, Redis and NATS JetStream available
 * for the configured URLs — using what already answers, else docker compose where an
 * engine runs, else starting each natively. Idempotent. One line per service; a service
 * that cannot be had is one line saying which and why, and the exit code is 1.
 *
 * `npm run services -- --stop` stops the Neo4j launcher this command started.
 */
import { loadConfig, ConfigError, type Config } from "../platform/config.ts";
import { ensureNats } from "./services/nats.ts";
import { ensureNeo4j, stopNeo4j } from "./services/neo4j.ts";
import { ensurePostgres } from "./services/postgres.ts";
import { ensureRedis } from "./services/redis.ts";
import { portOf, type ServiceReport } from "./services/support.ts";

/** Bring every service up; resolves with one report each, rejects with every failure line. */
export async function ensureServices(config: Config): Promise<ServiceReport[]> {
  // Neo4j takes longest to start, so it runs alongside the others.
  const results = await Promise.allSettled([
    ensureNeo4j(config.neo4j, config.dataDir),
    ensurePostgres(config.postgres.url, config.postgres.database),
    ensureRedis(config.redis.url),
    ensureNats(config.nats.url, config.dataDir),
  ]);
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason instanceof Error ? r.reason.message.split("\n")[0] : String(r.reason)] : []));
  if (failures.length > 0) throw new AggregateError([], failures.join("\n"));
  return results.map((r) => (r as PromiseFulfilledResult<ServiceReport>).value);
}

/** One line per service, aligned. */
export function formatReport(report: ServiceReport): string {
  return `${report.name.padEnd(8)} ${report.url.padEnd(44)} ${report.version} (${report.how})`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (process.argv.includes("--stop")) {
    const stopped = await stopNeo4j(config.dataDir, portOf(config.neo4j.url, 7687));
    console.log(stopped ? "neo4j    stopped" : "neo4j    was not started by this project");
    return;
  }
  for (const report of await ensureServices(config)) console.log(formatReport(report));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
