/**
 * The matching worker: a durable JetStream consumer of `<P>.flows.changed` shared by
 * every worker process (each change goes to one of them). For each change it
 * recomputes the flow's matches and its counterparts', invalidates their caches,
 * withdraws the matches of deleted flows, and publishes `<P>.matches.updated`
 * {flowId, matchIds, orgIds}. Bad messages go to `<P>.dlq.flows-changed` with the reason.
 */
import { z } from "zod";
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { Redis } from "ioredis";
import type { NatsConnection } from "nats";
import { runConsumer, type DeadLetter, type RunningConsumer } from "../events/consumer.ts";
import { createPublisher } from "../events/publisher.ts";
import { eventNames } from "../events/streams.ts";
import { MatchService } from "./service.ts";
import type { MatchMetrics } from "../platform/metrics.ts";

/** A flow change as published by the write path (events/publisher.ts EntityChanged). */
export const FlowChangedSchema = z.object({
  type: z.literal("flow.changed"),
  id: z.string().min(1),
  orgId: z.string().min(1),
  version: z.number().int().nonnegative(),
  change: z.enum(["created", "updated", "deleted"]),
  at: z.string(),
});
export type FlowChanged = z.output<typeof FlowChangedSchema>;

/** What `<P>.matches.updated` carries. */
export interface MatchesUpdated {
  readonly flowId: string;
  readonly version: number;
  readonly change: FlowChanged["change"];
  readonly matchIds: readonly string[];
  readonly orgIds: readonly string[];
}

export interface WorkerDeps {
  readonly neo4j: Driver;
  readonly knex: Knex;
  readonly redis: Redis;
  readonly nats: NatsConnection;
  /** Keys match ids (config.secrets.idSecret). */
  readonly idSecret: string;
  readonly streamPrefix: string;
  /** Durable consumer name (default "matching"); every worker of the role shares it. */
  readonly name?: string;
  readonly maxDeliver?: number;
  /** Where a newly created durable starts (events/consumer.ts `startAt`; default "all"). */
  readonly startAt?: "all" | "new";
  readonly nakDelayMs?: (deliveries: number) => number;
  readonly onFinalFailure?: (letter: DeadLetter) => void;
  /** Where the recomputations' cache lookups and latency are reported (platform/metrics.ts). */
  readonly metrics?: MatchMetrics;
  readonly log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void; debug?(obj: object, msg: string): void };
}

/** Start consuming; `stop()` finishes the message in hand. */
export async function startMatchingWorker(deps: WorkerDeps): Promise<RunningConsumer & { service: MatchService }> {
  const names = eventNames(deps.streamPrefix);
  const publisher = createPublisher(deps.nats.jetstream(), names);
  const service = new MatchService({ neo4j: deps.neo4j, knex: deps.knex, redis: deps.redis, idSecret: deps.idSecret, metrics: deps.metrics });
  const running = await runConsumer(deps.nats, {
    name: deps.name ?? "matching",
    stream: names.streams.events,
    subjects: [names.subjects.flowsChanged],
    schema: FlowChangedSchema,
    deadLetterSubject: names.subjects.deadLetter("flows-changed"),
    maxDeliver: deps.maxDeliver,
    startAt: deps.startAt,
    nakDelayMs: deps.nakDelayMs,
    onFinalFailure: deps.onFinalFailure,
    log: deps.log,
    perform: async (event) => {
      const { matchIds, orgIds } = await service.onFlowChanged(event);
      const update: MatchesUpdated = { flowId: event.id, version: event.version, change: event.change, matchIds, orgIds };
      await publisher.publish(names.subjects.matchesUpdated, update, `matches:${event.id}:${event.version}:${event.change}`);
      // One line per flow event: routine, so at debug (LOG_LEVEL=debug shows it).
      deps.log?.debug?.({ flowId: event.id, matches: matchIds.length }, "matches updated");
    },
  });
  return Object.assign(running, { service });
}
