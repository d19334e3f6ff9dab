/**
 * The dead-letter stream `<P>_DLQ`: what a letter carries, writing one, reading and
 * replaying them. Both consumer kinds (consumer.ts, fan-out.ts) write the same letter: the
 * original subject and payload with the reason, under the message id
 * `dlq:<consumer>:<stream sequence>`, so a message dead-lettered twice — by every process
 * of a fan-out, or again after a crash — is kept once (JetStream's duplicate window).
 * Once the cause is fixed — a bug deployed away, a service back, a job re-created —
 * replaying publishes the payload to its original subject again and removes the letter.
 * A letter whose replay fails stays where it is.
 */
import type { JetStreamClient, JsMsg, NatsConnection } from "nats";
import type { EventNames } from "./streams.ts";

/** What a dead letter carries. */
export interface DeadLetter {
  readonly consumer: string;
  readonly subject: string;
  readonly streamSequence: number;
  readonly deliveries: number;
  readonly reason: string;
  /** The original message body, as received (it may not be JSON). */
  readonly payload: string;
  readonly at: string;
}

/** The dead letter of a message `consumer` gives up on. */
export function letterOf(consumer: string, msg: JsMsg, reason: string): DeadLetter {
  return {
    consumer,
    subject: msg.subject,
    streamSequence: msg.info.streamSequence,
    deliveries: msg.info.deliveryCount,
    reason,
    payload: new TextDecoder().decode(msg.data),
    at: new Date().toISOString(),
  };
}

/** Publish a dead letter to `subject` (once per consumer and message; see above). */
export async function publishDeadLetter(js: JetStreamClient, subject: string, letter: DeadLetter): Promise<void> {
  await js.publish(subject, JSON.stringify(letter), { msgID: `dlq:${letter.consumer}:${letter.streamSequence}` });
}

/** A dead letter with where it sits in the stream. */
export interface StoredDeadLetter {
  readonly sequence: number;
  /** The consumer's dead-letter subject suffix, e.g. `ingest-raw`. */
  readonly source: string;
  readonly letter: DeadLetter;
}

/** Which letters to take. */
export interface DeadLetterFilter {
  readonly source?: string;
  /** Only letters whose reason contains this text. */
  readonly reasonContains?: string;
  readonly limit?: number;
}

/** Dead letters, oldest first. */
export async function listDeadLetters(nc: NatsConnection, names: EventNames, filter: DeadLetterFilter = {}): Promise<StoredDeadLetter[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(names.streams.deadLetters);
  const prefix = names.subjects.deadLetter("");
  const out: StoredDeadLetter[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && out.length < (filter.limit ?? Infinity); seq++) {
    let msg;
    try {
      msg = await jsm.streams.getMessage(names.streams.deadLetters, { seq });
    } catch {
      continue; // deleted (replayed) sequence
    }
    const source = msg.subject.slice(prefix.length);
    if (filter.source && source !== filter.source) continue;
    let letter: DeadLetter;
    try {
      letter = JSON.parse(new TextDecoder().decode(msg.data)) as DeadLetter;
    } catch {
      continue;
    }
    if (filter.reasonContains && !letter.reason.includes(filter.reasonContains)) continue;
    out.push({ sequence: seq, source, letter });
  }
  return out;
}

/** Publish each letter's payload to its original subject again and delete the letter. */
export async function replayDeadLetters(nc: NatsConnection, names: EventNames, letters: readonly StoredDeadLetter[]): Promise<{ replayed: number; failed: { sequence: number; reason: string }[] }> {
  const js = nc.jetstream();
  const jsm = await nc.jetstreamManager();
  let replayed = 0;
  const failed: { sequence: number; reason: string }[] = [];
  for (const { sequence, letter } of letters) {
    try {
      await js.publish(letter.subject, letter.payload, { msgID: `replay:${names.streams.deadLetters}:${sequence}` });
      await jsm.streams.deleteMessage(names.streams.deadLetters, sequence, false);
      replayed++;
    } catch (error) {
      failed.push({ sequence, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { replayed, failed };
}
