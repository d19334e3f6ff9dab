/**
 * Bulk imports: `POST /imports` streams a CSV, NDJSON or JSON file into the pipeline and
 * answers 202 with the job; `GET /imports/{id}` reports counts, refused rows (line, the
 * file's column, reason) and merges; progress also arrives live as `import:progress`.
 * Bounds (IMPORT_MAX_BYTES, IMPORT_MAX_LINE_BYTES, IMPORT_REFUSED_ROWS_STORED): an upload
 * is counted as it streams and refused with 413 past the limit; an over-long line is a
 * refused row; refused rows are all counted (`rows.refused`) and the first N stored
 * (`rows.refusedStored`, `errorsTruncated` when some were not).
 */
import { Router } from "express";
import { z } from "zod";
import { MAX_PARAMETER_LENGTH, singleLine } from "../../../domain/schemas/strings.ts";
import { errors } from "../../../domain/errors.ts";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { formatOf } from "../../../ingest/imports/sources.ts";
import { listJobs } from "../../../ledgers/import-jobs.ts";
import { getImportReport, startImport } from "../../commands/imports.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { isCrossOrg } from "../../auth/principal.ts";
import { ImportJobView, MAX_ERRORS_PAGE, presentImport } from "./presenter.ts";

const IMPORTERS = ["admin", "facilitator", "org_admin", "org_member", "partner"] as const;

const MappingParam = singleLine(MAX_PARAMETER_LENGTH)
  .transform((text, ctx) => {
    try {
      const parsed = z.record(singleLine(200), singleLine(64)).safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: 'must be a JSON object {"Column header": "importField"}' });
    return z.NEVER;
  });

const UploadQuery = z.object({
  org: ExternalId.optional(),
  mapping: MappingParam.optional(),
  decimal: z.enum(["comma", "point"], { error: "must be comma or point" }).optional(),
  fileName: singleLine(255).optional(),
});

const ReportQuery = z.object({
  errorsAfter: z.coerce.number({ error: "must be a line number" }).int().nonnegative().optional(),
  limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(MAX_ERRORS_PAGE).default(100),
});

/** Import routes. */
export function importRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "post",
    path: "/imports",
    tag: "imports",
    summary: "Import a file of companies, sites and flows (CSV, NDJSON or a JSON array), streamed; 202 with the job",
    description:
      "Send the file as the body with Content-Type text/csv, application/x-ndjson or application/json. Columns are matched by name (see the README's header mapping); `mapping` overrides it. " +
      "Without `org` the rows are companies of the region (facilitators and admins); with `org` they are that organization's own sites and flows. " +
      "The response comes once every row is queued; follow the job at its link or by the `import:progress` socket event.",
    policy: { roles: IMPORTERS, scope: "flows:write" },
    query: UploadQuery,
    headers: [{ name: "Content-Type", description: "text/csv, application/x-ndjson or application/json", required: true }],
    responses: {
      202: { description: "accepted: every row is queued", schema: ImportJobView },
      400: { description: "the file's columns cannot work (nothing was imported), or a bad parameter" },
      413: {
        description:
          "larger than IMPORT_MAX_BYTES (a JSON array: at most 64 MiB): announced so by Content-Length, refused before anything is read or created; " +
          "a body without a length that grows past it stops there, and the rows before are kept as the interrupted job named `jobId`",
      },
      415: { description: "not CSV, NDJSON or JSON" },
    },
    handler: async ({ principal, query, req }) => {
      const format = formatOf(req.headers["content-type"]);
      if (!format) throw errors.unsupportedMediaType(req.headers["content-type"] ?? "(none)", ["text/csv", "application/x-ndjson", "application/json"]);
      const length = Number.parseInt(req.headers["content-length"] ?? "", 10);
      const job = await startImport(
        ctx,
        principal,
        req,
        {
          format,
          ownerOrgId: query.org,
          mapping: query.mapping,
          decimalComma: query.decimal === undefined ? undefined : query.decimal === "comma",
          fileName: query.fileName,
        },
        Number.isNaN(length) ? undefined : length,
      );
      return { status: 202, body: presentImport(job), headers: { Location: `/api/v1/imports/${job.id}` } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/imports",
    tag: "imports",
    summary: "Your imports, newest first (all of them for facilitators and admins)",
    description: "The caller's bulk imports, newest first (facilitators and admins see all), each with its status and row counts (received, imported, created, updated, refused).",
    policy: { roles: IMPORTERS, scope: "flows:read" },
    responses: { 200: { description: "jobs" } },
    handler: async ({ principal }) => ({ status: 200, body: { items: await listJobs(ctx.knex, isCrossOrg(principal) ? null : principal.id) } }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/imports/:id",
    tag: "imports",
    summary: "An import's counts, refused rows (line, column, reason) by page, and merges",
    description: "An import's status and counts, its column mapping, merges of duplicates, and the refused rows (line, column, reason) a page at a time: pass the last line seen as `errorsAfter`. An import of another organization answers 404.",
    policy: { roles: IMPORTERS, scope: "flows:read" },
    params: z.object({ id: singleLine(64).regex(/^imp_[A-Za-z0-9]+$/, { error: "must be an import id" }) }),
    query: ReportQuery,
    responses: { 200: { description: "the job", schema: ImportJobView }, 404: { description: "no such import (or not yours)" } },
    handler: async ({ principal, params, query }) => {
      const { job, rowErrors, merges, limit } = await getImportReport(ctx, principal, params.id, query.errorsAfter ?? 0, query.limit);
      return { status: 200, body: presentImport(job, rowErrors, limit, merges) };
    },
  });

  return router;
}
