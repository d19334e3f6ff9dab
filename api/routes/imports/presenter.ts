/** How import jobs leave the API: counts, refused rows with line and field, merges. */
import { z } from "zod";
import { MAX_MERGE_RECORDS_SHOWN } from "../../commands/imports.ts";
import { explanations, MAX_EXPLANATIONS, wire } from "../../http/wire.ts";
import type { ImportJobSummary, MergeRecord, RowErrorRecord } from "../../../ledgers/import-jobs.ts";

/** The most refused fields one report page lists (`limit`). */
export const MAX_ERRORS_PAGE = 1_000;

export const ImportJobView = z.object({
  id: wire.id(),
  status: z.enum(["receiving", "queued", "completed", "interrupted"]),
  source: wire.code(),
  format: wire.code(),
  fileName: wire.name().nullable(),
  createdAt: wire.time(),
  receivedAt: wire.time().nullable(),
  finishedAt: wire.time().nullable(),
  rows: z.object({
    received: z.number(),
    processed: z.number(),
    imported: z.number(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    merged: z.number(),
    refused: z.number(),
    refusedStored: z.number(),
  }),
  columns: z.object({ mapped: z.record(wire.code(), wire.text()), ignored: explanations() }),
  merges: z.number(),
  errors: z.array(z.object({ line: z.number(), field: wire.code(), reason: wire.text(), value: wire.text().nullable() })).max(MAX_ERRORS_PAGE),
  // True when more rows were refused than stored (IMPORT_REFUSED_ROWS_STORED): `errors` lists the stored ones.
  errorsTruncated: z.boolean(),
  nextErrorsCursor: wire.token().nullable(),
  mergeRecords: z.array(z.object({ line: z.number(), entityType: wire.code(), incomingName: wire.name(), intoId: wire.id(), intoName: wire.name().nullable(), distanceM: z.number().nullable(), reason: wire.text() })).max(MAX_MERGE_RECORDS_SHOWN),
  links: z.object({ self: wire.token() }),
});

/** Present a job; `errors` is one page of refused fields by line. */
export function presentImport(job: ImportJobSummary, rowErrors: readonly RowErrorRecord[] = [], limit = 0, merges: readonly MergeRecord[] = []) {
  const page = rowErrors.slice(0, limit);
  const r = job.rows;
  return {
    id: job.id,
    status: job.status,
    source: job.source,
    format: job.format,
    fileName: job.fileName,
    createdAt: job.createdAt,
    receivedAt: job.receivedAt,
    finishedAt: job.finishedAt,
    rows: r,
    columns: { mapped: Object.fromEntries(job.mapping.headers.filter((h) => job.mapping.columns[h]).map((h) => [h, job.mapping.columns[h]!])), ignored: job.mapping.ignored.slice(0, MAX_EXPLANATIONS) },
    merges: job.merges,
    errors: page.map((e) => ({ line: e.line, field: e.field, reason: e.reason, value: e.value ?? null })),
    errorsTruncated: r.refused > r.refusedStored,
    nextErrorsCursor: rowErrors.length > limit && page.length > 0 ? String(page.at(-1)!.line) : null,
    mergeRecords: [...merges],
    links: { self: `/api/v1/imports/${job.id}` },
  };
}
