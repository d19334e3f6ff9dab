/**
 * The one write path for businesses, sites and flows — used by REST, bulk imports, partner
 * streams and the demo seeder alike:
 *
 *   validate (at the boundary, zod) → normalize → write Neo4j (MERGE by id, guarded by
 *   version) → upsert the PostGIS summary → publish `sites.changed` / `flows.changed`,
 *   with the audit log appended alongside the last two.
 *
 * Replaying a write changes nothing: identical content is detected by hash in the graph,
 * so no version bump, no index write, no audit entry and no event follow. Batches report
 * bad rows individually while the good rows go in.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import { errors, isTurashError, TurashError } from "../domain/errors.ts";
import { normalizeFlow, type NormalizedResourceFlow } from "../domain/normalize-flow.ts";
import { BusinessCreateSchema, type Business, type BusinessUpdate } from "../domain/schemas/business.ts";
import { SiteCreateSchema, type Site, type SiteUpdate } from "../domain/schemas/site.ts";
import { ResourceFlowCreateSchema, type ResourceFlow, type ResourceFlowUpdate } from "../domain/schemas/resource-flow.ts";
import { parseOrThrow } from "../domain/validation.ts";
import { existingIds, readEntities, upsertEntities, updateGuarded, deleteGuarded, type EntityLabel, type WriteOutcome } from "../graph/entity-store.ts";
import { appendAudit } from "../ledgers/audit-log.ts";
import type { EventPublisher } from "../events/publisher.ts";
import { deleteFlowIndex, deleteSiteIndex, upsertFlowIndex, upsertSiteIndex } from "../spatial/index-store.ts";
import { businessRow, flowIndexRow, flowRow, siteIndexRow, siteRow } from "./entity-rows.ts";

/** Everything a write needs: the stores, the event publisher and who is writing. */
export interface WriteContext {
  readonly neo4j: Driver;
  readonly knex: Knex;
  readonly publisher: EventPublisher;
  /** Written to the audit log: a user id, `apikey:<id>`, `import:<job>`, `seed`… */
  readonly actor: string;
  /** Where to add the time each store took, for callers that report it (bulk imports). */
  readonly timing?: WriteTiming;
}

/**
 * Milliseconds spent per store, added to by every write given this sink. The PostGIS
 * index write and the audit append run side by side, so their sum can exceed wall time.
 */
export interface WriteTiming {
  neo4jMs: number;
  postgisMs: number;
  auditMs: number;
  publishMs: number;
}

/** A row of a batch that was refused, with why. */
export interface RowError {
  readonly index: number;
  readonly id: string | undefined;
  readonly error: TurashError;
}

/** What a batch did: one outcome per accepted row, one error per refused row. */
export interface BatchResult {
  readonly outcomes: WriteOutcome[];
  readonly rejected: RowError[];
}

/** A flow as stored: the validated document plus its normalized quantity. */
export type StoredFlowDoc = NormalizedResourceFlow;

const ENTITY_TYPE: Record<EntityLabel, string> = { Business: "business", Site: "site", ResourceFlow: "resource_flow" };

/** A changed node with what the audit log and the event need. */
interface Change {
  readonly outcome: WriteOutcome;
  readonly orgId: string;
  readonly payload: unknown;
}

/** Time a stage into the context's timing sink, if it has one. */
async function timed<T>(ctx: WriteContext, stage: keyof WriteTiming, run: () => Promise<T>): Promise<T> {
  if (!ctx.timing) return run();
  const started = performance.now();
  try {
    return await run();
  } finally {
    ctx.timing[stage] += performance.now() - started;
  }
}

function audit(ctx: WriteContext, label: EntityLabel, changed: readonly Change[], deleted: boolean): Promise<void> {
  if (changed.length === 0) return Promise.resolve();
  return timed(ctx, "auditMs", () =>
    appendAudit(
      ctx.knex,
      changed.map(({ outcome, payload, orgId }) => ({
        actor: ctx.actor,
        orgId,
        action: deleted ? "deleted" : outcome.change,
        entityType: ENTITY_TYPE[label],
        entityId: outcome.id,
        entityVersion: outcome.version,
        payload,
      })),
    ),
  );
}

// Publishes are pipelined (JetStream acknowledges each, so any failure fails the write);
// a window bounds how many acknowledgements are awaited at once.
const PUBLISH_WINDOW = 2_000;

async function publish(ctx: WriteContext, label: EntityLabel, changed: readonly Change[], deleted: boolean): Promise<void> {
  if (label === "Business" || changed.length === 0) return;
  const type = label === "Site" ? "site.changed" : "flow.changed";
  await timed(ctx, "publishMs", async () => {
    for (let i = 0; i < changed.length; i += PUBLISH_WINDOW) {
      await Promise.all(
        changed.slice(i, i + PUBLISH_WINDOW).map(({ outcome, orgId }) =>
          ctx.publisher.entityChanged({
            type,
            id: outcome.id,
            orgId,
            version: outcome.version,
            change: deleted ? "deleted" : outcome.change === "created" ? "created" : "updated",
            at: outcome.updatedAt,
          }),
        ),
      );
    }
  });
}

/**
 * Everything after the graph write: the index write (if any), the audit log and the
 * events. The audit log does not depend on the index, so the two run side by side; events
 * go out only once the index holds what they announce (consumers read it). Waits for both
 * branches before failing, so nothing of this write is still running when it fails.
 */
async function recordChanges(ctx: WriteContext, label: EntityLabel, changed: readonly Change[], index?: () => Promise<void>, deleted = false): Promise<void> {
  const results = await Promise.allSettled([
    (async () => {
      if (index) await timed(ctx, "postgisMs", index);
      await publish(ctx, label, changed, deleted);
    })(),
    audit(ctx, label, changed, deleted),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

const isChanged = (o: WriteOutcome) => o.change !== "unchanged";

/**
 * Split off rows whose id already appeared earlier in the batch: one batch writes each
 * node once, otherwise the outcome of the batch would depend on row order.
 */
function withoutRepeatedIds<T extends { externalId: string }>(docs: readonly T[]): { unique: { doc: T; index: number }[]; rejected: RowError[] } {
  const firstRow = new Map<string, number>();
  const unique: { doc: T; index: number }[] = [];
  const rejected: RowError[] = [];
  docs.forEach((doc, index) => {
    const first = firstRow.get(doc.externalId);
    if (first === undefined) {
      firstRow.set(doc.externalId, index);
      unique.push({ doc, index });
    } else {
      rejected.push({
        index,
        id: doc.externalId,
        error: errors.validationFailed([{ field: "externalId", message: `repeats the id of row ${first} of this batch` }]),
      });
    }
  });
  return { unique, rejected };
}

function asRowError(index: number, id: string | undefined, error: unknown): RowError {
  if (isTurashError(error)) return { index, id, error };
  throw error;
}

/** Create or replace businesses (already validated). */
export async function writeBusinesses(ctx: WriteContext, batch: readonly Business[]): Promise<BatchResult> {
  const { unique, rejected } = withoutRepeatedIds(batch);
  const docs = unique.map((u) => u.doc);
  const rows = docs.map(businessRow);
  const outcomes = await timed(ctx, "neo4jMs", () => upsertEntities(ctx.neo4j, "Business", rows));
  const byId = new Map(docs.map((d) => [d.externalId, d]));
  await recordChanges(
    ctx,
    "Business",
    outcomes.filter(isChanged).map((outcome) => ({ outcome, orgId: outcome.id, payload: byId.get(outcome.id) })),
  );
  return { outcomes, rejected };
}

/** Create or replace sites (already validated); a site whose business does not exist is refused. */
export async function writeSites(ctx: WriteContext, batch: readonly Site[]): Promise<BatchResult> {
  const { unique, rejected } = withoutRepeatedIds(batch);
  const businesses = await timed(ctx, "neo4jMs", () => existingIds(ctx.neo4j, "Business", unique.map((u) => u.doc.businessId)));
  const accepted: Site[] = [];
  unique.forEach(({ doc, index }) => {
    if (businesses.has(doc.businessId)) accepted.push(doc);
    else rejected.push({ index, id: doc.externalId, error: new TurashError("NOT_FOUND", `business "${doc.businessId}" does not exist`, { field: "businessId" }) });
  });
  const rows = accepted.map(siteRow);
  const outcomes = await timed(ctx, "neo4jMs", () => upsertEntities(ctx.neo4j, "Site", rows));
  const byId = new Map(accepted.map((d) => [d.externalId, d]));
  const changed = outcomes.filter(isChanged);
  // Unchanged rows are indexed again too (guarded by version, so harmless): a replay after
  // a failure between the graph write and the index write repairs the index.
  await recordChanges(
    ctx,
    "Site",
    changed.map((outcome) => ({ outcome, orgId: byId.get(outcome.id)!.businessId, payload: byId.get(outcome.id) })),
    () => upsertSiteIndex(ctx.knex, outcomes.map((o) => siteIndexRow(byId.get(o.id)!, o.version))),
  );
  rejected.sort((a, b) => a.index - b.index);
  return { outcomes, rejected };
}

/** Organization of each existing site. */
async function siteOrgs(neo4j: Driver, siteIds: readonly string[]): Promise<Map<string, string>> {
  const { records } = await neo4j.executeQuery(
    "UNWIND $ids AS id MATCH (s:Site {id: id}) RETURN s.id AS id, s.orgId AS orgId",
    { ids: [...new Set(siteIds)] },
    { routing: "READ" },
  );
  return new Map(records.map((r) => [r.get("id") as string, r.get("orgId") as string]));
}

/**
 * Create or replace flows (already validated): each is normalized to canonical units; a
 * flow with a unit that does not fit, or at a site that does not exist, is refused.
 */
export async function writeFlows(ctx: WriteContext, batch: readonly ResourceFlow[]): Promise<BatchResult> {
  const { unique, rejected } = withoutRepeatedIds(batch);
  const orgs = await timed(ctx, "neo4jMs", () => siteOrgs(ctx.neo4j, unique.map((u) => u.doc.siteId)));
  const accepted: { doc: StoredFlowDoc; orgId: string }[] = [];
  unique.forEach(({ doc, index }) => {
    const orgId = orgs.get(doc.siteId);
    if (!orgId) {
      rejected.push({ index, id: doc.externalId, error: new TurashError("NOT_FOUND", `site "${doc.siteId}" does not exist`, { field: "siteId" }) });
      return;
    }
    try {
      accepted.push({ doc: normalizeFlow(doc), orgId });
    } catch (error) {
      rejected.push(asRowError(index, doc.externalId, error));
    }
  });
  const rows = accepted.map(({ doc, orgId }) => flowRow(doc, orgId));
  const outcomes = await timed(ctx, "neo4jMs", () => upsertEntities(ctx.neo4j, "ResourceFlow", rows));
  const byId = new Map(accepted.map((a) => [a.doc.externalId, a]));
  const changed = outcomes.filter(isChanged);
  // As for sites: unchanged rows are indexed again so a replay repairs a half-done write.
  await recordChanges(
    ctx,
    "ResourceFlow",
    changed.map((outcome) => ({ outcome, orgId: byId.get(outcome.id)!.orgId, payload: byId.get(outcome.id)!.doc })),
    () => upsertFlowIndex(ctx.knex, outcomes.map((o) => flowIndexRow(byId.get(o.id)!.doc, byId.get(o.id)!.orgId, o.version))),
  );
  rejected.sort((a, b) => a.index - b.index);
  return { outcomes, rejected };
}

/** Throw the first refused row of a one-row batch; otherwise return its outcome. */
export function single(result: BatchResult): WriteOutcome {
  const refused = result.rejected[0];
  if (refused) throw refused.error;
  return result.outcomes[0]!;
}

function withoutVersion<T extends { version: number }>(patch: T): Omit<T, "version"> {
  const { version: _version, ...rest } = patch;
  return rest;
}

/** Change a business if `patch.version` is current. */
export async function updateBusiness(ctx: WriteContext, id: string, patch: BusinessUpdate): Promise<{ outcome: WriteOutcome; doc: Business }> {
  let doc!: Business;
  const { outcome } = await updateGuarded<Business>(ctx.neo4j, "Business", id, patch.version, (current) => {
    doc = parseOrThrow(BusinessCreateSchema, { ...current.doc, ...withoutVersion(patch) });
    return businessRow(doc);
  });
  if (isChanged(outcome)) await recordChanges(ctx, "Business", [{ outcome, orgId: id, payload: doc }]);
  return { outcome, doc };
}

/** Change a site if `patch.version` is current; its flows move with it in the index. */
export async function updateSite(ctx: WriteContext, id: string, patch: SiteUpdate): Promise<{ outcome: WriteOutcome; doc: Site }> {
  let doc!: Site;
  const { outcome } = await updateGuarded<Site>(ctx.neo4j, "Site", id, patch.version, (current) => {
    doc = parseOrThrow(SiteCreateSchema, { ...current.doc, ...withoutVersion(patch) });
    return siteRow(doc);
  });
  if (isChanged(outcome)) {
    await recordChanges(ctx, "Site", [{ outcome, orgId: doc.businessId, payload: doc }], () => upsertSiteIndex(ctx.knex, [siteIndexRow(doc, outcome.version)]));
  }
  return { outcome, doc };
}

/** Change a flow if `patch.version` is current; the result is re-validated and re-normalized. */
export async function updateFlow(ctx: WriteContext, id: string, patch: ResourceFlowUpdate): Promise<{ outcome: WriteOutcome; doc: StoredFlowDoc; orgId: string }> {
  let doc!: StoredFlowDoc;
  let orgId = "";
  const { outcome } = await updateGuarded<StoredFlowDoc>(ctx.neo4j, "ResourceFlow", id, patch.version, (current) => {
    const { normalized: _normalized, ...stored } = current.doc;
    doc = normalizeFlow(parseOrThrow(ResourceFlowCreateSchema, { ...stored, ...withoutVersion(patch) }));
    orgId = current.orgId;
    return flowRow(doc, orgId);
  });
  if (isChanged(outcome)) {
    await recordChanges(ctx, "ResourceFlow", [{ outcome, orgId, payload: doc }], () => upsertFlowIndex(ctx.knex, [flowIndexRow(doc, orgId, outcome.version)]));
  }
  return { outcome, doc, orgId };
}

/** Delete a flow (if `expectedVersion` is current, when given). */
export async function deleteFlow(ctx: WriteContext, id: string, orgId: string, expectedVersion?: number): Promise<void> {
  const version = await deleteGuarded(ctx.neo4j, "ResourceFlow", id, expectedVersion);
  const outcome: WriteOutcome = { id, version: version + 1, change: "updated", updatedAt: new Date().toISOString() };
  await recordChanges(ctx, "ResourceFlow", [{ outcome, orgId, payload: null }], () => deleteFlowIndex(ctx.knex, [id]), true);
}

/** Delete a site and its flows (if `expectedVersion` is current, when given). */
export async function deleteSite(ctx: WriteContext, id: string, orgId: string, expectedVersion?: number): Promise<void> {
  // Check the version before the flows go, so that a stale delete removes nothing.
  const current = (await readEntities(ctx.neo4j, "Site", [id])).get(id);
  if (!current) throw errors.notFound("Site", id);
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw errors.versionConflict("Site", id, expectedVersion, current.version);
  const { records } = await ctx.neo4j.executeQuery("MATCH (:Site {id: $id})-[:OFFERS|NEEDS]->(f:ResourceFlow) RETURN f.id AS id, f.version AS version", { id });
  for (const r of records) await deleteFlow(ctx, r.get("id") as string, orgId);
  const version = await deleteGuarded(ctx.neo4j, "Site", id, expectedVersion);
  const outcome: WriteOutcome = { id, version: version + 1, change: "updated", updatedAt: new Date().toISOString() };
  await recordChanges(ctx, "Site", [{ outcome, orgId, payload: null }], () => deleteSiteIndex(ctx.knex, [id]), true);
}

/** Read stored flows by id. */
export async function readFlows(neo4j: Driver, ids: readonly string[]) {
  return readEntities<StoredFlowDoc>(neo4j, "ResourceFlow", ids);
}
