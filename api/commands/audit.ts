/**
 * Reading the audit log: an admin reads every entry; an org_admin reads the entries of the
 * organizations they administer and nothing else — naming another organization answers as
 * a missing one would (404), so the log is no oracle of which organizations exist.
 */
import { errors } from "../../domain/errors.ts";
import { listAudit, type AuditFilter } from "../../ledgers/audit-log.ts";
import type { Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";

/** Organizations whose trail the caller may read; null = all (admins). */
export function readableAuditOrgs(p: Principal): string[] | null {
  if (p.role === "admin") return null;
  if (p.kind !== "user") return [];
  return p.memberships.filter((m) => m.role === "org_admin").map((m) => m.orgId);
}

/** A page of entries (limit + 1 rows), newest first. */
export function readAudit(ctx: ApiContext, principal: Principal, query: Omit<AuditFilter, "orgIds"> & { org?: string }) {
  const readable = readableAuditOrgs(principal);
  const { org, ...filter } = query;
  if (org !== undefined && readable !== null && !readable.includes(org)) throw errors.notFound("organization", org);
  const orgIds = org !== undefined ? [org] : readable;
  return listAudit(ctx.knex, { ...filter, orgIds });
}
