/**
 * The transactional outbox: how an accepted write's event reaches NATS even when NATS is
 * away at the moment of the write.
 *
 * A write puts its events into `event_outbox` inside its own PostgreSQL transaction
 * ({@link enqueueEvents}); they exist exactly when the write does. Once it committed, the
 * writer tries to publish them right away ({@link deliverEvents}, the fast path, so
 * consumers hear of a write as promptly as before) and deletes the rows JetStream
 * acknowledged. What the fast path could not publish — NATS down, a process killed between
 * commit and publish — a relay in every api and ingest worker process publishes later
 * ({@link startOutboxRelay}), retrying until NATS acknowledges. A row published twice (the
 * fast path's buffered publish reaching NATS after the relay's, two relays) carries the
 * same `Nats-Msg-Id`, so JetStream keeps one message.
 *
 * Why not answer 503 when NATS is away: the write has committed by the time the publish
 * fails, so a 503 told the client "failed" about a record that exists, and its event was
 * lost for good (issue 16). Why PostgreSQL and not the graph: the write path's PostgreSQL
 * transaction already commits with the graph write (ingest/write-path.ts), and relaying
 * from a table is one indexed scan.
 */
import type { Knex } from "knex";
import type { EntityChanged, EventPublisher } from "./publisher.ts";
import { currentRequestId, withRequestId } from "../platform/request-context.ts";

const TABLE = "event_outbox";

/** An event to announce: a site or flow change, or a message on a subject of its own. */
export type OutboxEvent =
  | { readonly kind: "entity"; readonly event: EntityChanged }
  | { readonly kind: "message"; readonly subject: string; readonly payload: unknown; readonly messageId?: string };

/** An event as queued: its row id, and the request it was written under. */
export interface QueuedEvent {
  readonly id: string;
  readonly event: OutboxEvent;
  readonly requestId: string | undefined;
}

interface OutboxRow {
  id: string;
  kind: "entity" | "message";
  subject: string | null;
  payload: unknown;
  message_id: string | null;
  request_id: string | null;
}

// Rows per insert statement: well under PostgreSQL's 65,535 bind parameters (5 per row).
const INSERT_BATCH = 5_000;

/**
 * Queue `events` in the outbox with `db` — the write's own transaction, so they commit
 * or roll back with it. The current request id goes with them, for the message header,
 * and `streamPrefix` (the publisher's), so only a relay of that prefix publishes them.
 */
export async function enqueueEvents(db: Knex, streamPrefix: string, events: readonly OutboxEvent[]): Promise<QueuedEvent[]> {
  if (events.length === 0) return [];
  const requestId = currentRequestId();
  const queued: QueuedEvent[] = [];
  for (let i = 0; i < events.length; i += INSERT_BATCH) {
    const part = events.slice(i, i + INSERT_BATCH);
    const rows = part.map((e) =>
      e.kind === "entity"
        ? { kind: "entity", subject: null, payload: JSON.stringify(e.event), message_id: null, request_id: requestId ?? null, stream_prefix: streamPrefix }
        : { kind: "message", subject: e.subject, payload: JSON.stringify(e.payload ?? null), message_id: e.messageId ?? null, request_id: requestId ?? null, stream_prefix: streamPrefix },
    );
    // PostgreSQL returns the rows of a multi-row insert in the order given.
    const ids = (await db(TABLE).insert(rows).returning("id")) as { id: string | number }[];
    ids.forEach(({ id }, j) => queued.push({ id: String(id), event: part[j]!, requestId }));
  }
  return queued;
}

/** Publish one queued event under the request id it was written with. */
function send(publisher: EventPublisher, queued: QueuedEvent): Promise<void> {
  const { event } = queued;
  return withRequestId(queued.requestId, () => (event.kind === "entity" ? publisher.entityChanged(event.event) : publisher.publish(event.subject, event.payload, event.messageId)));
}

// How many acknowledgements are awaited at once (the write path's window before the outbox).
const PUBLISH_WINDOW = 2_000;

/** Publish `queued`, in order; the ids JetStream acknowledged, and the first failure. */
async function publishAll(publisher: EventPublisher, queued: readonly QueuedEvent[]): Promise<{ acked: string[]; failure: unknown }> {
  const acked: string[] = [];
  let failure: unknown;
  for (let i = 0; i < queued.length; i += PUBLISH_WINDOW) {
    const part = queued.slice(i, i + PUBLISH_WINDOW);
    const settled = await Promise.allSettled(part.map((q) => send(publisher, q)));
    settled.forEach((s, j) => {
      if (s.status === "fulfilled") acked.push(part[j]!.id);
      else failure ??= s.reason;
    });
    if (failure !== undefined) break; // NATS is away: the rest waits for the relay too
  }
  return { acked, failure };
}

async function forget(db: Knex, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await db(TABLE).whereIn("id", [...ids]).delete();
}

/**
 * The fast path, after the write committed: publish its queued events and delete the rows
 * JetStream acknowledged. Never throws for NATS: what was not acknowledged stays queued
 * for the relay, and the write stands. (A PostgreSQL failure deleting the rows leaves
 * them queued too; the relay's publish is then a duplicate JetStream drops.)
 * @returns true when every event was acknowledged.
 */
export async function deliverEvents(knex: Knex, publisher: EventPublisher, queued: readonly QueuedEvent[]): Promise<boolean> {
  if (queued.length === 0) return true;
  const { acked, failure } = await publishAll(publisher, queued);
  await forget(knex, acked).catch(() => undefined);
  return failure === undefined;
}

/** What one relay pass did. */
export interface RelayPass {
  readonly delivered: number;
  /** The publish error that ended the pass early, if one did. */
  readonly failure?: unknown;
}

/**
 * One relay pass: publish up to `limit` of the oldest events queued under the publisher's
 * stream prefix and delete those acknowledged. The rows are locked (SKIP LOCKED) while in
 * hand, so relays in several processes share the queue instead of all publishing the same
 * rows. Rows of another prefix are not touched: this publisher's streams cannot take their
 * subjects (503), and the pass, stopping at its first failure, would never reach its own.
 * Rows without a prefix were queued before the outbox kept one, when a deployment had one.
 */
export async function relayOnce(knex: Knex, publisher: EventPublisher, limit = 1_000): Promise<RelayPass> {
  return knex.transaction(async (trx) => {
    const rows = (await trx(TABLE)
      .select("id", "kind", "subject", "payload", "message_id", "request_id")
      .where((q) => q.where("stream_prefix", publisher.streamPrefix).orWhereNull("stream_prefix"))
      .orderBy("id")
      .limit(limit)
      .forUpdate()
      .skipLocked()) as OutboxRow[];
    const queued: QueuedEvent[] = rows.map((r) => ({
      id: String(r.id),
      requestId: r.request_id ?? undefined,
      event: r.kind === "entity" ? { kind: "entity", event: r.payload as EntityChanged } : { kind: "message", subject: r.subject!, payload: r.payload, ...(r.message_id ? { messageId: r.message_id } : {}) },
    }));
    const { acked, failure } = await publishAll(publisher, queued);
    await forget(trx, acked);
    return failure === undefined ? { delivered: acked.length } : { delivered: acked.length, failure };
  });
}

/** How many events wait in the outbox (of one stream prefix, when given). */
export async function outboxDepth(knex: Knex, streamPrefix?: string): Promise<number> {
  const query = knex(TABLE);
  if (streamPrefix !== undefined) query.where("stream_prefix", streamPrefix);
  const [row] = await query.count<{ count: string }[]>("* as count");
  return Number(row?.count ?? 0);
}

/** A running relay. */
export interface OutboxRelay {
  /** Stop, finishing the pass in hand. */
  stop(): Promise<void>;
}

/** Where the relay tells of NATS (or PostgreSQL) going away and coming back. */
export interface RelayLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Relay the outbox every `intervalMs` (draining it while there is more), until stopped.
 * A failing pass is retried at the next tick; the log hears of the first failure and of
 * the recovery, not of every tick in between.
 */
export function startOutboxRelay(deps: { readonly knex: Knex; readonly publisher: EventPublisher; readonly log?: RelayLog; readonly intervalMs?: number }): OutboxRelay {
  const intervalMs = deps.intervalMs ?? 1_000;
  const limit = 1_000;
  let stopped = false;
  let failing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pass: Promise<void> | undefined;
  const run = async () => {
    try {
      for (;;) {
        const result = await relayOnce(deps.knex, deps.publisher, limit);
        if (result.failure !== undefined) throw result.failure;
        if (failing) deps.log?.info({ delivered: result.delivered }, "outbox relay publishing again");
        failing = false;
        if (stopped || result.delivered < limit) return;
      }
    } catch (error) {
      if (!failing) deps.log?.warn({ reason: error instanceof Error ? error.message : String(error) }, "outbox relay cannot publish yet; events stay queued");
      failing = true;
    }
  };
  const tick = () => {
    pass = run().finally(() => {
      pass = undefined;
      if (!stopped) schedule();
    });
  };
  const schedule = () => {
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pass;
    },
  };
}

/**
 * A publisher whose `publish` goes through the outbox: queued first (so a message, once
 * accepted, is not lost when NATS is away), then published at once when it can be.
 * `entityChanged` passes straight through: the write path queues entity events inside the
 * write's own transaction and publishes them itself (ingest/write-path.ts).
 * For writes whose ledger row is not in the write path's transaction (proposals, match
 * decisions): the event is queued right after that row, in its own statement.
 */
export function outboxPublisher(knex: Knex, inner: EventPublisher): EventPublisher {
  return {
    streamPrefix: inner.streamPrefix,
    entityChanged: (event) => inner.entityChanged(event),
    async publish(subject, payload, messageId) {
      const queued = await enqueueEvents(knex, inner.streamPrefix, [{ kind: "message", subject, payload, ...(messageId ? { messageId } : {}) }]);
      await deliverEvents(knex, inner, queued);
    },
  };
}
