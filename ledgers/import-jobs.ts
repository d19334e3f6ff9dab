/**
 * The import job ledger (PostgreSQL): one row per job, one per chunk and stage, one per
 * refused field of a row, one per merge. Every insert is keyed so that a stage handling a
 * chunk twice (at-least-once delivery) records it once; the job's counts are sums over
 * these rows, never counters incremented in place.
 */
import type { Knex } from "knex";
import { escapeControls } from "../domain/schemas/strings.ts";
import type { ColumnMapping } from "../domain/import-fields.ts";
import { isoTime, isoTimeOf } from "./timestamps.ts";

export type ImportSource = "upload" | "cli" | "webhook";
export type ImportFormat = "csv" | "json" | "ndjson";
export type ImportStatus = "receiving" | "queued" | "completed" | "interrupted";

/** A job as created. */
export interface NewImportJob {
  readonly id: string;
  readonly source: ImportSource;
  readonly format: ImportFormat;
  readonly fileName: string | null;
  readonly requestedBy: string;
  readonly ownerOrgId: string | null;
  readonly mapping: ColumnMapping;
  readonly decimalComma: boolean;
  /** Refused rows stored with line and reason (IMPORT_REFUSED_ROWS_STORED); null stores all. Beyond, they are counted only. */
  readonly refusedRowsCap?: number | null;
}

/** A job's settings as the pipeline stages need them. */
export interface ImportJobSettings {
  readonly id: string;
  readonly ownerOrgId: string | null;
  readonly mapping: ColumnMapping;
  readonly decimalComma: boolean;
  readonly requestedBy: string;
}

/** A job with its counts. */
export interface ImportJobSummary {
  readonly id: string;
  readonly status: ImportStatus;
  readonly source: ImportSource;
  readonly format: ImportFormat;
  readonly fileName: string | null;
  readonly requestedBy: string;
  readonly ownerOrgId: string | null;
  readonly createdAt: string;
  readonly receivedAt: string | null;
  readonly finishedAt: string | null;
  readonly mapping: ColumnMapping;
  readonly rows: {
    readonly received: number;
    /** Rows through both stages so far. */
    readonly processed: number;
    /** Rows whose flow is in both stores: created + updated + unchanged. */
    readonly imported: number;
    readonly created: number;
    readonly updated: number;
    readonly unchanged: number;
    /** Rows recognised as a flow already known at that site, which was kept. */
    readonly merged: number;
    /** Every refused row, stored or not. */
    readonly refused: number;
    /** Refused rows stored with line and reason (at most the job's cap). */
    readonly refusedStored: number;
  };
  readonly chunks: { readonly total: number | null; readonly validated: number; readonly written: number };
  readonly merges: number;
  /** Time the write stage spent in each store, summed over chunks. */
  readonly storeSeconds: { readonly neo4j: number; readonly postgis: number };
}

/** A refused cell (or row, when `field` is "(row)"). */
export interface RowErrorRecord {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
  readonly value?: string | null;
}

/** A business, site or flow recognised as one already known. */
export interface MergeRecord {
  readonly line: number;
  readonly entityType: "business" | "site" | "flow";
  readonly incomingName: string;
  readonly intoId: string;
  readonly intoName: string | null;
  readonly distanceM: number | null;
  readonly reason: string;
}

/** What one stage did with one chunk. */
export interface ChunkRecord {
  readonly stage: "validated" | "written";
  readonly rows: number;
  readonly refused: number;
  readonly created?: number;
  readonly updated?: number;
  readonly unchanged?: number;
  readonly merged?: number;
  readonly neo4jMs?: number;
  readonly postgisMs?: number;
}

/** Create a job in status `receiving`. */
export async function createImportJob(knex: Knex, job: NewImportJob): Promise<void> {
  await knex("import_jobs").insert({
    id: job.id,
    source: job.source,
    format: job.format,
    file_name: job.fileName,
    requested_by: job.requestedBy,
    owner_org_id: job.ownerOrgId,
    mapping: JSON.stringify(job.mapping),
    decimal_comma: job.decimalComma,
    refused_rows_cap: job.refusedRowsCap ?? null,
  });
}

/**
 * The upload has been read: `queued` (all rows published) or `interrupted` (the sender went
 * away, or the upload passed IMPORT_MAX_BYTES). `refusedAtUpload`: lines that could not be read.
 */
export async function markReceived(knex: Knex, id: string, rows: number, chunks: number, status: "queued" | "interrupted", refusedAtUpload = 0): Promise<void> {
  await knex("import_jobs").where({ id }).update({ rows_received: rows, chunks_total: chunks, status, received_at: knex.fn.now(), refused_at_upload: refusedAtUpload });
}

/** Rows received so far (progress while the upload is still being read). */
export async function updateReceived(knex: Knex, id: string, rows: number): Promise<void> {
  await knex("import_jobs").where({ id, status: "receiving" }).update({ rows_received: rows });
}

/** Settings of a job, or undefined when there is no such job. */
export async function jobSettings(knex: Knex, id: string): Promise<ImportJobSettings | undefined> {
  const row = await knex("import_jobs").where({ id }).first("id", "owner_org_id", "mapping", "decimal_comma", "requested_by");
  if (!row) return undefined;
  return { id: row.id, ownerOrgId: row.owner_org_id, mapping: row.mapping as ColumnMapping, decimalComma: row.decimal_comma, requestedBy: row.requested_by };
}

/**
 * Record refused fields; a field already recorded for that line is kept as it was. Only
 * the job's first `refused_rows_cap` refused lines are stored (a further field of a stored
 * line still is; file-level notes, line 0, always are): the job's row is locked meanwhile,
 * so concurrent chunks cannot together pass the cap. Counting is the callers' (chunk records).
 */
export async function recordRowErrors(db: Knex | Knex.Transaction, jobId: string, errors: readonly RowErrorRecord[]): Promise<void> {
  if (errors.length === 0) return;
  await db.transaction(async (trx) => {
    const job = await trx("import_jobs").where({ id: jobId }).forUpdate().first("refused_rows_cap");
    const cap = (job?.refused_rows_cap as number | null | undefined) ?? null;
    await trx.raw(
      `with incoming as (select e.line, e.field, e.reason, e.value from jsonb_to_recordset(?::jsonb) as e(line int, field text, reason text, value text)),
       stored as (select distinct line from import_row_errors where job_id = ? and line > 0),
       room as (select case when ?::int is null then null else greatest(0, ?::int - (select count(*) from stored)) end as n),
       fresh as (select distinct line from incoming where line > 0 and line not in (select line from stored) order by line limit (select n from room))
       insert into import_row_errors (job_id, line, field, reason, value)
       select ?, i.line, i.field, i.reason, i.value from incoming i
       where i.line <= 0 or i.line in (select line from stored) or i.line in (select line from fresh)
       on conflict do nothing`,
      // A reason may quote the input (a JSON parser's message does): jsonb holds no NUL and no lone surrogate, so they are written out.
      [JSON.stringify(errors.map((e) => ({ line: e.line, field: escapeControls(e.field), reason: escapeControls(e.reason.slice(0, 1000)), value: e.value == null ? null : escapeControls(e.value) }))), jobId, cap, cap, jobId],
    );
  });
}

/** Record merges; one per (line, entity type). */
export async function recordMerges(db: Knex | Knex.Transaction, jobId: string, merges: readonly MergeRecord[]): Promise<void> {
  if (merges.length === 0) return;
  await db.raw(
    `insert into ingest_merges (job_id, line, entity_type, incoming_name, into_id, into_name, distance_m, reason)
     select ?, m.line, m."entityType", m."incomingName", m."intoId", m."intoName", m."distanceM", m.reason
     from jsonb_to_recordset(?::jsonb) as m(line int, "entityType" text, "incomingName" text, "intoId" text, "intoName" text, "distanceM" float8, reason text)
     on conflict do nothing`,
    [jobId, JSON.stringify(merges)],
  );
}

/** Whether `stage` has recorded `chunk` of a job (it finished that chunk once). */
export async function chunkRecorded(db: Knex | Knex.Transaction, jobId: string, chunk: number, stage: ChunkRecord["stage"]): Promise<boolean> {
  return (await db("import_chunks").where({ job_id: jobId, chunk_no: chunk, stage }).first("chunk_no")) !== undefined;
}

/**
 * Record what a stage did with a chunk. Returns false when it was already recorded (a
 * redelivery): the counts stay those of the first time.
 */
export async function recordChunk(db: Knex | Knex.Transaction, jobId: string, chunk: number, r: ChunkRecord): Promise<boolean> {
  const inserted = await db("import_chunks")
    .insert({
      job_id: jobId,
      chunk_no: chunk,
      stage: r.stage,
      rows: r.rows,
      refused: r.refused,
      created: r.created ?? 0,
      updated: r.updated ?? 0,
      unchanged: r.unchanged ?? 0,
      merged: r.merged ?? 0,
      neo4j_ms: r.neo4jMs ?? 0,
      postgis_ms: r.postgisMs ?? 0,
    })
    .onConflict(["job_id", "chunk_no", "stage"])
    .ignore()
    .returning("chunk_no");
  return inserted.length > 0;
}

/**
 * Claim flow ids for lines of a job; returns, for each id, the line that owns it — the
 * first line ever to claim it (which may be an earlier chunk's), or the given line.
 */
export async function claimFlows(knex: Knex, jobId: string, claims: readonly { flowId: string; line: number }[]): Promise<Map<string, number>> {
  if (claims.length === 0) return new Map();
  await knex.raw(
    `insert into import_flow_claims (job_id, flow_id, line)
     select ?, c."flowId", c.line from jsonb_to_recordset(?::jsonb) as c("flowId" text, line int)
     on conflict do nothing`,
    [jobId, JSON.stringify(claims)],
  );
  const rows = await knex("import_flow_claims").where({ job_id: jobId }).whereIn("flow_id", [...new Set(claims.map((c) => c.flowId))]).select("flow_id", "line");
  return new Map(rows.map((r) => [r.flow_id as string, r.line as number]));
}

/** Remember the businesses and sites a chunk created, for the job's later chunks. */
export async function recordNewEntities(
  knex: Knex,
  jobId: string,
  created: { businesses: readonly { id: string; nameKey: string; lat: number; lon: number }[]; sites: readonly { id: string; businessId: string; lat: number; lon: number }[] },
): Promise<void> {
  const rows = [
    ...created.businesses.map((b) => ({ kind: "business", id: b.id, parentId: null, nameKey: b.nameKey, lat: b.lat, lon: b.lon })),
    ...created.sites.map((s) => ({ kind: "site", id: s.id, parentId: s.businessId, nameKey: null, lat: s.lat, lon: s.lon })),
  ];
  if (rows.length === 0) return;
  await knex.raw(
    `insert into import_new_entities (job_id, kind, id, parent_id, name_key, lat, lon)
     select ?, e.kind, e.id, e."parentId", e."nameKey", e.lat, e.lon
     from jsonb_to_recordset(?::jsonb) as e(kind text, id text, "parentId" text, "nameKey" text, lat float8, lon float8)
     on conflict do nothing`,
    [jobId, JSON.stringify(rows)],
  );
}

/**
 * Businesses earlier chunks of the job created, by name key, with their new sites; and
 * the new sites of `ownerOrgId` (an organization's own import) under its id.
 */
export async function pendingEntities(knex: Knex, jobId: string, nameKeys: readonly string[], ownerOrgId: string | null): Promise<PendingEntities> {
  const businesses = nameKeys.length
    ? ((await knex("import_new_entities").where({ job_id: jobId, kind: "business" }).whereIn("name_key", [...new Set(nameKeys)]).select("id", "name_key")) as { id: string; name_key: string }[])
    : [];
  const parents = [...businesses.map((b) => b.id), ...(ownerOrgId ? [ownerOrgId] : [])];
  const sites = parents.length
    ? ((await knex("import_new_entities").where({ job_id: jobId, kind: "site" }).whereIn("parent_id", parents).select("id", "parent_id", "lat", "lon")) as { id: string; parent_id: string; lat: number; lon: number }[])
    : [];
  const sitesOf = (id: string) => sites.filter((s) => s.parent_id === id).map((s) => ({ id: s.id, lat: s.lat, lon: s.lon }));
  const byKey = new Map<string, { id: string; sites: { id: string; lat: number; lon: number }[] }[]>();
  for (const b of businesses) byKey.set(b.name_key, [...(byKey.get(b.name_key) ?? []), { id: b.id, sites: sitesOf(b.id) }]);
  return { businesses: byKey, ownerSites: ownerOrgId ? sitesOf(ownerOrgId) : [] };
}

/** What earlier chunks of a job created (see {@link pendingEntities}). */
export interface PendingEntities {
  readonly businesses: ReadonlyMap<string, readonly { id: string; sites: readonly { id: string; lat: number; lon: number }[] }[]>;
  readonly ownerSites: readonly { id: string; lat: number; lon: number }[];
}

/**
 * A chunk that could not be written (its message was dead-lettered): each of its rows is a
 * refused row with `reason`, and the chunk counts as written, so the job completes with
 * the rows it could write instead of waiting forever. Keyed like every chunk record.
 */
export async function refuseChunk(knex: Knex, jobId: string, chunk: number, rows: number, lines: readonly number[], reason: string): Promise<void> {
  await recordRowErrors(knex, jobId, lines.map((line) => ({ line, field: "(row)", reason })));
  await recordChunk(knex, jobId, chunk, { stage: "written", rows, refused: lines.length });
  await completeIfDone(knex, jobId);
}

/** Mark the job completed when every chunk has been written. Returns true when this call completed it. */
export async function completeIfDone(knex: Knex, id: string): Promise<boolean> {
  const rows = await knex.raw(
    `update import_jobs j set status = 'completed', finished_at = now()
     where j.id = ? and j.status in ('queued', 'interrupted') and j.chunks_total is not null
       and j.chunks_total <= (select count(*) from import_chunks c where c.job_id = j.id and c.stage = 'written')
     returning j.id`,
    [id],
  );
  return (rows.rows as unknown[]).length > 0;
}

/** A job with its counts, or undefined. */
export async function importJobSummary(knex: Knex, id: string): Promise<ImportJobSummary | undefined> {
  const { rows } = await knex.raw(
    `select j.*,
       (select coalesce(sum(rows), 0) from import_chunks where job_id = j.id and stage = 'written')::int as processed,
       (select coalesce(sum(created), 0) from import_chunks where job_id = j.id and stage = 'written')::int as created,
       (select coalesce(sum(updated), 0) from import_chunks where job_id = j.id and stage = 'written')::int as updated,
       (select coalesce(sum(unchanged), 0) from import_chunks where job_id = j.id and stage = 'written')::int as unchanged,
       (select coalesce(sum(merged), 0) from import_chunks where job_id = j.id and stage = 'written')::int as merged_rows,
       (select coalesce(sum(neo4j_ms), 0) from import_chunks where job_id = j.id and stage = 'written')::float8 as neo4j_ms,
       (select coalesce(sum(postgis_ms), 0) from import_chunks where job_id = j.id and stage = 'written')::float8 as postgis_ms,
       (select count(*) from import_chunks where job_id = j.id and stage = 'validated')::int as validated_chunks,
       (select count(*) from import_chunks where job_id = j.id and stage = 'written')::int as written_chunks,
       (j.refused_at_upload + (select coalesce(sum(refused), 0) from import_chunks where job_id = j.id))::int as refused,
       (select count(distinct line) from import_row_errors where job_id = j.id and line > 0)::int as refused_stored,
       (select count(*) from ingest_merges where job_id = j.id)::int as merges
     from import_jobs j where j.id = ?`,
    [id],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    status: r.status,
    source: r.source,
    format: r.format,
    fileName: r.file_name,
    requestedBy: r.requested_by,
    ownerOrgId: r.owner_org_id,
    createdAt: isoTimeOf(r.created_at),
    receivedAt: isoTime(r.received_at),
    finishedAt: isoTime(r.finished_at),
    mapping: r.mapping,
    rows: {
      received: r.rows_received,
      processed: r.processed,
      imported: r.created + r.updated + r.unchanged,
      created: r.created,
      updated: r.updated,
      unchanged: r.unchanged,
      merged: r.merged_rows,
      refused: r.refused,
      refusedStored: r.refused_stored,
    },
    chunks: { total: r.chunks_total, validated: r.validated_chunks, written: r.written_chunks },
    merges: r.merges,
    storeSeconds: { neo4j: r.neo4j_ms / 1000, postgis: r.postgis_ms / 1000 },
  };
}

/** Refused fields of a job by line, after a line (cursor). */
export async function listRowErrors(knex: Knex, jobId: string, afterLine: number, limit: number): Promise<RowErrorRecord[]> {
  const rows = await knex("import_row_errors").where({ job_id: jobId }).andWhere("line", ">", afterLine).orderBy([{ column: "line" }, { column: "field" }]).limit(limit);
  return rows.map((r) => ({ line: r.line, field: r.field, reason: r.reason, value: r.value }));
}

/** Merges of a job by line. */
export async function listMerges(knex: Knex, jobId: string, limit = 1_000): Promise<MergeRecord[]> {
  const rows = await knex("ingest_merges").where({ job_id: jobId }).orderBy([{ column: "line" }, { column: "entity_type" }]).limit(limit);
  return rows.map((r) => ({ line: r.line, entityType: r.entity_type, incomingName: r.incoming_name, intoId: r.into_id, intoName: r.into_name, distanceM: r.distance_m, reason: r.reason }));
}

/** Jobs someone started, newest first. */
export async function listJobs(knex: Knex, requestedBy: string | null, limit = 50): Promise<{ id: string; status: ImportStatus; fileName: string | null; createdAt: string; rowsReceived: number }[]> {
  const q = knex("import_jobs").orderBy("created_at", "desc").limit(limit);
  if (requestedBy) q.where({ requested_by: requestedBy });
  const rows = await q;
  return rows.map((r) => ({ id: r.id, status: r.status, fileName: r.file_name, createdAt: new Date(r.created_at).toISOString(), rowsReceived: r.rows_received }));
}
