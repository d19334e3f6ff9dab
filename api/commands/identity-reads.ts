/**
 * Facilitators and admins see organizations' identities because their role needs it; every
 * such read of a *confidential* organization is written to that organization's audit trail
 * (`identity.read`), so its admins can see who looked, where and through what.
 */
import { orgDisclosures, type OrgDisclosure } from "../../graph/queries/org-disclosure.ts";
import { appendAudit, type AuditEntry } from "../../ledgers/audit-log.ts";
import type { Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";

/**
 * Audit entries for a cross-organization caller's read of these organizations' identities:
 * one per confidential organization (public ones chose to be seen).
 * @param surface what was read ("flow-matches", "proposal", "map"…)
 * @param via the id of the thing read through
 */
export function identityReads(principal: Principal, orgIds: Iterable<string>, facts: ReadonlyMap<string, OrgDisclosure>, surface: string, via: string): AuditEntry[] {
  const confidential = [...new Set(orgIds)].filter((id) => facts.get(id)?.disclosure !== "public");
  return confidential.map((orgId) => ({ actor: principal.id, orgId, action: "identity.read", entityType: "organization", entityId: orgId, payload: { surface, via } }));
}

/** Look up which of these organizations are confidential and audit the caller's read of them. */
export async function auditIdentityReads(ctx: ApiContext, principal: Principal, reads: readonly { orgIds: readonly string[]; via: string }[], surface: string): Promise<void> {
  if (reads.length === 0) return;
  const facts = await orgDisclosures(ctx.neo4j, reads.flatMap((r) => r.orgIds));
  await appendAudit(ctx.knex, reads.flatMap((r) => identityReads(principal, r.orgIds, facts, surface, r.via)));
}
