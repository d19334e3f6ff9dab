/**
 * The ingest worker: both stages of the import pipeline as durable JetStream consumers
 * under the shared consumer contract (events/consumer.ts). Start as many workers as you
 * like; each chunk goes to one of them. A chunk that does not parse, or names a job that
 * does not exist, goes to the dead-letter stream (`<P>.dlq.ingest-raw`,
 * `<P>.dlq.ingest-validated`) with the reason; a store that is briefly away makes the
 * chunk come back later (NAK), and after the last retry it is dead-lettered too, from
 * where `npm run dlq:replay` puts it back once the cause is fixed.
 *
 * A job never waits forever on a chunk that could not be written: when a chunk of a known
 * job is dead-lettered, its rows are recorded as refused ("not written: <reason>") and the
 * chunk as done, so the job completes and says which rows are missing. Nothing is half
 * written meanwhile (ingest/write-path.ts writes both stores or neither). A chunk replayed
 * from the dead letters later does put its rows in; the job's counts keep the first outcome.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { NatsConnection } from "nats";
import type { z } from "zod";
import { runConsumer, type DeadLetter, type RunningConsumer } from "../../events/consumer.ts";
import { createPublisher } from "../../events/publisher.ts";
import { startOutboxRelay } from "../../events/outbox.ts";
import { eventNames } from "../../events/streams.ts";
import type { Correction } from "../../domain/coding/suggest.ts";
import { RawChunkSchema, ValidatedChunkSchema } from "./messages.ts";
import { validateChunk, type RegionLookup } from "./validate-stage.ts";
import { writeChunk } from "./write-stage.ts";
import { importJobSummary, jobSettings, refuseChunk } from "../../ledgers/import-jobs.ts";
import { publishProgress } from "./progress.ts";
import { isRetriable } from "../../platform/infra-errors.ts";

/** What the worker needs. */
export interface IngestWorkerDeps {
  readonly neo4j: Driver;
  readonly knex: Knex;
  readonly nats: NatsConnection;
  readonly streamPrefix: string;
  readonly corrections?: () => Promise<ReadonlyMap<string, Correction>>;
  readonly regions?: RegionLookup;
  readonly maxDeliver?: number;
  readonly nakDelayMs?: (deliveries: number) => number;
  readonly onFinalFailure?: (letter: DeadLetter) => void;
  readonly log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void; info?(obj: object, msg: string): void };
}

/** A running ingest worker. */
export interface IngestWorker {
  readonly validate: RunningConsumer;
  readonly write: RunningConsumer;
  stop(): Promise<void>;
}

/**
 * Deliveries of a chunk before it is dead-lettered. With the consumer's backoff (0.5 s
 * doubling to 30 s) twelve ride out about three and a half minutes of a store away — a
 * Neo4j restarted after a crash takes a minute on a busy machine — where the consumer
 * default of five gave up after eight seconds and the import's rows were refused.
 */
export const INGEST_MAX_DELIVER = 12;

/** Durable consumer names, shared by every ingest worker. */
export const INGEST_CONSUMERS = { validate: "ingest-validate", write: "ingest-write" } as const;

/** How long the rows of a dead-lettered chunk are tried to be recorded while the database is away. */
const RECORD_REFUSAL_FOR_MS = 180_000;

/** Run `work` again after a retriable failure (0.5 s doubling to 5 s), for at most {@link RECORD_REFUSAL_FOR_MS}. */
async function whileRetriable<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + RECORD_REFUSAL_FOR_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isRetriable(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * 2 ** attempt)));
    }
  }
}

/** Which rows of which job a chunk holds. */
interface ChunkRows {
  readonly jobId: string;
  readonly chunk: number;
  readonly rows: number;
  readonly lines: number[];
}

/** Start both stages. */
export async function startIngestWorker(deps: IngestWorkerDeps): Promise<IngestWorker> {
  const names = eventNames(deps.streamPrefix);
  const js = deps.nats.jetstream();
  // The rows of a dead-lettered chunk become refused rows of its job (see the module comment).
  const refuseRows = async (letter: DeadLetter, rowsOf: (payload: unknown) => ChunkRows | undefined) => {
    try {
      const chunk = rowsOf(JSON.parse(letter.payload));
      if (chunk) {
        // The message is already terminated: this record is the only trace the job gets, and
        // a chunk given up on because PostgreSQL went away is recorded while it is still
        // away. Without retrying, its rows were never counted and the job never completed.
        const recorded = await whileRetriable(async () => {
          if (!(await jobSettings(deps.knex, chunk.jobId))) return false;
          await refuseChunk(deps.knex, chunk.jobId, chunk.chunk, chunk.rows, chunk.lines, `not written: ${letter.reason}`.slice(0, 1000));
          return true;
        });
        const summary = recorded ? await importJobSummary(deps.knex, chunk.jobId) : undefined;
        if (summary) publishProgress(deps.nats, names, summary);
      }
    } catch (error) {
      deps.log?.error({ consumer: letter.consumer, seq: letter.streamSequence, reason: (error as Error).message }, "could not record the dead-lettered chunk's rows as refused");
    }
    await deps.onFinalFailure?.(letter);
  };
  /** One stage: a durable consumer of `subject` whose dead letters refuse the chunk's rows. */
  const stage = <T>(spec: { name: string; subject: string; deadLetter: string; schema: z.ZodType<T>; rowsOf: (chunk: T) => ChunkRows; perform: (chunk: T) => Promise<void> }) =>
    runConsumer(deps.nats, {
      maxDeliver: deps.maxDeliver ?? INGEST_MAX_DELIVER,
      nakDelayMs: deps.nakDelayMs,
      log: deps.log,
      ackWaitMs: 10_000,
      name: spec.name,
      stream: names.streams.ingest,
      subjects: [spec.subject],
      schema: spec.schema,
      deadLetterSubject: names.subjects.deadLetter(spec.deadLetter),
      onFinalFailure: (letter) =>
        refuseRows(letter, (payload) => {
          const parsed = spec.schema.safeParse(payload);
          return parsed.success ? spec.rowsOf(parsed.data) : undefined;
        }),
      perform: spec.perform,
    });
  const corrections = deps.corrections ?? (async () => new Map<string, Correction>());
  const validate = await stage({
    name: INGEST_CONSUMERS.validate,
    subject: names.subjects.ingestRaw,
    deadLetter: "ingest-raw",
    schema: RawChunkSchema,
    rowsOf: (raw) => ({ jobId: raw.jobId, chunk: raw.chunk, rows: raw.rows.length, lines: raw.rows.map((r) => r.line) }),
    perform: async (chunk) => {
      await validateChunk({ neo4j: deps.neo4j, knex: deps.knex, js, names, corrections, regions: deps.regions }, chunk);
      // One line per chunk and stage: with the request id the import came with (NATS header), it ties the job to its request.
      deps.log?.info?.({ jobId: chunk.jobId, chunk: chunk.chunk, rows: chunk.rows.length }, "import chunk validated");
    },
  });
  const write = await stage({
    name: INGEST_CONSUMERS.write,
    subject: names.subjects.ingestValidated,
    deadLetter: "ingest-validated",
    schema: ValidatedChunkSchema,
    rowsOf: (validated) => ({ jobId: validated.jobId, chunk: validated.chunk, rows: validated.rowsInChunk, lines: validated.rows.map((r) => r.line) }),
    perform: async (chunk) => {
      await writeChunk({ write: { neo4j: deps.neo4j, knex: deps.knex, publisher: createPublisher(js, names) }, knex: deps.knex, nats: deps.nats, names }, chunk);
      deps.log?.info?.({ jobId: chunk.jobId, chunk: chunk.chunk, rows: chunk.rowsInChunk }, "import chunk written");
    },
  });
  // Events of written chunks that NATS did not acknowledge right away wait in the outbox;
  // every ingest worker relays them (and any other process's), so none waits for an api.
  const relay = startOutboxRelay({ knex: deps.knex, publisher: createPublisher(js, names), log: { warn: (o, m) => deps.log?.warn(o, m), info: (o, m) => deps.log?.info?.(o, m) } });
  return {
    validate,
    write,
    async stop() {
      await Promise.all([validate.stop(), write.stop(), relay.stop()]);
    },
  };
}
