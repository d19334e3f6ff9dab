/**
 * The readings worker: a durable JetStream consumer of `<P>.flows.readings.>` (in
 * `<P>_EVENTS`) shared by every worker process. Each reading is stored and the flow's
 * measured annual quantity recomputed and written (apply.ts). Through the consumer
 * contract (events/consumer.ts): a message that does not parse, a flow that does not
 * exist or is not at the subject's site, a unit that does not fit, a reading from the
 * future → `<P>.dlq.flows-readings` with the reason at once; a flow that keeps changing
 * under the write or a service outage → redelivered later.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { NatsConnection } from "nats";
import { runConsumer, type DeadLetter, type RunningConsumer } from "../../events/consumer.ts";
import { createPublisher } from "../../events/publisher.ts";
import { eventNames } from "../../events/streams.ts";
import { applyReading } from "./apply.ts";
import { ReadingMessageSchema } from "./reading.ts";
import { allReadingsSubject, readingsDeadLetterSubject, siteIdOfSubject } from "./subjects.ts";

/** What the worker needs. */
export interface ReadingsWorkerDeps {
  readonly neo4j: Driver;
  readonly knex: Knex;
  readonly nats: NatsConnection;
  readonly streamPrefix: string;
  /** Durable consumer name (default "readings"); every worker of the role shares it. */
  readonly name?: string;
  readonly maxDeliver?: number;
  readonly nakDelayMs?: (deliveries: number) => number;
  readonly onFinalFailure?: (letter: DeadLetter) => void;
  /** The clock, epoch ms (readings from its future are refused). */
  readonly now?: () => number;
  readonly log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void; debug?(obj: object, msg: string): void };
}

/** Start consuming readings; `stop()` finishes the message in hand. */
export async function startReadingsWorker(deps: ReadingsWorkerDeps): Promise<RunningConsumer> {
  const prefix = deps.streamPrefix;
  const names = eventNames(prefix);
  const publisher = createPublisher(deps.nats.jetstream(), names);
  const now = deps.now ?? Date.now;
  return runConsumer(deps.nats, {
    name: deps.name ?? "readings",
    stream: names.streams.events,
    subjects: [allReadingsSubject(prefix)],
    schema: ReadingMessageSchema,
    deadLetterSubject: readingsDeadLetterSubject(prefix),
    maxDeliver: deps.maxDeliver,
    nakDelayMs: deps.nakDelayMs,
    onFinalFailure: deps.onFinalFailure,
    log: deps.log,
    perform: async (reading, msg) => {
      // The filter guarantees the shape; an empty site token is the only way to miss.
      const siteId = siteIdOfSubject(prefix, msg.subject) ?? "";
      // The audit log names where the reading came from, e.g. `readings:webhook:<endpoint>`.
      const ctx = { neo4j: deps.neo4j, knex: deps.knex, publisher, actor: `readings:${reading.source ?? "nats"}` };
      const outcome = await applyReading(ctx, siteId, reading, now());
      // One line per flow event: routine, so at debug (LOG_LEVEL=debug shows it).
      deps.log?.debug?.({ flowId: reading.flowId, siteId, stored: outcome.stored, flow: outcome.flow, version: outcome.version, annual: outcome.estimate?.annual }, "reading applied");
    },
  });
}
