/**
 * Publishing domain events. Each event has a deterministic message id (entity, version,
 * change, time of the write), so publishing the same event twice — a retry — is dropped
 * by JetStream, while an entity deleted and created again within the duplicate window
 * (same version 1, a later time) is still announced.
 */
import { createInbox, ErrorCode, NatsError, type JetStreamClient, type Msg, type NatsConnection, type Subscription } from "nats";
import type { EventNames } from "./streams.ts";
import { withRequestHeader } from "./request-headers.ts";

/** A change to a site or a flow, as published on `<P>.sites.changed` / `<P>.flows.changed`. */
export interface EntityChanged {
  readonly type: "site.changed" | "flow.changed";
  readonly id: string;
  readonly orgId: string;
  readonly version: number;
  readonly change: "created" | "updated" | "deleted";
  readonly at: string;
}

/** Publishes domain events through one JetStream client. */
export interface EventPublisher {
  /**
   * The stream prefix its subjects carry (NATS_STREAM_PREFIX). The outbox queues an event
   * under it, so a relay publishes only what its own streams can take: processes of several
   * prefixes (tests, staging next to production) may share one database.
   */
  readonly streamPrefix: string;
  entityChanged(event: EntityChanged): Promise<void>;
  publish(subject: string, payload: unknown, messageId?: string): Promise<void>;
}

/** How long a publish waits for JetStream's acknowledgement (nats.js's own default). */
const ACK_TIMEOUT_MS = 5_000;

interface Pending {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly deadline: number;
}

type AckedPublish = (subject: string, data: string, messageId?: string) => Promise<void>;

/**
 * JetStream publishes acknowledged on one shared reply subscription. `js.publish` makes a
 * request per message (its own reply subscription entry, timer and two Error objects for
 * async stack traces): about five times the CPU of a plain publish, which a bulk import
 * of tens of thousands of events pays on the write path. Here every message is a plain
 * publish with a reply subject under one inbox per connection (the way nats.js itself
 * multiplexes requests); each still resolves only on its own acknowledgement and rejects
 * on a JetStream error, a missing stream or a timeout — with the NatsError codes
 * `js.publish` uses ("503", "TIMEOUT", the API error code), so retry decisions
 * (platform/infra-errors.ts) see the same errors.
 */
function ackedPublisher(nc: NatsConnection): AckedPublish {
  const inbox = createInbox();
  const pending = new Map<string, Pending>();
  let subscription: Subscription | undefined;
  let sweeper: ReturnType<typeof setInterval> | undefined;
  let next = 0;

  const settle = (token: string, error?: Error) => {
    const entry = pending.get(token);
    if (!entry) return; // already timed out
    pending.delete(token);
    if (error) entry.reject(error);
    else entry.resolve();
    if (pending.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
  const onAck = (error: Error | null, msg: Msg | undefined) => {
    if (error || !msg) {
      // The subscription itself failed (a permission error, say): fail what waits on it.
      subscription = undefined;
      for (const token of [...pending.keys()]) settle(token, error ?? new Error("JetStream acknowledgement subscription closed"));
      return;
    }
    const token = msg.subject.slice(inbox.length + 1);
    // An empty message with a status header (503): no stream listens on the subject.
    if (msg.headers?.hasError || msg.data.length === 0) {
      const code = msg.headers?.code ? String(msg.headers.code) : ErrorCode.NoResponders;
      return settle(token, code === ErrorCode.NoResponders ? NatsError.errorForCode(ErrorCode.NoResponders) : new NatsError(msg.headers?.description || code, code));
    }
    try {
      const ack = msg.json<{ error?: { code: number; err_code?: number; description?: string } }>();
      if (!ack.error || ack.error.code < 300) return settle(token);
      const error = new NatsError(ack.error.description || ErrorCode.Unknown, String(ack.error.code));
      error.api_error = { code: ack.error.code, err_code: ack.error.err_code, description: ack.error.description ?? "" };
      settle(token, error);
    } catch (parseError) {
      settle(token, parseError instanceof Error ? parseError : new Error(String(parseError)));
    }
  };
  // While the connection is down nats.js would buffer the message and the publish would wait
  // out its acknowledgement timeout; failing at once lets a writer leave the event to the
  // outbox relay (events/outbox.ts) and answer, and a consumer NAK, without that wait.
  let connected = true;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect") connected = false;
      else if (status.type === "reconnect") connected = true;
    }
  })().catch(() => undefined);
  // A closed connection acknowledges nothing more: fail what still waits, as js.publish does.
  void nc.closed().then(() => {
    for (const token of [...pending.keys()]) settle(token, NatsError.errorForCode(ErrorCode.ConnectionClosed));
  });
  const sweep = () => {
    const now = Date.now();
    // Entries are in publish order, so the expired ones come first.
    for (const [token, entry] of pending) {
      if (entry.deadline > now) break;
      settle(token, NatsError.errorForCode(ErrorCode.Timeout));
    }
  };

  return (subject, data, messageId) => {
    if (!connected) return Promise.reject(NatsError.errorForCode(ErrorCode.Disconnect));
    const token = String(next++);
    const done = new Promise<void>((resolve, reject) => pending.set(token, { resolve, reject, deadline: Date.now() + ACK_TIMEOUT_MS }));
    if (!sweeper) {
      sweeper = setInterval(sweep, 250);
      sweeper.unref();
    }
    try {
      subscription ??= nc.subscribe(`${inbox}.*`, { callback: onAck });
      const h = withRequestHeader();
      if (messageId) h.set("Nats-Msg-Id", messageId);
      nc.publish(subject, data, { headers: h, reply: `${inbox}.${token}` });
    } catch (error) {
      settle(token, error instanceof Error ? error : new Error(String(error)));
    }
    return done;
  };
}

const publishers = new WeakMap<NatsConnection, AckedPublish>();

/** The connection behind a JetStream client (nats.js keeps it as `nc`), if it is exposed. */
function connectionOf(js: JetStreamClient): NatsConnection | undefined {
  const nc = (js as Partial<{ nc: NatsConnection }>).nc;
  return typeof nc?.publish === "function" && typeof nc.subscribe === "function" ? nc : undefined;
}

/** Build a publisher for the given names. */
export function createPublisher(js: JetStreamClient, names: EventNames): EventPublisher {
  const nc = connectionOf(js);
  let acked: AckedPublish | undefined;
  if (nc) {
    acked = publishers.get(nc) ?? ackedPublisher(nc);
    publishers.set(nc, acked);
  }
  const publish = async (subject: string, payload: unknown, messageId?: string) => {
    if (acked) return acked(subject, JSON.stringify(payload), messageId);
    await js.publish(subject, JSON.stringify(payload), { headers: withRequestHeader(), ...(messageId ? { msgID: messageId } : {}) });
  };
  return {
    streamPrefix: names.prefix,
    publish,
    entityChanged: (event) =>
      publish(
        event.type === "site.changed" ? names.subjects.sitesChanged : names.subjects.flowsChanged,
        event,
        `${event.type}:${event.id}:${event.version}:${event.change}:${event.at}`,
      ),
  };
}
