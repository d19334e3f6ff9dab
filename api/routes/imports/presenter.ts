/** How import jobs leave the API: counts, refused rows with line and field, merges. */
import { z } from "zod";
import type { ImportJobSummary, MergeRecord, RowErrorRecord } from "../../../ledgers/import-jobs.ts";

export const ImportJobView = z.object({
  id: z.string(),
  status: z.enum(["receiving", "queued", "completed", "interrupted"]),
  source: z.string(),
  format: z.string(),
  fileName: z.string().nullable(),
  createdAt: z.string(),
  receivedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
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
  columns: z.object({ mapped: z.record(z.string(), z.string()), ignored: z.array(z.string()) }),
  merges: z.number(),
  errors: z.array(z.object({ line: z.number(), field: z.string(), reason: z.string(), value: z.string().nullable() })),
  // True when more rows were refused than stored (IMPORT_REFUSED_ROWS_STORED): `errors` lists the stored ones.
  errorsTruncated: z.boolean(),
  nextErrorsCursor: z.string().nullable(),
  mergeRecords: z.array(z.object({ line: z.number(), entityType: z.string(), incomingName: z.string(), intoId: z.string(), intoName: z.string().nullable(), distanceM: z.number().nullable(), reason: z.string() })),
  links: z.object({ self: z.string() }),
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
    columns: { mapped: Object.fromEntries(job.mapping.headers.filter((h) => job.mapping.columns[h]).map((h) => [h, job.mapping.columns[h]!])), ignored: [...job.mapping.ignored] },
    merges: job.merges,
    errors: page.map((e) => ({ line: e.line, field: e.field, reason: e.reason, value: e.value ?? null })),
    errorsTruncated: r.refused > r.refusedStored,
    nextErrorsCursor: rowErrors.length > limit && page.length > 0 ? String(page.at(-1)!.line) : null,
    mergeRecords: [...merges],
    links: { self: `/api/v1/imports/${job.id}` },
  };
}
