/**
 * Consent (DESIGN.md "Trust and disclosure"): every step that binds an organization —
 * saying interested, proposing, accepting, reserving, contracting, going live, ending — is
 * that organization's own act (one of its members, or one of its API keys) or a
 * facilitator's acting under a mandate the organization's org_admin granted. Nobody else
 * binds it: not a facilitator without a mandate, and not a platform admin, whose role is
 * to run the platform, not to sign for its members.
 */
import type { Knex } from "knex";
import { liveMandate, type MandateAct } from "../../ledgers/mandates.ts";
import type { Principal } from "./principal.ts";

/** How the caller acts for an organization. */
export type Agency =
  | { readonly kind: "member"; readonly orgId: string; readonly mandateId: null }
  | { readonly kind: "mandate"; readonly orgId: string; readonly mandateId: string };

/** True when the caller is a member of the organization (or one of its API keys). */
export const isMemberOf = (p: Principal, orgId: string) => p.memberships.some((m) => m.orgId === orgId);

/**
 * How the caller may take `act` for the organization, or undefined when they may not:
 * as its member, or as a facilitator holding a live mandate for that act.
 */
export async function agencyFor(knex: Knex, principal: Principal, orgId: string, act: MandateAct): Promise<Agency | undefined> {
  if (isMemberOf(principal, orgId)) return { kind: "member", orgId, mandateId: null };
  if (principal.role !== "facilitator" || principal.kind !== "user") return undefined;
  const mandate = await liveMandate(knex, orgId, principal.id, act);
  return mandate ? { kind: "mandate", orgId, mandateId: mandate.id } : undefined;
}

/** The organizations among `orgIds` the caller may take `act` for, with how. */
export async function agenciesAmong(knex: Knex, principal: Principal, orgIds: readonly string[], act: MandateAct): Promise<Agency[]> {
  const out: Agency[] = [];
  for (const orgId of new Set(orgIds)) {
    const agency = await agencyFor(knex, principal, orgId, act);
    if (agency) out.push(agency);
  }
  return out;
}
