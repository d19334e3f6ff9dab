/**
 * Keeps today's carbon rollups current: a durable consumer of `<P>.matches.updated` (the
 * matching worker publishes it after each batch of matches, and the decision and proposal
 * routes after each step) marks the day stale, and today's rows are rewritten once the
 * events pause for `debounceMs` — one rewrite per burst, not one per flow. Run by the
 * matching worker's process (ops/matching-worker.ts); several processes share the consumer,
 * and a rewrite replaces the day whole, so two of them writing the same day agree. After
 * each write the kept match inputs older than the retention window are pruned.
 */
import type { NatsConnection } from "nats";
import { z } from "zod";
import { runConsumer } from "../../events/consumer.ts";
import { eventNames } from "../../events/streams.ts";
import { pruneKeptMatchDays, writeTodayRollups, type CarbonStores } from "./service.ts";

/** A running rollup writer. */
export interface RollupWorker {
  /** Rewrite today's rows now (also what a debounced event does); resolves with the row count. */
  flush(): Promise<number>;
  /** Writes done, writes failed, kept match days pruned. */
  readonly counts: { writes: number; failures: number; pruned: number };
  stop(): Promise<void>;
}

export interface RollupWorkerDeps extends CarbonStores {
  readonly nats: NatsConnection;
  readonly streamPrefix: string;
  readonly debounceMs?: number;
  /** Durable consumer name (default `carbon-rollups`; tests give each run its own). */
  readonly name?: string;
  /** Days of kept match inputs (CARBON_MATCH_DAYS_RETENTION_DAYS): older ones are pruned after each write. Unset: none pruned. */
  readonly matchDayRetentionDays?: number;
  /** Called after every write (tests wait on it; alerts are evaluated after a rollup). */
  readonly onWritten?: (rows: number) => void | Promise<void>;
  readonly log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** Start the consumer. */
export async function startRollupWorker(deps: RollupWorkerDeps): Promise<RollupWorker> {
  const names = eventNames(deps.streamPrefix);
  const counts = { writes: 0, failures: 0, pruned: 0 };
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<number> = Promise.resolve(0);
  const flush = () => {
    // Writes run one after another: a second burst waits for the first write to finish.
    writing = writing.catch(() => 0).then(async () => {
      const rows = await writeTodayRollups(deps);
      // After the write, so the day just kept is never the one pruned; a failed prune fails this write and the next retries it.
      if (deps.matchDayRetentionDays !== undefined) counts.pruned += await pruneKeptMatchDays(deps, deps.matchDayRetentionDays);
      counts.writes++;
      await deps.onWritten?.(rows);
      return rows;
    });
    writing.catch((err: unknown) => {
      counts.failures++;
      deps.log?.error({ err }, "carbon rollup write failed");
    });
    return writing;
  };
  const running = await runConsumer(deps.nats, {
    name: deps.name ?? "carbon-rollups",
    stream: names.streams.events,
    subjects: [names.subjects.matchesUpdated],
    schema: z.unknown(),
    deadLetterSubject: names.subjects.deadLetter("carbon-rollups"),
    log: deps.log,
    perform: async () => {
      clearTimeout(timer);
      timer = setTimeout(() => void flush().catch(() => undefined), deps.debounceMs ?? 2_000);
    },
  });
  return {
    flush,
    counts,
    async stop() {
      clearTimeout(timer);
      await running.stop();
      await writing.catch(() => undefined);
    },
  };
}
