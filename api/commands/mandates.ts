/**
 * Mandates: an organization's org_admin lets a named facilitator act for it (say
 * interested, propose and decide proposals, move deals — ledgers/mandates.ts). Only the
 * organization's own administrators grant and revoke them: not a platform admin, not the
 * facilitator. Members of the organization may read them; every grant and revocation is
 * in the organization's audit trail.
 */
import { errors } from "../../domain/errors.ts";
import { findUser, listFacilitators, type User } from "../../ledgers/accounts.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { grantMandate, mandatesHeldBy, mandatesOf, revokeMandate, type Mandate, type MandateAct } from "../../ledgers/mandates.ts";
import type { Principal } from "../auth/principal.ts";
import type { ApiContext } from "../context.ts";
import { getOrganization, getOwnOrganization } from "./organizations.ts";

/** What a grant says. */
export interface MandateGrant {
  readonly facilitatorId: string;
  readonly acts: readonly MandateAct[];
  readonly note?: string | undefined;
  readonly expiresAt?: string | undefined;
}

const isOrgAdmin = (p: Principal, orgId: string) => p.kind === "user" && p.memberships.some((m) => m.orgId === orgId && m.role === "org_admin");

async function administered(ctx: ApiContext, principal: Principal, orgId: string): Promise<void> {
  await getOrganization(ctx, principal, orgId);
  if (!isOrgAdmin(principal, orgId)) throw errors.forbidden("Only the organization's own administrators grant or revoke mandates.");
}

/** Grant a facilitator a mandate (replacing the live one's acts). */
export async function grantMandateFor(ctx: ApiContext, principal: Principal, orgId: string, grant: MandateGrant): Promise<{ mandate: Mandate; replaced: Mandate | null }> {
  await administered(ctx, principal, orgId);
  const facilitator = await findUser(ctx.knex, grant.facilitatorId);
  if (!facilitator || facilitator.role !== "facilitator" || facilitator.disabled) {
    throw errors.validationFailed([{ field: "body.facilitatorId", message: "must be the id of an active facilitator (GET /facilitators)" }]);
  }
  if (grant.expiresAt !== undefined && Date.parse(grant.expiresAt) <= Date.now()) throw errors.validationFailed([{ field: "body.expiresAt", message: "must be in the future" }]);
  const result = await grantMandate(ctx.knex, { orgId, facilitatorId: facilitator.id, acts: grant.acts, note: grant.note ?? null, grantedBy: principal.id, expiresAt: grant.expiresAt ?? null });
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "mandate.granted", entityType: "mandate", entityId: result.mandate.id, payload: { facilitatorId: facilitator.id, acts: result.mandate.acts, replaced: result.replaced?.id ?? null } }]);
  return result;
}

/** Revoke a live mandate; a missing or already revoked one is a 404. */
export async function revokeMandateOf(ctx: ApiContext, principal: Principal, orgId: string, mandateId: string): Promise<Mandate> {
  await administered(ctx, principal, orgId);
  const revoked = await revokeMandate(ctx.knex, orgId, mandateId, principal.id);
  if (!revoked) throw errors.notFound("mandate", mandateId);
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId, action: "mandate.revoked", entityType: "mandate", entityId: revoked.id, payload: { facilitatorId: revoked.facilitatorId } }]);
  return revoked;
}

/** An organization's mandates, for its members (and cross-org roles). */
export async function mandatesOfOrg(ctx: ApiContext, principal: Principal, orgId: string): Promise<Mandate[]> {
  await getOwnOrganization(ctx, principal, orgId);
  return mandatesOf(ctx.knex, orgId);
}

/** The live mandates a facilitator holds. */
export function mandatesOfFacilitator(ctx: ApiContext, principal: Principal): Promise<Mandate[]> {
  return mandatesHeldBy(ctx.knex, principal.id);
}

/** Facilitators an organization can give a mandate to. */
export function facilitators(ctx: ApiContext): Promise<User[]> {
  return listFacilitators(ctx.knex);
}
