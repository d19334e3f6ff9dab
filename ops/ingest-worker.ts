/**
 * `npm run worker:ingest`: run one ingest worker — both stages of the import pipeline and
 * the meter-readings consumer (`<P>.flows.readings.>`), i.e. everything partners and
 * files push in. Start as many as you like; they share the durable consumers. Stops
 * cleanly on SIGINT/SIGTERM, finishing the message in hand; a worker killed outright
 * leaves its message to be redelivered.
 */
import { loadConfig } from "../platform/config.ts";
import { closeConnections } from "../platform/connect/connections.ts";
import { createLogger } from "../platform/logger.ts";
import { startIngestWorker } from "../ingest/imports/worker.ts";
import { startReadingsWorker } from "../ingest/readings/worker.ts";
import { ingestEnrichment } from "../ingest/imports/enrichment-sources.ts";
import { openDataStores } from "./cli-support.ts";
import { runCommand } from "../platform/run-command.ts";
import { createProcessMetrics } from "../platform/metrics.ts";
import { queueFigures } from "../events/queue-figures.ts";
import { serveMetrics } from "./metrics-server.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, "ingest-worker", config.logFormat);
  const c = await openDataStores(config, "turash-ingest-worker");
  const worker = await startIngestWorker({ neo4j: c.neo4j, knex: c.db.knex, nats: c.nats, streamPrefix: config.nats.streamPrefix, log, ...ingestEnrichment(c.db.knex) });
  const readings = await startReadingsWorker({ neo4j: c.neo4j, knex: c.db.knex, nats: c.nats, streamPrefix: config.nats.streamPrefix, log });
  const scrape = await serveMetrics(createProcessMetrics(queueFigures(c.nats, config.nats.streamPrefix)), config.metrics.host, config.metrics.ports.ingestWorker, config.metrics.token, "INGEST_WORKER_METRICS_PORT");
  log.info({ prefix: config.nats.streamPrefix, metrics: scrape.url }, "ingest worker consuming ingest.raw, ingest.validated and flows.readings.>");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await Promise.all([worker.stop(), readings.stop(), scrape.close()]);
  log.info({ validate: worker.validate.counts, write: worker.write.counts, readings: readings.counts }, "ingest worker stopped");
  await closeConnections(c);
}

runCommand(import.meta, main);
