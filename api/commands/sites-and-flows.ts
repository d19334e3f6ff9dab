/**
 * Site and flow commands. Tenant rule: another organization's sites and flows are private,
 * so for a caller who may not read them they do not exist (404, nothing leaks); members
 * may read and change them; admins everything, facilitators read everything.
 */
import { errors, TurashError } from "../../domain/errors.ts";
import { normalizeFlow } from "../../domain/normalize-flow.ts";
import type { Site, SiteUpdate } from "../../domain/schemas/site.ts";
import type { ResourceFlow, ResourceFlowUpdate } from "../../domain/schemas/resource-flow.ts";
import { readEntities, type StoredEntity } from "../../graph/entity-store.ts";
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

async function readVisible<D>(ctx: ApiContext, principal: Principal, label: Label, id: string): Promise<StoredEntity<D>> {
  const stored = (await readEntities<D>(ctx.neo4j, label, [id])).get(id);
  if (!stored || !canReadOrg(principal, stored.orgId)) throw errors.notFound(KIND[label], id);
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

async function replayOrConflict<D>(ctx: ApiContext, principal: Principal, label: Label, id: string, hash: string): Promise<Created<D> | undefined> {
  const existing = (await readEntities<D>(ctx.neo4j, label, [id])).get(id);
  if (!existing) return undefined;
  if (existing.hash === hash && canReadOrg(principal, existing.orgId)) return { created: false, stored: existing };
  throw errors.alreadyExists(KIND[label], id);
}

/** Register a site of an organization the caller belongs to. */
export async function createSite(ctx: ApiContext, principal: Principal, doc: Site): Promise<Created<Site>> {
  if (!canWriteOrg(principal, doc.businessId)) {
    throw new TurashError("FORBIDDEN", "You may only register sites of your own organizations.", { field: "body.businessId" });
  }
  return whileCreating(ctx.redis, "Site", doc.externalId, async () => {
    const replay = await replayOrConflict<Site>(ctx, principal, "Site", doc.externalId, siteRow(doc).hash);
    if (replay) return replay;
    await namingBodyFields(async () => single(await writeSites(writeContextFor(ctx, principal), [doc])));
    return { created: true, stored: (await readEntities<Site>(ctx.neo4j, "Site", [doc.externalId])).get(doc.externalId)! };
  });
}

/** One site the caller may read. */
export const getSite = (ctx: ApiContext, principal: Principal, id: string) => readVisible<Site>(ctx, principal, "Site", id);

/** Sites the caller may read, optionally within a bounding box. */
export function findSites(ctx: ApiContext, principal: Principal, filter: { after: string | null; limit: number; bbox?: BBox; orgId?: string }) {
  const orgIds = scopeOrgs(principal, filter.orgId);
  return listSites<Site>(ctx.neo4j, { ...filter, orgIds });
}

/** Change a site if the version is current. */
export async function patchSite(ctx: ApiContext, principal: Principal, id: string, patch: SiteUpdate) {
  await readWritable<Site>(ctx, principal, "Site", id);
  await namingBodyFields(() => updateSite(writeContextFor(ctx, principal), id, patch));
  return readVisible<Site>(ctx, principal, "Site", id);
}

/** Delete a site and its flows. */
export async function removeSite(ctx: ApiContext, principal: Principal, id: string, version: number | undefined) {
  const stored = await readWritable<Site>(ctx, principal, "Site", id);
  await namingBodyFields(() => deleteSite(writeContextFor(ctx, principal), id, stored.orgId, version), { version: "query.version" });
}

/** Register a flow at a site of the caller's organization. */
export async function createFlow(ctx: ApiContext, principal: Principal, doc: ResourceFlow): Promise<Created<StoredFlowDoc>> {
  const site = (await readEntities<Site>(ctx.neo4j, "Site", [doc.siteId])).get(doc.siteId);
  if (!site || !canReadOrg(principal, site.orgId)) {
    throw errors.notFound("site", doc.siteId);
  }
  if (!canWriteOrg(principal, site.orgId)) throw errors.forbidden("You may only add flows to your own organizations' sites.");
  return whileCreating(ctx.redis, "ResourceFlow", doc.externalId, async () => {
    const replay = await replayOrConflict<StoredFlowDoc>(ctx, principal, "ResourceFlow", doc.externalId, flowRow(normalizeFlow(doc), site.orgId).hash);
    if (replay) return replay;
    await namingBodyFields(async () => single(await writeFlows(writeContextFor(ctx, principal), [doc])));
    return { created: true, stored: (await readEntities<StoredFlowDoc>(ctx.neo4j, "ResourceFlow", [doc.externalId])).get(doc.externalId)! };
  });
}

/** One flow the caller may read. */
export const getFlow = (ctx: ApiContext, principal: Principal, id: string) => readVisible<StoredFlowDoc>(ctx, principal, "ResourceFlow", id);

/** Flows the caller may read, filtered. */
export function findFlows(
  ctx: ApiContext,
  principal: Principal,
  filter: { after: string | null; limit: number; bbox?: BBox; resourceType?: string; direction?: string; siteId?: string; orgId?: string },
) {
  return listFlows<StoredFlowDoc>(ctx.neo4j, { ...filter, orgIds: scopeOrgs(principal, filter.orgId) });
}

/** Change a flow if the version is current. */
export async function patchFlow(ctx: ApiContext, principal: Principal, id: string, patch: ResourceFlowUpdate) {
  await readWritable<StoredFlowDoc>(ctx, principal, "ResourceFlow", id);
  await namingBodyFields(() => updateFlow(writeContextFor(ctx, principal), id, patch));
  return readVisible<StoredFlowDoc>(ctx, principal, "ResourceFlow", id);
}

/** Delete a flow. */
export async function removeFlow(ctx: ApiContext, principal: Principal, id: string, version: number | undefined) {
  const stored = await readWritable<StoredFlowDoc>(ctx, principal, "ResourceFlow", id);
  await namingBodyFields(() => deleteFlow(writeContextFor(ctx, principal), id, stored.orgId, version), { version: "query.version" });
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
