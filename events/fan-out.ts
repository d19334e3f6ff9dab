/**
 * The fan-out contract for JetStream events every process must see (its sockets, its
 * caches are its own), beside consumer.ts' work-sharing one:
 *
 * - one ephemeral *ordered* consumer per process and subject, starting at new messages
 *   (`DeliverPolicy.New`): no durable, no queue group, nothing replayed when a process
 *   starts — what it missed while down its clients re-read over REST;
 * - a message that does not parse (JSON + zod, message.ts — the same reading as
 *   consumer.ts) → copied to the dead-letter subject with the reason, the same letter as
 *   consumer.ts (dead-letters.ts), and skipped; every process sees the message, and the
 *   letter's message id keeps one copy of them all;
 * - `perform` fails → logged and skipped: an ordered consumer has no acknowledgements, so
 *   there is nothing to redeliver; a fan-out carries hints, the stores are the record;
 * - a dead letter that cannot be written is logged; the stream goes on.
 */
import { DeliverPolicy, type ConsumerMessages, type JsMsg, type NatsConnection } from "nats";
import type { z } from "zod";
import { letterOf, publishDeadLetter } from "./dead-letters.ts";
import { decodeMessage } from "./message.ts";
import { requestIdOf } from "./request-headers.ts";
import { withRequestId } from "../platform/request-context.ts";

/** A fan-out consumer's declaration. */
export interface FanOutSpec<T> {
  /** Names this consumer in its dead letters and logs (`realtime`). */
  readonly name: string;
  readonly stream: string;
  /** One subject (NATS 2.9 filters one subject per consumer). */
  readonly subject: string;
  readonly schema: z.ZodType<T>;
  readonly deadLetterSubject: string;
  readonly perform: (payload: T, msg: JsMsg) => Promise<void>;
  /** Messages pulled ahead (default 64). */
  readonly maxMessages?: number;
  readonly log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** A running fan-out consumer. */
export interface RunningFanOut {
  readonly counts: { performed: number; deadLettered: number; failed: number };
  /** Stop pulling; resolves when the message in hand is done. */
  stop(): Promise<void>;
}

/** Start an ordered consumer on `spec.subject` from new messages and process each in turn. */
export async function runFanOut<T>(nc: NatsConnection, spec: FanOutSpec<T>): Promise<RunningFanOut> {
  const js = nc.jetstream();
  const counts = { performed: 0, deadLettered: 0, failed: 0 };

  const deadLetter = async (msg: JsMsg, reason: string) => {
    counts.deadLettered++;
    spec.log?.warn({ consumer: spec.name, subject: msg.subject, seq: msg.info.streamSequence, reason }, "message dead-lettered");
    await publishDeadLetter(js, spec.deadLetterSubject, letterOf(spec.name, msg, reason)).catch((error: unknown) => {
      spec.log?.error({ consumer: spec.name, err: error }, "could not dead-letter");
    });
  };

  const handle = async (msg: JsMsg) => {
    const decoded = decodeMessage(spec.schema, msg.data);
    if (!decoded.ok) return deadLetter(msg, decoded.reason);
    try {
      await spec.perform(decoded.payload, msg);
      counts.performed++;
    } catch (error) {
      counts.failed++;
      spec.log?.error({ consumer: spec.name, subject: msg.subject, seq: msg.info.streamSequence, err: error }, "message skipped");
    }
  };

  const consumer = await js.consumers.get(spec.stream, { filterSubjects: spec.subject, deliver_policy: DeliverPolicy.New });
  const messages: ConsumerMessages = await consumer.consume({ max_messages: spec.maxMessages ?? 64 });
  const loop = (async () => {
    for await (const msg of messages) await withRequestId(requestIdOf(msg), () => handle(msg));
  })();
  return {
    counts,
    async stop() {
      messages.stop();
      await loop;
    },
  };
}
