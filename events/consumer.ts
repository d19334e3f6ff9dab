/**
 * The consumer contract for JetStream work (DESIGN.md "Bad input": a bad message goes to a
 * dead-letter stream with the reason; nothing accepted is ever lost):
 *
 * - one durable pull consumer per role, shared by every process of that role (queue-group
 *   style: each message goes to one of them);
 * - a message that does not parse (JSON + zod) → copied to the dead-letter subject with
 *   the reason, then TERM (bare and flushed: it must stick on every server version);
 * - `perform` fails with a retriable error (platform/infra-errors.ts) → NAK with a growing
 *   delay; after `maxDeliver` deliveries → dead letter;
 * - `perform` fails otherwise → dead letter at once;
 * - success → ACK.
 */
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg, type NatsConnection } from "nats";
import type { z } from "zod";
import { isRetriable } from "../platform/infra-errors.ts";
import { letterOf, publishDeadLetter, type DeadLetter } from "./dead-letters.ts";
import { decodeMessage, reasonOf } from "./message.ts";
import { requestIdOf } from "./request-headers.ts";
import { withRequestId } from "../platform/request-context.ts";

export type { DeadLetter };

/** A consumer's declaration. */
export interface ConsumerSpec<T> {
  /** Durable consumer name, shared by every worker of the role. */
  readonly name: string;
  readonly stream: string;
  /** Subjects to consume (one on NATS < 2.10). */
  readonly subjects: readonly string[];
  readonly schema: z.ZodType<T>;
  readonly deadLetterSubject: string;
  readonly perform: (payload: T, msg: JsMsg) => Promise<void>;
  /** Deliveries before a retriable failure becomes a dead letter (default 5). */
  readonly maxDeliver?: number;
  /**
   * Where a consumer created by this call starts: "all" (default) takes every message the
   * stream still holds, so a role's first worker misses nothing; "new" only those published
   * after it exists — for a consumer that must not replay history (a test's own worker).
   * An existing durable keeps the position it has.
   */
  readonly startAt?: "all" | "new";
  /** Delay before redelivery after the n-th failed delivery (default 500 ms · 2^(n−1), at most 30 s). */
  readonly nakDelayMs?: (deliveries: number) => number;
  /** Redelivery after a worker died holding the message; work in hand is kept alive by a heartbeat (default 30 s). */
  readonly ackWaitMs?: number;
  /** Called after a message went to the dead-letter subject. */
  readonly onFinalFailure?: (letter: DeadLetter) => Promise<void> | void;
  readonly log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** A running consumer. */
export interface RunningConsumer {
  readonly counts: { acked: number; naked: number; deadLettered: number };
  /** Stop pulling; resolves when the in-flight message is done. */
  stop(): Promise<void>;
}

const defaultDelay = (n: number) => Math.min(30_000, 500 * 2 ** Math.max(0, n - 1));

/** Create (or update) the durable consumer and start processing. */
export async function runConsumer<T>(nc: NatsConnection, spec: ConsumerSpec<T>): Promise<RunningConsumer> {
  const maxDeliver = spec.maxDeliver ?? 5;
  const ackWaitMs = spec.ackWaitMs ?? 30_000;
  const delay = spec.nakDelayMs ?? defaultDelay;
  const jsm = await nc.jetstreamManager();
  const config = {
    durable_name: spec.name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: spec.startAt === "new" ? DeliverPolicy.New : DeliverPolicy.All,
    max_deliver: maxDeliver,
    ack_wait: ackWaitMs * 1_000_000,
    ...(spec.subjects.length === 1 ? { filter_subject: spec.subjects[0] } : { filter_subjects: [...spec.subjects] }),
  };
  try {
    await jsm.consumers.info(spec.stream, spec.name);
    await jsm.consumers.update(spec.stream, spec.name, { max_deliver: maxDeliver, ack_wait: config.ack_wait });
  } catch (error) {
    if ((error as { code?: string }).code !== "404") throw error;
    await jsm.consumers.add(spec.stream, config);
  }
  const js = nc.jetstream();
  const consumer = await js.consumers.get(spec.stream, spec.name);
  const counts = { acked: 0, naked: 0, deadLettered: 0 };

  const deadLetter = async (msg: JsMsg, reason: string) => {
    const letter = letterOf(spec.name, msg, reason);
    await publishDeadLetter(js, spec.deadLetterSubject, letter);
    // A bare TERM: `+TERM <reason>` is understood from NATS 2.10.4 on; older servers (2.9)
    // ignore it as an unknown ack, so the message came back after every ack wait until
    // max_deliver and was handled and dead-lettered again each time. The reason travels in
    // the dead letter. Flushed so the server has it before the next message is handled.
    msg.term();
    await nc.flush();
    counts.deadLettered++;
    spec.log?.warn({ consumer: spec.name, subject: msg.subject, seq: letter.streamSequence, reason }, "message dead-lettered");
    await spec.onFinalFailure?.(letter);
  };

  const handle = async (msg: JsMsg) => {
    const decoded = decodeMessage(spec.schema, msg.data);
    if (!decoded.ok) return await deadLetter(msg, decoded.reason);
    const payload = decoded.payload;
    // While `perform` runs, tell the server the message is still being worked on, so a
    // short ack wait (fast redelivery after a crash) does not redeliver slow work in hand.
    const heartbeat = setInterval(() => msg.working(), Math.max(500, ackWaitMs / 3));
    try {
      await spec.perform(payload, msg);
      msg.ack();
      counts.acked++;
    } catch (error) {
      const reason = reasonOf(error);
      if (isRetriable(error) && msg.info.deliveryCount < maxDeliver) {
        msg.nak(delay(msg.info.deliveryCount));
        counts.naked++;
        spec.log?.warn({ consumer: spec.name, deliveries: msg.info.deliveryCount, reason }, "retriable failure, will retry");
        return;
      }
      const why = isRetriable(error) ? `gave up after ${msg.info.deliveryCount} deliveries: ${reason}` : `failed: ${reason}`;
      await deadLetter(msg, why).catch((e: unknown) => {
        // The dead letter itself failed: leave the message for redelivery rather than lose it.
        spec.log?.error({ consumer: spec.name, reason: reasonOf(e) }, "could not dead-letter; will be redelivered");
        msg.nak(delay(msg.info.deliveryCount));
      });
    } finally {
      clearInterval(heartbeat);
    }
  };

  const messages: ConsumerMessages = await consumer.consume({ max_messages: 16 });
  const loop = (async () => {
    for await (const msg of messages) {
      try {
        // The work runs under the request id the message carries: its log lines and the
        // messages it publishes name the request that caused it.
        await withRequestId(requestIdOf(msg), () => handle(msg));
      } catch (error) {
        spec.log?.error({ consumer: spec.name, reason: reasonOf(error) }, "message handling failed; will be redelivered");
        msg.nak(delay(msg.info.deliveryCount));
      }
    }
  })();
  return {
    counts,
    async stop() {
      messages.stop();
      await loop;
    },
  };
}
