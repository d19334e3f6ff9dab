/** What the data commands (seed, reindex, reconcile) share: connections, a write context, exit handling. */
import type { Config } from "../platform/config.ts";
import { closeConnections, openConnections, type Connections } from "../platform/connect/connections.ts";
import { createPublisher } from "../events/publisher.ts";
import { ensureStreams, eventNames } from "../events/streams.ts";
import type { WriteContext } from "../ingest/write-path.ts";

/** Open every service and make sure the event streams exist (the write path publishes). */
export async function openDataStores(config: Config, name: string): Promise<Connections> {
  const connections = await openConnections(config, name);
  try {
    await ensureStreams(await connections.nats.jetstreamManager(), config.nats.streamPrefix, config.nats.streamReplicas);
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
