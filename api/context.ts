/** What route handlers and commands share: the stores, the event publisher, settings. */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { Redis } from "ioredis";
import type { NatsConnection } from "nats";
import type { Logger } from "pino";
import type { Config } from "../platform/config.ts";
import type { ProcessMetrics } from "../platform/metrics.ts";
import type { EventPublisher } from "../events/publisher.ts";
import type { EventNames } from "../events/streams.ts";
import type { WriteContext } from "../ingest/write-path.ts";
import type { Principal } from "./auth/principal.ts";
import type { RealtimeHub } from "./realtime/hub.ts";

/** Dependencies of the HTTP layer, built once per app. */
export interface ApiContext {
  readonly config: Config;
  readonly neo4j: Driver;
  readonly knex: Knex;
  readonly redis: Redis;
  readonly nats: NatsConnection;
  readonly publisher: EventPublisher;
  readonly events: EventNames;
  readonly logger: Logger;
  /** Emits to Socket.IO rooms once the realtime server is attached (a no-op before). */
  readonly realtime: RealtimeHub;
  /** This process's Prometheus instruments (platform/metrics.ts). */
  readonly metrics: ProcessMetrics;
}

/** The write context for a caller: their id goes to the audit log. */
export function writeContextFor(ctx: ApiContext, principal: Principal): WriteContext {
  return { neo4j: ctx.neo4j, knex: ctx.knex, publisher: ctx.publisher, actor: principal.id };
}
