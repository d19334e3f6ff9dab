/**
 * The queue figures Prometheus reads (platform/metrics.ts): each durable consumer's backlog
 * from its consumer info, and the dead letters kept per source from the dead-letter
 * stream's per-subject counts. Ephemeral consumers (the realtime fan-out's) have no name
 * worth a series and are left out.
 */
import type { NatsConnection } from "nats";
import type { ConsumerLag, DeadLetterCount, QueueFigures } from "../platform/metrics.ts";
import { eventNames } from "./streams.ts";

const TIMEOUT_MS = 2_000;

/** Read the figures of `prefix`'s streams through `nc`. */
export function queueFigures(nc: NatsConnection, prefix: string): QueueFigures {
  const names = eventNames(prefix);
  const work = [names.streams.events, names.streams.jobs, names.streams.ingest];
  return {
    async consumerLag() {
      const jsm = await nc.jetstreamManager({ timeout: TIMEOUT_MS });
      const out: ConsumerLag[] = [];
      for (const stream of work) {
        const consumers = await jsm.consumers.list(stream).next().catch(() => []);
        for (const info of consumers) {
          if (!info.config.durable_name) continue;
          out.push({ stream, durable: info.config.durable_name, pending: info.num_pending, ackPending: info.num_ack_pending });
        }
      }
      return out;
    },
    async deadLetters() {
      const jsm = await nc.jetstreamManager({ timeout: TIMEOUT_MS });
      const info = await jsm.streams.info(names.streams.deadLetters, { subjects_filter: ">" });
      const prefixOf = names.subjects.deadLetter("");
      return Object.entries(info.state.subjects ?? {}).map(([subject, count]): DeadLetterCount => ({ source: subject.slice(prefixOf.length), count }));
    },
  };
}
