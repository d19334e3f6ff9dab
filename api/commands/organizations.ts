/**
 * Organization commands: each checks what the caller may do with the organization it
 * touches, then calls the write path.
 */
import { errors } from "../../domain/errors.ts";
import { expectedFlowsFor } from "../../domain/flow-expectations.ts";
import { disclosureOf, type Business, type BusinessUpdate } from "../../domain/schemas/business.ts";
import { revealedCounterparts } from "../../ledgers/match-disclosures.ts";
import { readEntities, type StoredEntity } from "../../graph/entity-store.ts";
import { listBusinesses } from "../../graph/queries/listing.ts";
import { servicesOfOrg, withdrawService } from "../../graph/queries/services.ts";
import { withdrawnRouting } from "../../match-service/service-routing.ts";
import { addMembership, endAllMemberships } from "../../ledgers/accounts.ts";
import { listApiKeys, revokeApiKey } from "../../ledgers/api-keys.ts";
import { appendAudit } from "../../ledgers/audit-log.ts";
import { mandatesOf, revokeMandate } from "../../ledgers/mandates.ts";
import { deleteBusiness, single, updateBusiness, writeBusinesses } from "../../ingest/write-path.ts";
import { businessRow } from "../../ingest/entity-rows.ts";
import { announcePrincipalChange } from "../auth/principal-changes.ts";
import { canAdministerOrg, canReadOrg, isCrossOrg, orgIdsOf, type Principal } from "../auth/principal.ts";
import { writeContextFor, type ApiContext } from "../context.ts";
import { namingBodyFields } from "./body-fields.ts";
import { whileCreating } from "./create-lock.ts";

/**
 * Register an organization; a user creating one becomes its org_admin. Posting the same
 * body again is a replay and changes nothing; another body under a taken id is a 409
 * (changes go through PATCH with a version).
 */
export function createOrganization(ctx: ApiContext, principal: Principal, doc: Business) {
  return whileCreating(ctx.redis, "Business", doc.externalId, async () => {
    const existing = (await readEntities<Business>(ctx.neo4j, "Business", [doc.externalId])).get(doc.externalId);
    if (existing) {
      if (existing.hash !== businessRow(doc).hash || !canReadOrg(principal, doc.externalId)) {
        throw errors.alreadyExists("organization", doc.externalId);
      }
      return { outcome: { change: "unchanged" as const }, stored: existing };
    }
    const outcome = single(await writeBusinesses(writeContextFor(ctx, principal), [doc]));
    if (principal.kind === "user" && outcome.change === "created") {
      await addMembership(ctx.knex, principal.id, doc.externalId, "org_admin");
      // The founder's open sockets join the new organization's rooms.
      await announcePrincipalChange(ctx.redis, ctx.config.redis.prefix, { kind: "memberships", principalId: principal.id }, ctx.logger);
    }
    return { outcome, stored: (await readEntities<Business>(ctx.neo4j, "Business", [doc.externalId])).get(doc.externalId)! };
  });
}

/**
 * One organization: full for members and cross-org roles, the public profile for others —
 * if the organization is public, or the caller's organization has a revealed match with
 * it. A confidential organization is otherwise answered as missing: its id alone must not
 * confirm it is on the platform.
 */
export async function getOrganization(ctx: ApiContext, principal: Principal, id: string) {
  const stored = (await readEntities<Business>(ctx.neo4j, "Business", [id])).get(id);
  if (!stored) throw errors.notFound("organization", id);
  const full = canReadOrg(principal, id);
  if (!full && disclosureOf(stored.doc) !== "public" && !(await revealedToAny(ctx, orgIdsOf(principal), id))) throw errors.notFound("organization", id);
  return { stored, full };
}

/**
 * The organization, for its members and cross-organization roles only: anyone else is
 * answered as for a missing one (its members, mandates and other private lists).
 */
export async function getOwnOrganization(ctx: ApiContext, principal: Principal, id: string) {
  const found = await getOrganization(ctx, principal, id);
  if (!canReadOrg(principal, id)) throw errors.notFound("organization", id);
  return found;
}

/**
 * Flows a plant of the organization's NACE class usually offers and needs, to suggest to
 * its members what to declare. Members and cross-organization roles only; anyone else is
 * answered as for a missing organization.
 */
export async function suggestedFlows(ctx: ApiContext, principal: Principal, id: string) {
  const { stored } = await getOwnOrganization(ctx, principal, id);
  return { stored, expectations: expectedFlowsFor(stored.doc.naceCode) };
}

async function revealedToAny(ctx: ApiContext, orgIds: readonly string[], id: string): Promise<boolean> {
  if (orgIds.length === 0) return false;
  const known = await revealedCounterparts(ctx.knex, id);
  return orgIds.some((o) => known.has(o));
}

/** Organizations the caller belongs to (all of them for admins and facilitators). */
export function listOrganizations(ctx: ApiContext, principal: Principal, after: string | null, limit: number) {
  return listBusinesses<Business>(ctx.neo4j, { orgIds: isCrossOrg(principal) ? null : orgIdsOf(principal), after, limit });
}

/** Change an organization's profile (org admins and platform admins). */
export async function patchOrganization(ctx: ApiContext, principal: Principal, id: string, patch: BusinessUpdate): Promise<StoredEntity<Business>> {
  await getOrganization(ctx, principal, id);
  if (!canAdministerOrg(principal, id)) throw errors.forbidden("Only the organization's administrators may change it.");
  await namingBodyFields(() => updateBusiness(writeContextFor(ctx, principal), id, patch));
  return (await readEntities<Business>(ctx.neo4j, "Business", [id])).get(id)!;
}

/**
 * Erase an organization with everything it owns: its sites and flows (through the write
 * path, so the index, the audit log and the matching worker follow), the business node, its
 * API keys and live mandates (revoked), and its memberships (its members' sockets leave its
 * rooms). The ledgers that are their own record (audit log, proposals and their history)
 * keep what happened; the erasure itself is recorded in the audit log with what went.
 * Only the organization's administrators (and platform admins) may; anyone else who may not
 * read it is answered as for a missing one.
 */
export async function eraseOrganization(ctx: ApiContext, principal: Principal, id: string): Promise<{ sites: number; flows: number; members: number; apiKeys: number; mandates: number }> {
  await getOwnOrganization(ctx, principal, id);
  if (!canAdministerOrg(principal, id)) throw errors.forbidden("Only the organization's administrators may delete it.");
  const { sites, flows } = await deleteBusiness(writeContextFor(ctx, principal), id);
  // Its services leave the marketplace with it; matches routed to them go back to the shared queue.
  for (const service of await servicesOfOrg(ctx.neo4j, id)) await withdrawService(ctx.neo4j, id, service.id, withdrawnRouting(service.name, new Date().toISOString()));
  const keys = (await listApiKeys(ctx.knex, id)).filter((k) => k.revokedAt === null);
  for (const k of keys) await revokeApiKey(ctx.knex, id, k.id);
  const live = (await mandatesOf(ctx.knex, id)).filter((m) => m.revokedAt === null);
  for (const m of live) await revokeMandate(ctx.knex, id, m.id, principal.id);
  const members = await endAllMemberships(ctx.knex, id);
  for (const userId of members) await announcePrincipalChange(ctx.redis, ctx.config.redis.prefix, { kind: "memberships", principalId: userId }, ctx.logger);
  for (const k of keys) await announcePrincipalChange(ctx.redis, ctx.config.redis.prefix, { kind: "revoked", principalId: `apikey:${k.id}`, reason: "organization erased" }, ctx.logger);
  const erased = { sites, flows, members: members.length, apiKeys: keys.length, mandates: live.length };
  await appendAudit(ctx.knex, [{ actor: principal.id, orgId: id, action: "organization.erased", entityType: "business", entityId: id, payload: erased }]);
  return erased;
}
