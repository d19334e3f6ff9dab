/**
 * The messages of the import pipeline, as zod schemas: what each stage accepts. A message
 * that does not parse goes to the dead-letter stream with the reason (events/consumer.ts).
 */
import { z } from "zod";
import { BusinessCreateSchema } from "../../domain/schemas/business.ts";
import { SiteCreateSchema } from "../../domain/schemas/site.ts";
import { ResourceFlowCreateSchema } from "../../domain/schemas/resource-flow.ts";

const JobId = z.string().regex(/^imp_[A-Za-z0-9]{8,40}$/, { error: "must be an import job id" });
const Line = z.int().positive();

/** `<P>.ingest.raw`: rows as received, already mapped to import fields (values as written). */
export const RawChunkSchema = z.object({
  jobId: JobId,
  chunk: z.int().nonnegative(),
  rows: z
    .array(z.object({ line: Line, fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])) }))
    .min(1)
    .max(10_000),
});
export type RawChunk = z.output<typeof RawChunkSchema>;

const MergeSchema = z.object({
  line: Line,
  entityType: z.enum(["business", "site", "flow"]),
  incomingName: z.string(),
  intoId: z.string(),
  intoName: z.string().nullable(),
  distanceM: z.number().nullable(),
  reason: z.string(),
});

/**
 * `<P>.ingest.validated`: one entry per accepted row, with the documents to write (a
 * business or site already known is absent: it is kept as stored) and the merges.
 */
export const ValidatedChunkSchema = z.object({
  jobId: JobId,
  chunk: z.int().nonnegative(),
  /** Rows in the raw chunk, refused ones included. */
  rowsInChunk: z.int().nonnegative(),
  rows: z
    .array(
      z.object({
        line: Line,
        business: BusinessCreateSchema.optional(),
        site: SiteCreateSchema.optional(),
        /** Absent when the row's flow is one already known at that site (see merges). */
        flow: ResourceFlowCreateSchema.optional(),
        businessId: z.string(),
        siteId: z.string(),
        merges: z.array(MergeSchema),
      }),
    )
    .max(10_000),
});
export type ValidatedChunk = z.output<typeof ValidatedChunkSchema>;
export type ValidatedRow = ValidatedChunk["rows"][number];
