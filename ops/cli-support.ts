/** What the data commands (seed, reindex, reconcile) share: connections, a write context, exit handling. */
import { ConfigError, type Config } from "../platform/config.ts";
import { closeConnections, openConnections, type Connections } from "../platform/connections.ts";
import { ServiceUnavailableError } from "../platform/infra-errors.ts";
import { createPublisher } from "../events/publisher.ts";
import { ensureStreams, eventNames } from "../events/streams.ts";
import type { WriteContext } from "../ingest/write-path.ts";

/** Open every service and make sure the event streams exist (the write path publishes). */
export async function openDataStores(config: Config, name: string): Promise<Connections> {
  const connections = await openConnections(config, name);
  try {
    await ensureStreams(await connections.nats.jetstreamManager(), config.nats.streamPrefix);
    return connections;
  } catch (error) {
    await closeConnections(connections);
    throw error;
  }
}

/** A write context acting as `actor`. */
export function dataWriteContext(connections: Connections, config: Config, actor: string): WriteContext {
  return {
    neo4j: connections.neo4j,
    knex: connections.db.knex,
    publisher: createPublisher(connections.nats.jetstream(), eventNames(config.nats.streamPrefix)),
    actor,
  };
}

/** Run a command's main when the file is the entry point; known failures are one line, exit code 1. */
export function runCommand(meta: ImportMeta, main: () => Promise<number | void>): void {
  if (meta.url !== `file://${process.argv[1]}`) return;
  main()
    .then((code) => process.exit(code ?? 0))
    .catch((error: unknown) => {
      const known = error instanceof ConfigError || error instanceof ServiceUnavailableError || error instanceof AggregateError;
      console.error(known ? (error as Error).message : `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    });
}

/** Elapsed seconds since `started` (a performance.now() value), one decimal. */
export const secondsSince = (started: number) => ((performance.now() - started) / 1000).toFixed(1);
