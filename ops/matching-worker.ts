/**
 * `npm run worker:matching`: run one matching worker (start as many as you like; they
 * share the durable consumer), with the carbon rollup writer. Stops cleanly on SIGINT/SIGTERM.
 */
import { loadConfig } from "../platform/config.ts";
import { closeConnections } from "../platform/connect/connections.ts";
import { createLogger } from "../platform/logger.ts";
import { startMatchingWorker } from "../match-service/worker.ts";
import { startRollupWorker } from "../projections/carbon/rollup-worker.ts";
import { openDataStores } from "./cli-support.ts";
import { runCommand } from "../platform/run-command.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, "matching-worker", config.logFormat);
  const c = await openDataStores(config, "turash-matching-worker");
  const worker = await startMatchingWorker({ neo4j: c.neo4j, knex: c.db.knex, redis: c.redis, nats: c.nats, streamPrefix: config.nats.streamPrefix, idSecret: config.secrets.idSecret, log });
  // Today's carbon rollups follow the matches this worker stores (projections/carbon).
  const rollups = await startRollupWorker({ neo4j: c.neo4j, knex: c.db.knex, nats: c.nats, streamPrefix: config.nats.streamPrefix, log });
  log.info({ prefix: config.nats.streamPrefix }, "matching worker consuming flows.changed");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await worker.stop();
  await rollups.stop();
  log.info(worker.counts, "matching worker stopped");
  await closeConnections(c);
}

runCommand(import.meta, main);
