/**
 * The api process: load configuration, connect to the four services, serve HTTP.
 * A missing service is one line naming it and how to start it, then exit 1.
 */
import { once } from "node:events";
import { maxHeaderSize, type Server } from "node:http";
import { ConfigError, loadConfig, type Config } from "../platform/config.ts";
import { closeConnections, openConnections } from "../platform/connect/connections.ts";
import { createLogger } from "../platform/logger.ts";
import { ensureStreams, eventNames } from "../events/streams.ts";
import { createPublisher } from "../events/publisher.ts";
import { startOutboxRelay } from "../events/outbox.ts";
import { loadAllocationSolver } from "../matching/allocation.ts";
import { createApp } from "./app.ts";
import { clientErrorHandler } from "./problem.ts";
import { startRealtime, type RunningRealtime } from "./realtime/server.ts";

/** A running api: its server, its address and how to stop it. */
export interface RunningApi {
  readonly server: Server;
  readonly url: string;
  /** Socket.IO on the same server (rooms shared with other api processes through Redis). */
  readonly realtime: RunningRealtime;
  stop(): Promise<void>;
}

/** Start the api with this configuration; resolves once it listens. */
export async function startApi(config: Config): Promise<RunningApi> {
  const logger = createLogger(config.logLevel, "turash-api", config.logFormat);
  // A request waits for Neo4j at most requestRetryMs, then is answered 503 naming it.
  const connections = await openConnections(config, "turash-api", { neo4jMaxRetryMs: config.neo4j.requestRetryMs });
  await ensureStreams(await connections.nats.jetstreamManager(), config.nats.streamPrefix, config.nats.streamReplicas);
  // Every match list shares its supplies with HiGHS: loaded before the first reader waits for it.
  await loadAllocationSolver();
  const { app, context } = createApp({ config, connections, logger });
  const server = app.listen(config.port, config.host);
  server.on("clientError", clientErrorHandler(maxHeaderSize));
  await once(server, "listening");
  let realtime: RunningRealtime;
  try {
    realtime = await startRealtime(server, { config, connections, logger, names: context.events, hub: context.realtime });
  } catch (error) {
    server.close();
    await closeConnections(connections);
    throw error;
  }
  // The events of writes accepted while NATS was away, published once it is back.
  const relay = startOutboxRelay({ knex: connections.db.knex, publisher: createPublisher(connections.nats.jetstream(), eventNames(config.nats.streamPrefix)), log: logger });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
  logger.info({ url }, "api listening");
  return {
    server,
    url,
    realtime,
    async stop() {
      const closed = server.listening ? once(server, "close") : Promise.resolve();
      await realtime.close(); // also stops the HTTP server listening
      await relay.stop();
      server.closeAllConnections();
      await closed;
      await closeConnections(connections);
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(1);
  }
  startApi(config)
    .then((api) => {
      console.log(`turash api on ${api.url} (readiness: ${api.url}/readyz)`);
      const shutdown = () => void api.stop().then(() => process.exit(0));
      process.once("SIGTERM", shutdown);
      process.once("SIGINT", shutdown);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}
