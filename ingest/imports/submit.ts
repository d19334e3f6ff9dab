/**
 * Accepting an import: map the columns (refusing the whole file only when its columns
 * cannot work), create the job, and publish the rows to `<P>.ingest.raw` in numbered
 * chunks as they stream in. Once this returns, every row is durable in JetStream — that is
 * what "accepted" means — and the workers take it from there. Used by the REST upload,
 * `npm run import`, and signed webhooks alike.
 */
import { withRequestHeader } from "../../events/request-headers.ts";
import { randomBytes } from "node:crypto";
import type { Knex } from "knex";
import type { NatsConnection } from "nats";
import { errors, isTurashError } from "../../domain/errors.ts";
import type { EventNames } from "../../events/streams.ts";
import {
  completeIfDone,
  createImportJob,
  importJobSummary,
  markReceived,
  recordRowErrors,
  updateReceived,
  type ImportFormat,
  type ImportJobSummary,
  type ImportSource,
  type RowErrorRecord,
} from "../../ledgers/import-jobs.ts";
import { applyMapping, mapColumns } from "./columns.ts";
import type { RawChunk } from "./messages.ts";
import { publishProgress } from "./progress.ts";
import type { SourceItem } from "./sources.ts";

/** Rows per chunk: small enough for a NATS message (1 MB) once validated documents are added. */
export const CHUNK_ROWS = 500;
// Publishes awaiting their JetStream acknowledgement at once.
const IN_FLIGHT = 8;

/** Who imports what, and how to read it. */
export interface ImportRequest {
  readonly source: ImportSource;
  readonly format: ImportFormat;
  readonly fileName?: string | null;
  /** A user id, `apikey:<id>`, `webhook:<endpoint>`, `cli:<user>`. */
  readonly requestedBy: string;
  /** Every row is this organization's own site and flow; null for a directory import. */
  readonly ownerOrgId?: string | null;
  /** Header → import field, winning over the built-in synonyms. */
  readonly mapping?: Readonly<Record<string, string>>;
  /** Numbers written "1.234,5"; by default true for semicolon-separated files. */
  readonly decimalComma?: boolean;
  readonly chunkRows?: number;
  /** Refused rows stored with line and reason (IMPORT_REFUSED_ROWS_STORED); beyond, counted only. */
  readonly refusedRowsStored?: number;
}

/** Refused rows stored per job when the request does not say (IMPORT_REFUSED_ROWS_STORED's default). */
export const DEFAULT_REFUSED_ROWS_STORED = 10_000;
// Unreadable lines written to the ledger at once while the upload streams.
const ERROR_BATCH = 500;

/** What submitting needs. */
export interface SubmitDeps {
  readonly knex: Knex;
  readonly nats: NatsConnection;
  readonly names: EventNames;
}

/** A new job id: `imp_` and 20 random characters. */
export function newJobId(): string {
  return `imp_${randomBytes(15).toString("base64url").replace(/[-_]/g, "0").slice(0, 20)}`;
}

const cell = (v: unknown) => (v === null || typeof v !== "object" ? (v as string | number | boolean | null) : JSON.stringify(v));

/**
 * Read `items` to the end, publishing rows as they come. Unreadable lines are counted, and
 * stored (line and reason) only up to the job's cap, so that a file of bad lines costs
 * neither memory nor ledger rows in proportion to its length.
 * @throws TurashError VALIDATION_FAILED when the columns cannot work, PAYLOAD_TOO_LARGE when
 * the upload passes IMPORT_MAX_BYTES before its first row (nothing is created then); past
 * its first row the job is kept as `interrupted` with what arrived before, and the error
 * (PAYLOAD_TOO_LARGE, naming the job as `jobId`) is thrown once that is recorded.
 */
export async function submitImport(deps: SubmitDeps, request: ImportRequest, items: AsyncIterable<SourceItem>): Promise<ImportJobSummary> {
  const iterator = items[Symbol.asyncIterator]();
  const cap = request.refusedRowsStored ?? DEFAULT_REFUSED_ROWS_STORED;
  let pendingErrors: RowErrorRecord[] = [];
  let refusedAtUpload = 0;
  const refuseLine = (line: number, reason: string) => {
    refusedAtUpload++;
    if (refusedAtUpload <= cap) pendingErrors.push({ line, field: "(row)", reason });
  };
  let first = await iterator.next();
  while (!first.done && first.value.kind === "error") {
    refuseLine(first.value.line, first.value.reason);
    first = await iterator.next();
  }
  if (first.done || first.value.kind !== "header") throw errors.validationFailed([{ field: "file", message: "has no rows (a header line and at least one row are needed)" }]);
  const header = first.value;
  const ownerOrgId = request.ownerOrgId ?? null;
  const { mapping, problems } = mapColumns(header.headers, request.mapping ?? {}, { forOneOrganization: ownerOrgId !== null });
  if (problems.length > 0) throw errors.validationFailed(problems.map((p) => ({ field: p.field.startsWith("mapping.") ? p.field : `columns.${p.field}`, message: p.message })));

  const id = newJobId();
  await createImportJob(deps.knex, {
    id,
    source: request.source,
    format: request.format,
    fileName: request.fileName ?? null,
    requestedBy: request.requestedBy,
    ownerOrgId,
    mapping,
    decimalComma: request.decimalComma ?? header.delimiter === ";",
    refusedRowsCap: cap,
  });
  const writeErrors = async () => {
    const batch = pendingErrors;
    pendingErrors = [];
    await recordRowErrors(deps.knex, id, batch);
  };
  const js = deps.nats.jetstream();
  const size = request.chunkRows ?? CHUNK_ROWS;
  const inFlight = new Set<Promise<unknown>>();
  let rows: RawChunk["rows"] = [];
  let chunk = 0;
  let received = refusedAtUpload;
  const flush = async () => {
    if (rows.length === 0) return;
    const message: RawChunk = { jobId: id, chunk, rows };
    const publish = js.publish(deps.names.subjects.ingestRaw, JSON.stringify(message), { msgID: `raw:${id}:${chunk}`, headers: withRequestHeader() });
    chunk++;
    rows = [];
    const tracked = publish.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    if (chunk % 20 === 0) await updateReceived(deps.knex, id, received);
  };
  let status: "queued" | "interrupted" = "queued";
  let tooLarge: number | undefined;
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const item = next.value;
      if (item.kind === "error") {
        received++;
        refuseLine(item.line, item.reason);
        if (pendingErrors.length >= ERROR_BATCH) await writeErrors();
        continue;
      }
      if (item.kind !== "record") continue;
      received++;
      const fields = applyMapping(mapping, item.record);
      rows.push({ line: item.line, fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, cell(v)])) });
      if (rows.length >= size) await flush();
    }
  } catch (error) {
    // The sender went away, the file broke off or passed IMPORT_MAX_BYTES: what arrived is
    // imported, and the job says so.
    status = "interrupted";
    if (isTurashError(error, "PAYLOAD_TOO_LARGE")) tooLarge = error.extensions.limitBytes as number;
    pendingErrors.push({ line: 0, field: "(file)", reason: `the upload stopped after ${received} rows: ${(error as Error).message}` });
  }
  await flush();
  await Promise.all(inFlight);
  await writeErrors();
  await markReceived(deps.knex, id, received, chunk, status, refusedAtUpload);
  await completeIfDone(deps.knex, id);
  const summary = (await importJobSummary(deps.knex, id))!;
  publishProgress(deps.nats, deps.names, summary);
  if (tooLarge !== undefined) throw errors.importTooLarge(tooLarge, { jobId: id, rows: received });
  return summary;
}
