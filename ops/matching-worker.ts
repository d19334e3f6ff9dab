/**
 * `npm run worker:matching`: run one matching worker (start as many as you like; they
 * share the durable consumer), with the carbon rollup writer. Stops cleanly on SIGINT/SIGTERM.
 */
import { loadConfig } from "../platform/config.ts";
import { closeConnections } from "../platform/connect/connections.ts";
import { createLogger } from "../platform/logger.ts";
import { startMatchingWorker } from "../match-service/worker.ts";
import { startRollupWorker } from "../projections/carbon/rollup-worker.ts";
import { evaluateAfterEachWrite } from "../projections/carbon/alert-evaluator.ts";
import { startWebhookDispatcher } from "../projections/carbon/alert-webhook.ts";
import { createPublisher } from "../events/publisher.ts";
import { eventNames } from "../events/streams.ts";
import { openDataStores } from "./cli-support.ts";
import { runCommand } from "../platform/run-command.ts";
import { createProcessMetrics } from "../platform/metrics.ts";
import { queueFigures } from "../events/queue-figures.ts";
import { serveMetrics } from "./metrics-server.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, "matching-worker", config.logFormat);
  const c = await openDataStores(config, "turash-matching-worker");
  const metrics = createProcessMetrics(queueFigures(c.nats, config.nats.streamPrefix));
  const worker = await startMatchingWorker({ neo4j: c.neo4j, knex: c.db.knex, redis: c.redis, nats: c.nats, streamPrefix: config.nats.streamPrefix, idSecret: config.secrets.idSecret, log, metrics: metrics.match });
  // Today's carbon rollups follow the matches this worker stores (projections/carbon); the
  // organizations' threshold alerts are evaluated after each write; webhook firings due
  // (this worker's or another's, retries included) are sent by this process's dispatcher.
  const names = eventNames(config.nats.streamPrefix);
  const publisher = createPublisher(c.nats.jetstream(), names);
  const webhooks = startWebhookDispatcher({ knex: c.db.knex, webhookKeys: config.secrets.webhookKeys, log });
  const onWritten = evaluateAfterEachWrite({ knex: c.db.knex, publish: publisher.publish, subject: names.subjects.alertsFired, kickWebhooks: webhooks.kick, log });
  const rollups = await startRollupWorker({ neo4j: c.neo4j, knex: c.db.knex, nats: c.nats, streamPrefix: config.nats.streamPrefix, matchDayRetentionDays: config.carbon.matchDayRetentionDays, log, onWritten });
  const scrape = await serveMetrics(metrics, config.metrics.host, config.metrics.ports.matchingWorker, config.metrics.token, "MATCHING_WORKER_METRICS_PORT");
  log.info({ prefix: config.nats.streamPrefix, metrics: scrape.url }, "matching worker consuming flows.changed");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await Promise.all([worker.stop(), scrape.close()]);
  await rollups.stop();
  await webhooks.stop();
  log.info(worker.counts, "matching worker stopped");
  await closeConnections(c);
}

runCommand(import.meta, main);
