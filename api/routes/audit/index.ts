/** GET /audit: the audit log, for admins (everything) and org_admins (their organizations). */
import { Router } from "express";
import { z } from "zod";
import { wire } from "../../http/wire.ts";
import { singleLine } from "../../../domain/schemas/strings.ts";
import { ExternalId } from "../../../domain/schemas/common.ts";
import { readAudit } from "../../commands/audit.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { decodeIdCursor, PageQuery, pageOf, toPage } from "../../http/pagination.ts";

const AuditEntryView = z.object({
  id: wire.id(),
  at: wire.time().describe("ISO 8601"),
  actor: wire.id().describe("user id, `apikey:<id>`, or `anonymous` for failed logins"),
  orgId: wire.id().nullable(),
  action: wire.code().describe("e.g. auth.login, auth.login_failed, auth.logout, api_key.created, api_key.revoked, or a write's action"),
  entityType: wire.code(),
  entityId: wire.id(),
  entityVersion: z.number().int().nullable(),
  payload: z.unknown(),
});

const Instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time, e.g. 2026-12-02T10:00:00Z" }).max(64).transform((v) => new Date(v));

/** Audit routes. */
export function auditRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "get",
    path: "/audit",
    tag: "audit",
    summary: "Audit log entries, newest first, by cursor; filter by organization, actor, action and time",
    description: "Admins read every entry; an org_admin reads the entries of the organizations they administer (another organization's id answers 404). `from` is inclusive, `to` exclusive.",
    policy: { roles: ["admin", "org_admin"] },
    query: z.object({
      ...PageQuery,
      org: ExternalId.optional().describe("one organization's entries"),
      actor: singleLine(200, { min: 1 }).optional(),
      action: singleLine(100, { min: 1 }).optional(),
      from: Instant.optional(),
      to: Instant.optional(),
    }),
    responses: { 200: { description: "a page", schema: pageOf(AuditEntryView) }, 404: { description: "no such organization (or not yours)" } },
    handler: async ({ principal, query }) => {
      const rows = await readAudit(ctx, principal, { ...query, before: decodeIdCursor(query.cursor) });
      return { status: 200, body: toPage(rows, query.limit, (r) => r.id) };
    },
  });

  return router;
}
