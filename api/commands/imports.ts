/**
 * Bulk import commands: who may import what, and reading a job back. A directory import
 * (rows create companies) is for admins and facilitators — a municipality's register, say;
 * an organization's own import (`org`) is for whoever may write that organization's
 * sites and flows. Jobs are visible to whoever started them, and to admins and facilitators.
 */
import type { Readable } from "node:stream";
import { errors } from "../../domain/errors.ts";
import { importJobSummary, listMerges, listRowErrors, type ImportFormat, type ImportJobSummary } from "../../ledgers/import-jobs.ts";
import { MAX_JSON_BYTES, readSource, type SourceItem } from "../../ingest/imports/sources.ts";
import { submitImport, type ImportRequest } from "../../ingest/imports/submit.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { canWriteOrg, isCrossOrg, type Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";

/** How an upload is to be read. */
export interface UploadOptions {
  readonly format: ImportFormat;
  readonly ownerOrgId?: string;
  readonly mapping?: Readonly<Record<string, string>>;
  readonly decimalComma?: boolean;
  readonly fileName?: string;
}

/**
 * Accept an upload: read it to the end, publishing its rows; returns the queued job. The
 * body is read within IMPORT_MAX_BYTES (one announced as longer by its Content-Length is
 * refused unread; one that grows past it stops there) and IMPORT_MAX_LINE_BYTES.
 * @throws TurashError PAYLOAD_TOO_LARGE (413) naming the limit
 */
export async function startImport(ctx: ApiContext, principal: Principal, body: Readable, options: UploadOptions, announcedBytes?: number): Promise<ImportJobSummary> {
  if (options.ownerOrgId === undefined && !isCrossOrg(principal))
    throw errors.forbidden("Importing companies is for facilitators and admins; to import your own sites and flows, give org=<your organization id>.");
  if (options.ownerOrgId !== undefined && !canWriteOrg(principal, options.ownerOrgId)) throw errors.forbidden(`You may not write the sites and flows of ${options.ownerOrgId}.`);
  const limits = ctx.config.limits.imports;
  const maxBytes = options.format === "json" ? Math.min(limits.maxBytes, MAX_JSON_BYTES) : limits.maxBytes;
  if (announcedBytes !== undefined && announcedBytes > maxBytes) throw errors.importTooLarge(maxBytes);
  return submitAudited(
    ctx,
    {
      source: "upload",
      format: options.format,
      fileName: options.fileName ?? null,
      requestedBy: principal.id,
      ownerOrgId: options.ownerOrgId ?? null,
      mapping: options.mapping,
      decimalComma: options.decimalComma,
      refusedRowsStored: limits.refusedRowsStored,
    },
    readSource(body, options.format, { maxBytes: limits.maxBytes, maxLineBytes: limits.maxLineBytes }),
    { fileName: options.fileName ?? null },
  );
}

/** Queue the import and write `import.submitted` for it (source and format, plus `details`). */
async function submitAudited(ctx: ApiContext, request: ImportRequest, items: AsyncIterable<SourceItem>, details: Record<string, unknown>): Promise<ImportJobSummary> {
  const job = await submitImport({ knex: ctx.knex, nats: ctx.nats, names: ctx.events }, request, items);
  await appendAudit(ctx.knex, [
    { actor: request.requestedBy, orgId: request.ownerOrgId ?? null, action: "import.submitted", entityType: "import", entityId: job.id, payload: { source: request.source, format: request.format, ...details } },
  ]);
  return job;
}

/** The signed delivery a webhook route verified: whose endpoint, for which organization. */
export interface VerifiedDelivery {
  readonly endpointId: string;
  readonly deliveryId: string;
  readonly orgId: string;
}

/** Accept a signed delivery's rows as the endpoint's organization's own import; audited like an upload. */
export async function startDeliveredImport(ctx: ApiContext, hook: VerifiedDelivery, rows: AsyncIterable<SourceItem>): Promise<ImportJobSummary> {
  return submitAudited(
    ctx,
    {
      source: "webhook",
      format: "json",
      fileName: `delivery ${hook.deliveryId}`,
      requestedBy: `webhook:${hook.endpointId}`,
      ownerOrgId: hook.orgId,
      refusedRowsStored: ctx.config.limits.imports.refusedRowsStored,
    },
    rows,
    { deliveryId: hook.deliveryId },
  );
}

/** A job the caller may see. */
export async function getImport(ctx: ApiContext, principal: Principal, id: string): Promise<ImportJobSummary> {
  const job = await importJobSummary(ctx.knex, id);
  if (!job || !(isCrossOrg(principal) || job.requestedBy === principal.id || (job.ownerOrgId !== null && canWriteOrg(principal, job.ownerOrgId))))
    throw errors.notFound("Import", id);
  return job;
}

/** A job with its first refused rows and merges. */
/** The most merge records an import report lists. */
export const MAX_MERGE_RECORDS_SHOWN = 200;

export async function getImportReport(ctx: ApiContext, principal: Principal, id: string, errorsAfterLine: number, limit: number) {
  const job = await getImport(ctx, principal, id);
  const [rowErrors, merges] = await Promise.all([listRowErrors(ctx.knex, id, errorsAfterLine, limit + 1), listMerges(ctx.knex, id, MAX_MERGE_RECORDS_SHOWN)]);
  return { job, rowErrors, merges, limit };
}
