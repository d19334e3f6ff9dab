/**
 * Bulk seeding through the one write path: businesses, then sites, then flows, in
 * batches, so the graph, the spatial index, the audit log and the event stream see the
 * demo data exactly as they would see any other write. Idempotent: seeding the same data
 * again changes nothing (every row comes back `unchanged`).
 */
import type { Business } from "../domain/schemas/business.ts";
import type { ResourceFlow } from "../domain/schemas/resource-flow.ts";
import type { Site } from "../domain/schemas/site.ts";
import type { EventPublisher } from "../events/publisher.ts";
import { writeBusinesses, writeFlows, writeSites, type BatchResult, type WriteContext } from "./write-path.ts";

/** The three kinds of document a seed writes, in write order. */
export const SEED_KINDS = ["businesses", "sites", "flows"] as const;
export type SeedKind = (typeof SEED_KINDS)[number];

/** What to seed: validated domain documents (a generated region, a Hotmaps import…). */
export interface SeedData {
  readonly businesses: readonly Business[];
  readonly sites: readonly Site[];
  readonly flows: readonly ResourceFlow[];
}

/** What happened to the rows of one kind. */
export interface KindTally {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** A row the write path refused. */
export interface SeedRejection {
  readonly kind: SeedKind;
  /** Index of the row in its kind's input array. */
  readonly index: number;
  readonly id: string | undefined;
  readonly code: string;
  readonly message: string;
}

/** Progress after each batch. */
export interface SeedProgress {
  readonly kind: SeedKind;
  readonly done: number;
  readonly total: number;
  readonly elapsedSeconds: number;
}

/** What a seed did. */
export interface SeedReport {
  readonly tallies: Record<SeedKind, KindTally>;
  readonly rejected: SeedRejection[];
  /** Rows offered to the write path (all kinds). */
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
}

/** Options of {@link seedRegion}. */
export interface SeedOptions {
  /** Rows per write-path call; 2,000 by default. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: SeedProgress) => void;
}

export const DEFAULT_BATCH_SIZE = 2_000;
// appendAudit inserts a batch in one statement of 6 bind parameters per row; PostgreSQL
// allows 65,535 per statement.
const MAX_BATCH_SIZE = 10_000;

/**
 * A publisher that sends without waiting for each acknowledgement and waits for all of
 * them in `flush()`. The write path awaits every event of a batch one by one (a round trip
 * each); a seed flushes after every batch instead, so a failed publish still fails the
 * seed at the batch that caused it. NATS keeps the order of one connection's publishes.
 */
export function pipelinedPublisher(inner: EventPublisher): EventPublisher & { flush(): Promise<void> } {
  let pending: Promise<void>[] = [];
  return {
    streamPrefix: inner.streamPrefix,
    entityChanged(event) {
      pending.push(inner.entityChanged(event));
      return Promise.resolve();
    },
    publish(subject, payload, messageId) {
      pending.push(inner.publish(subject, payload, messageId));
      return Promise.resolve();
    },
    async flush() {
      const waiting = pending;
      pending = [];
      const failed = (await Promise.allSettled(waiting)).find((r) => r.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
    },
  };
}

const emptyTally = (): KindTally => ({ created: 0, updated: 0, unchanged: 0, rejected: 0 });

/**
 * Write `data` through the write path in batches (businesses, then sites, then flows:
 * parents always exist before their children).
 */
export async function seedRegion(ctx: WriteContext, data: SeedData, options: SeedOptions = {}): Promise<SeedReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE)
    throw new RangeError(`batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}`);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const tallies: Record<SeedKind, KindTally> = { businesses: emptyTally(), sites: emptyTally(), flows: emptyTally() };
  const rejected: SeedRejection[] = [];

  const publisher = pipelinedPublisher(ctx.publisher);
  const batchCtx: WriteContext = { ...ctx, publisher };
  const writers: { [K in SeedKind]: (docs: SeedData[K]) => Promise<BatchResult> } = {
    businesses: (docs) => writeBusinesses(batchCtx, docs),
    sites: (docs) => writeSites(batchCtx, docs),
    flows: (docs) => writeFlows(batchCtx, docs),
  };

  for (const kind of SEED_KINDS) {
    const docs = data[kind];
    const tally = tallies[kind];
    for (let offset = 0; offset < docs.length; offset += batchSize) {
      const batch = docs.slice(offset, offset + batchSize);
      let result: BatchResult;
      try {
        result = await (writers[kind] as (d: typeof batch) => Promise<BatchResult>)(batch);
      } finally {
        await publisher.flush();
      }
      for (const outcome of result.outcomes) tally[outcome.change]++;
      for (const r of result.rejected) {
        tally.rejected++;
        rejected.push({ kind, index: offset + r.index, id: r.id, code: r.error.code, message: r.error.message });
      }
      options.onProgress?.({ kind, done: Math.min(offset + batchSize, docs.length), total: docs.length, elapsedSeconds: elapsed() });
    }
  }

  const rows = data.businesses.length + data.sites.length + data.flows.length;
  const seconds = elapsed();
  return { tallies, rejected, rows, seconds, rowsPerSecond: seconds > 0 ? rows / seconds : rows };
}

/** True when every row came back unchanged (a replay). */
export function changedNothing(report: SeedReport): boolean {
  return SEED_KINDS.every((k) => report.tallies[k].created === 0 && report.tallies[k].updated === 0 && report.tallies[k].rejected === 0);
}

/** The report as lines for a terminal. */
export function formatSeedReport(report: SeedReport, maxRejections = 5): string[] {
  const lines = [
    `${"kind".padEnd(11)}${"created".padStart(9)}${"updated".padStart(9)}${"unchanged".padStart(11)}${"rejected".padStart(10)}`,
    ...SEED_KINDS.map((k) => {
      const t = report.tallies[k];
      return `${k.padEnd(11)}${String(t.created).padStart(9)}${String(t.updated).padStart(9)}${String(t.unchanged).padStart(11)}${String(t.rejected).padStart(10)}`;
    }),
    `${report.rows.toLocaleString("en")} rows in ${report.seconds.toFixed(1)} s (${Math.round(report.rowsPerSecond).toLocaleString("en")} rows/s)`,
  ];
  if (report.rejected.length > 0) {
    lines.push(`rejected ${report.rejected.length} row(s)${report.rejected.length > maxRejections ? `, first ${maxRejections}` : ""}:`);
    for (const r of report.rejected.slice(0, maxRejections)) lines.push(`  ${r.kind}[${r.index}] ${r.id ?? "(no id)"}: ${r.code} ${r.message}`);
  }
  return lines;
}
