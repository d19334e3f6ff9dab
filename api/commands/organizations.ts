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
import { addMembership } from "../../ledgers/accounts.ts";
import { single, updateBusiness, writeBusinesses } from "../../ingest/write-path.ts";
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
