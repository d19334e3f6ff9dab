/**
 * Site and flow commands. Tenant rule: another organization's sites and flows are private,
 * so for a caller who may not read them they do not exist (404, nothing leaks); members
 * may read and change them; admins everything, facilitators read everything.
 */
import { placeSites } from "../../ingest/site-regions.ts";
import { errors, isTurashError } from "../../domain/errors.ts";
import { normalizeFlow } from "../../domain/normalize-flow.ts";
import type { Site, SiteUpdate } from "../../domain/schemas/site.ts";
import type { ResourceFlow, ResourceFlowUpdate } from "../../domain/schemas/resource-flow.ts";
import { readEntities, type StoredEntity, type WriteOutcome } from "../../graph/entity-store.ts";
import { nodeIdFor, resolveNodeRef } from "../../graph/node-refs.ts";
import { listFlows, listSites, type BBox } from "../../graph/queries/listing.ts";
import { flowRow, siteRow } from "../../ingest/entity-rows.ts";
import {
  deleteFlow,
  deleteSite,
  single,
  updateFlow,
  updateSite,
  writeFlows,
  writeSites,
  type StoredFlowDoc,
} from "../../ingest/write-path.ts";
import { canReadOrg, canWriteOrg, isCrossOrg, orgIdsOf, type Principal } from "../auth/principal.ts";
import { writeContextFor, type ApiContext } from "../context.ts";
import { namingBodyFields } from "./body-fields.ts";
import { whileCreating } from "./create-lock.ts";

type Label = "Site" | "ResourceFlow";
const KIND: Record<Label, string> = { Site: "site", ResourceFlow: "resource flow" };

/** The record a caller's reference names (its own id form first), if the caller may read it; else 404 naming the reference. */
async function readVisible<D>(ctx: ApiContext, principal: Principal, label: Label, ref: string): Promise<StoredEntity<D>> {
  const id = await resolveNodeRef(ctx.neo4j, label, ref, orgIdsOf(principal));
  const stored = (await readEntities<D>(ctx.neo4j, label, [id])).get(id);
  if (!stored || !canReadOrg(principal, stored.orgId)) throw errors.notFound(KIND[label], ref);
  return stored;
}

async function readWritable<D>(ctx: ApiContext, principal: Principal, label: Label, id: string): Promise<StoredEntity<D>> {
  const stored = await readVisible<D>(ctx, principal, label, id);
  if (!canWriteOrg(principal, stored.orgId)) throw errors.forbidden(`You may read but not change this ${KIND[label]}.`);
  return stored;
}

/** Outcome of a create: created, or an identical replay. */
export interface Created<D> {
  readonly created: boolean;
  readonly stored: StoredEntity<D>;
}

/**
 * Create an organization's record under the node id its external id maps to (its own id,
 * or the scoped one when another organization holds that id). The node id depends only on
 * what the owner holds, so an id taken elsewhere answers exactly as a free one: 201. A
 * clash (409) or a replay (200) can only be with the owner's own record; a replay of a
 * write that was answered 503 after the graph took it completes it and answers 201.
 */
async function createOwned<D extends { externalId: string }>(
  ctx: ApiContext,
  principal: Principal,
  label: Label,
  orgId: string,
  doc: D,
  hashOf: (stored: D) => string,
  write: (stored: D) => Promise<WriteOutcome>,
): Promise<Created<D>> {
  // A foreign write can take the plain id between choosing it and writing (an import); then choose again.
  for (let attempt = 0; ; attempt++) {
    const id = await nodeIdFor(ctx.neo4j, label, orgId, doc.externalId);
    const stored = { ...doc, externalId: id };
    const outcome = await whileCreating(ctx.redis, label, id, async (): Promise<Created<D> | "taken"> => {
      const existing = (await readEntities<D>(ctx.neo4j, label, [id])).get(id);
      if (existing) {
        if (existing.hash === hashOf(stored) && canReadOrg(principal, existing.orgId)) {
          // An identical replay still goes through the write path, which changes nothing in
          // the graph but completes a write whose PostgreSQL side was lost (the caller was
          // answered 503 and told to send it again): the index row, audit entry and event.
          const replayed = await namingBodyFields(() => write(stored));
          return { created: replayed.change === "created", stored: existing };
        }
        throw errors.alreadyExists(KIND[label], doc.externalId);
      }
      try {
        await namingBodyFields(() => write(stored));
      } catch (error) {
        if (attempt === 0 && isTurashError(error, "ALREADY_EXISTS")) return "taken";
        throw error;
      }
      return { created: true, stored: (await readEntities<D>(ctx.neo4j, label, [id])).get(id)! };
    });
    if (outcome !== "taken") return outcome;
  }
}

/** Register a site of an organization the caller belongs to. */
export async function createSite(ctx: ApiContext, principal: Principal, doc: Site): Promise<Created<Site>> {
  if (!canWriteOrg(principal, doc.businessId)) {
    throw errors.forbidden("You may only register sites of your own organizations.", { field: "body.businessId" });
  }
  // Placed first: an identical replay is told apart from a clash by the hash of what the
  // write path stores, which carries the region and country of the point.
  const [placed] = await placeSites(ctx.knex, [doc]);
  return createOwned(ctx, principal, "Site", doc.businessId, placed!, (s) => siteRow(s).hash, async (s) => single(await writeSites(writeContextFor(ctx, principal), [s])));
}

/** One site the caller may read. */
export const getSite = (ctx: ApiContext, principal: Principal, id: string) => readVisible<Site>(ctx, principal, "Site", id);

/** Sites the caller may read, optionally within a bounding box. */
export function findSites(ctx: ApiContext, principal: Principal, filter: { after: string | null; limit: number; bbox?: BBox; orgId?: string }) {
  const orgIds = scopeOrgs(principal, filter.orgId);
  return listSites<Site>(ctx.neo4j, { ...filter, orgIds });
}

/** Change a site if the version is current. */
export async function patchSite(ctx: ApiContext, principal: Principal, ref: string, patch: SiteUpdate) {
  const { id } = await readWritable<Site>(ctx, principal, "Site", ref);
  await namingBodyFields(() => updateSite(writeContextFor(ctx, principal), id, patch));
  return readVisible<Site>(ctx, principal, "Site", id);
}

/** Delete a site and its flows. */
export async function removeSite(ctx: ApiContext, principal: Principal, ref: string, version: number | undefined) {
  const stored = await readWritable<Site>(ctx, principal, "Site", ref);
  await namingBodyFields(() => deleteSite(writeContextFor(ctx, principal), stored.id, stored.orgId, version), { version: "query.version" });
}

/** Register a flow at a site of the caller's organization. */
export async function createFlow(ctx: ApiContext, principal: Principal, doc: ResourceFlow): Promise<Created<StoredFlowDoc>> {
  const site = await readVisible<Site>(ctx, principal, "Site", doc.siteId);
  if (!canWriteOrg(principal, site.orgId)) throw errors.forbidden("You may only add flows to your own organizations' sites.");
  const atSite = { ...doc, siteId: site.id };
  return createOwned<ResourceFlow>(
    ctx,
    principal,
    "ResourceFlow",
    site.orgId,
    atSite,
    (f) => flowRow(normalizeFlow(f), site.orgId).hash,
    async (f) => single(await writeFlows(writeContextFor(ctx, principal), [f])),
  ) as Promise<Created<StoredFlowDoc>>;
}

/** One flow the caller may read. */
export const getFlow = (ctx: ApiContext, principal: Principal, id: string) => readVisible<StoredFlowDoc>(ctx, principal, "ResourceFlow", id);

/** Flows the caller may read, filtered. */
export async function findFlows(
  ctx: ApiContext,
  principal: Principal,
  filter: { after: string | null; limit: number; bbox?: BBox; resourceType?: string; direction?: string; siteId?: string; orgId?: string },
) {
  const siteId = filter.siteId === undefined ? undefined : await resolveNodeRef(ctx.neo4j, "Site", filter.siteId, orgIdsOf(principal));
  return listFlows<StoredFlowDoc>(ctx.neo4j, { ...filter, siteId, orgIds: scopeOrgs(principal, filter.orgId) });
}

/** Change a flow if the version is current. */
export async function patchFlow(ctx: ApiContext, principal: Principal, ref: string, patch: ResourceFlowUpdate) {
  const { id } = await readWritable<StoredFlowDoc>(ctx, principal, "ResourceFlow", ref);
  await namingBodyFields(() => updateFlow(writeContextFor(ctx, principal), id, patch));
  return readVisible<StoredFlowDoc>(ctx, principal, "ResourceFlow", id);
}

/** Delete a flow. */
export async function removeFlow(ctx: ApiContext, principal: Principal, ref: string, version: number | undefined) {
  const stored = await readWritable<StoredFlowDoc>(ctx, principal, "ResourceFlow", ref);
  await namingBodyFields(() => deleteFlow(writeContextFor(ctx, principal), stored.id, stored.orgId, version), { version: "query.version" });
}

/**
 * Which organizations a list may cover: the caller's own (or all for cross-org roles),
 * narrowed to `orgId` when asked; asking for a foreign organization yields nothing.
 */
function scopeOrgs(principal: Principal, orgId: string | undefined): readonly string[] | null {
  if (isCrossOrg(principal)) return orgId ? [orgId] : null;
  const own = orgIdsOf(principal);
  return orgId ? own.filter((id) => id === orgId) : own;
}
