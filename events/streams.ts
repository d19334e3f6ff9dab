/**
 * JetStream layout. Every stream and subject carries the configured prefix so that tests
 * (prefix TURASH_TEST) never see development events (prefix TURASH).
 *
 * - `<P>_EVENTS`: domain events, `<P>.flows.changed`, `<P>.sites.changed`,
 *   `<P>.matches.updated`, `<P>.proposals.changed`, `<P>.alerts.fired`; kept 7 days; publishes carrying a
 *   `Nats-Msg-Id` are deduplicated within 2 minutes.
 * - `<P>_JOBS`: work queue `<P>.jobs.>` (each message consumed once).
 * - `<P>_INGEST`: the import pipeline, work queue: `<P>.ingest.raw` (mapped rows as
 *   received, in numbered chunks) → `<P>.ingest.validated` (validated, normalized,
 *   enriched and deduplicated entities) → the write path. Publishes carry a message id
 *   `<stage>:<job>:<chunk>`, deduplicated within an hour.
 * - `<P>_DLQ`: dead letters `<P>.dlq.>`: the original payload and the reason; kept 30 days.
 *
 * Each stream is kept in `replicas` copies (NATS_STREAM_REPLICAS): 1 on a single server,
 * 3 on a cluster, so that a node may die without an accepted message being lost. The
 * consumers inherit the stream's count.
 *
 * `<P>.imports.progress.<job>` is plain NATS (no stream): progress is a hint for live
 * views; the job ledger in PostgreSQL is the record.
 */
import { RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "nats";

const DAY_NS = 24 * 60 * 60 * 1e9;

/** Subject and stream names for one prefix. */
export function eventNames(prefix: string) {
  return {
    prefix,
    streams: { events: `${prefix}_EVENTS`, jobs: `${prefix}_JOBS`, ingest: `${prefix}_INGEST`, deadLetters: `${prefix}_DLQ` },
    subjects: {
      flowsChanged: `${prefix}.flows.changed`,
      sitesChanged: `${prefix}.sites.changed`,
      matchesUpdated: `${prefix}.matches.updated`,
      proposalsChanged: `${prefix}.proposals.changed`,
      clusterProposalsChanged: `${prefix}.proposals.cluster-changed`,
      alertsFired: `${prefix}.alerts.fired`,
      job: (kind: string) => `${prefix}.jobs.${kind}`,
      ingestRaw: `${prefix}.ingest.raw`,
      ingestValidated: `${prefix}.ingest.validated`,
      importProgress: (jobId: string) => `${prefix}.imports.progress.${jobId}`,
      allImportProgress: `${prefix}.imports.progress.>`,
      deadLetter: (source: string) => `${prefix}.dlq.${source}`,
    },
  } as const;
}

export type EventNames = ReturnType<typeof eventNames>;

/** The stream configurations for a prefix, each kept in `replicas` copies. */
export function streamConfigs(prefix: string, replicas = 1): Partial<StreamConfig>[] {
  const { streams } = eventNames(prefix);
  const configs: Partial<StreamConfig>[] = [
    {
      name: streams.events,
      subjects: [`${prefix}.flows.>`, `${prefix}.sites.>`, `${prefix}.matches.>`, `${prefix}.proposals.>`, `${prefix}.alerts.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: 7 * DAY_NS,
      duplicate_window: 2 * 60 * 1e9,
    },
    {
      name: streams.jobs,
      subjects: [`${prefix}.jobs.>`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: 10 * 60 * 1e9,
    },
    {
      name: streams.ingest,
      subjects: [`${prefix}.ingest.>`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: 60 * 60 * 1e9,
    },
    {
      name: streams.deadLetters,
      subjects: [`${prefix}.dlq.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: 30 * DAY_NS,
    },
  ];
  return configs.map((config) => ({ ...config, num_replicas: replicas }));
}

/**
 * Create the streams, or bring an existing stream's configuration up to date (a changed
 * replica count included: JetStream adds or drops copies in place). Idempotent.
 */
export async function ensureStreams(jsm: JetStreamManager, prefix: string, replicas = 1): Promise<void> {
  for (const config of streamConfigs(prefix, replicas)) {
    try {
      await jsm.streams.info(config.name!);
      await jsm.streams.update(config.name!, config);
    } catch (error) {
      if ((error as { code?: string }).code !== "404") throw error;
      await jsm.streams.add(config);
    }
  }
}
