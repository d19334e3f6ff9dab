/**
 * The one write path for businesses, sites and flows — used by REST, bulk imports, partner
 * streams and the demo seeder alike:
 *
 *   validate (at the boundary, zod) → normalize → write Neo4j (MERGE by id, guarded by
 *   version) → upsert the PostGIS summary → publish `sites.changed` / `flows.changed`,
 *   with the audit log appended and the events queued in the outbox alongside the last two.
 *
 * Events go through the transactional outbox (events/outbox.ts): queued in the same
 * PostgreSQL transaction as the index rows and audit entries, published right after the
 * commit, and — when NATS is away — later by the outbox relay. A write that committed is
 * therefore never answered as failed because NATS was down, and its event is not lost.
 *
 * Replaying a write changes nothing: identical content is detected by hash in the graph,
 * so no version bump, no index write, no audit entry and no event follow. Batches report
 * bad rows individually while the good rows go in.
 *
 * Ownership: a site or flow row whose id names another organization's record is refused
 * ("belongs to another organization", never saying which), and the record is neither moved
 * nor overwritten; a batch of businesses creates new ones and keeps existing ones as
 * stored. The graph write itself enforces both (graph/entity-store.ts), so every caller —
 * REST, imports, webhooks, the seeder — gets the same rule and no race slips past it.
 *
 * Both stores agree after every write, also one that fails halfway. The graph transaction
 * stays open while the PostgreSQL side of the write — index rows and audit entries, in one
 * PostgreSQL transaction — is written, and commits only once that succeeded; PostgreSQL
 * commits right after. A PostgreSQL write that fails (a value it cannot store, a
 * constraint, the database away) therefore undoes the graph write, and the record is in
 * neither store; the caller gets STORE_REFUSED (422) or SERVICE_UNAVAILABLE (503), never an
 * unexplained 500. Why not compensation or an outbox: undoing a committed graph write means
 * restoring the former node (properties, version, links) while others may already have
 * read or changed it, and an outbox makes the index lag behind every write and retries a
 * row that can never be stored forever. Holding the graph transaction open costs lock time
 * for the PostgreSQL round trips, nothing more. What remains: PostgreSQL failing in its
 * own COMMIT right after the graph committed (a connection lost in that instant, a
 * PostgreSQL killed) leaves the index, the audit log and the outbox behind the graph — the
 * direction the design tolerates, as the index is derived: replaying the write (an import
 * chunk is redelivered; a client retries the write it was answered 503 for) re-indexes it
 * and records the audit entry and the event the lost side held ({@link unrecorded}), and the
 * reconciler repairs the index too. test/faults/faults.test.ts kills PostgreSQL mid-import.
 * test/api/store-failure.test.ts makes PostGIS fail on purpose (a trigger) for REST writes
 * and import rows; an import whose chunk cannot be written at all completes with those
 * rows refused (ingest/imports/worker.ts), never waiting forever.
 *
 * Partnerships of contracted deals (`PARTNERS_WITH`, {@link writePartnership}) are graph
 * writes too and come through here: idempotent (MERGE on the deal id), their failures
 * classified like every other write's.
 */
import { externalOf } from "../domain/node-ref.ts";
import { nodeOrgs, ownNodeIds } from "../graph/node-refs.ts";
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import { errors, isTurashError, type TurashError } from "../domain/errors.ts";
import { isRetriable, serviceOf } from "../platform/infra-errors.ts";
import { normalizeFlow, type NormalizedResourceFlow } from "../domain/normalize-flow.ts";
import { BusinessCreateSchema, type Business, type BusinessUpdate } from "../domain/schemas/business.ts";
import { SiteCreateSchema, type Site, type SiteUpdate } from "../domain/schemas/site.ts";
import { ResourceFlowCreateSchema, type ResourceFlow, type ResourceFlowUpdate } from "../domain/schemas/resource-flow.ts";
import { parseOrThrow } from "../domain/validation.ts";
import {
  existingIds,
  readEntities,
  upsertEntities,
  updateGuarded,
  deleteGuarded,
  type EntityLabel,
  type EntityRow,
  type UpsertResult,
  type WriteOutcome,
} from "../graph/entity-store.ts";
import { recordPartnership, type PartnershipInput } from "../graph/queries/partnerships.ts";
import { appendAudit } from "../ledgers/audit-log.ts";
import type { EventPublisher } from "../events/publisher.ts";
import { deliverEvents, enqueueEvents, type OutboxEvent, type QueuedEvent } from "../events/outbox.ts";
import { deleteFlowIndex, deleteSiteIndex, upsertFlowIndex, upsertSiteIndex } from "../spatial/index-store.ts";
import { businessRow, flowIndexRow, flowRow, siteIndexRow, siteRow } from "./entity-rows.ts";
import { placeSites, withPlace } from "./site-regions.ts";
import { locatePoints } from "../spatial/regions.ts";

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
 * Milliseconds spent per store, added to by every write given this sink. `neo4jMs` is the
 * graph transaction without the PostgreSQL work done inside it (index, then audit).
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
  /** Businesses that already existed with other content, kept as stored (the rows' sites and flows still go in). */
  readonly kept?: readonly { readonly index: number; readonly id: string }[];
}

/** A flow as stored: the validated document plus its normalized quantity. */
export type StoredFlowDoc = NormalizedResourceFlow;

const ENTITY_TYPE: Record<EntityLabel, string> = { Business: "business", Site: "site", ResourceFlow: "resource_flow" };

/**
 * What happened to a node, said the same way in its audit entry (the action) and its
 * `*.changed` event (the change): a write created or updated it, or a delete removed it.
 * A write that changed nothing is no change: it gets neither.
 */
type ChangeKind = "created" | "updated" | "deleted";

/** A changed node with what the audit log and the event need. */
interface Change {
  readonly kind: ChangeKind;
  readonly id: string;
  /** The version after the change; a deleted node's is one past its last stored version. */
  readonly version: number;
  readonly at: string;
  readonly orgId: string;
  /** The document as written, for the audit entry; null for a delete. */
  readonly payload: unknown;
}

const isChanged = (o: WriteOutcome) => o.change !== "unchanged";

/** The change a write made to a node; `outcome` is one that changed it (not "unchanged"). */
const written = (outcome: WriteOutcome, orgId: string, payload: unknown): Change => ({
  kind: outcome.change === "created" ? "created" : "updated",
  id: outcome.id,
  version: outcome.version,
  at: outcome.updatedAt,
  orgId,
  payload,
});

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

function audit(ctx: WriteContext, db: Knex, label: EntityLabel, changed: readonly Change[]): Promise<void> {
  if (changed.length === 0) return Promise.resolve();
  return timed(ctx, "auditMs", () =>
    appendAudit(
      db,
      changed.map(({ kind, id, version, payload, orgId }) => ({
        actor: ctx.actor,
        orgId,
        action: kind,
        entityType: ENTITY_TYPE[label],
        entityId: id,
        entityVersion: version,
        payload,
      })),
    ),
  );
}

/** The events of `changed` (businesses announce none), as the outbox queues them. */
function eventsOf(label: EntityLabel, changed: readonly Change[]): OutboxEvent[] {
  if (label === "Business") return [];
  const type = label === "Site" ? "site.changed" : "flow.changed";
  return changed.map(({ kind, id, version, at, orgId }) => ({ kind: "entity", event: { type, id, orgId, version, change: kind, at } }));
}

/**
 * After both stores committed: publish the write's queued events (events/outbox.ts). NATS
 * being away does not fail the write — it has committed, and its events stay queued for the
 * outbox relay, which publishes them once NATS is back.
 */
async function publish(ctx: WriteContext, queued: readonly QueuedEvent[]): Promise<void> {
  if (queued.length === 0) return;
  await timed(ctx, "publishMs", () => deliverEvents(ctx.knex, ctx.publisher, queued));
}

/** The PostgreSQL side of a graph write: its index rows (if any), then its audit entries and its queued events. */
type PostgresWork = (db: Knex.Transaction) => Promise<void>;

/**
 * The PostgreSQL side of a write of `changed`; `queue` receives the events it queued in the
 * outbox (called again when the driver retries the graph transaction, the earlier try's
 * rows rolled back with its savepoint).
 */
const postgresSide =
  (ctx: WriteContext, label: EntityLabel, changed: readonly Change[], index: ((db: Knex) => Promise<void>) | undefined, queue: (queued: QueuedEvent[]) => void): PostgresWork =>
  async (db) => {
    if (index) await timed(ctx, "postgisMs", () => index(db));
    await audit(ctx, db, label, changed);
    queue(await timed(ctx, "auditMs", () => enqueueEvents(db, ctx.publisher.streamPrefix, eventsOf(label, changed))));
  };

/**
 * Run a graph write whose PostgreSQL side runs inside the graph transaction, before it
 * commits (see the module comment). `graph` receives the hook to call with that work; the
 * driver may call it again when it retries a transient failure, so each try runs in a
 * savepoint and a new try first rolls back the one before.
 */
async function inBothStores<R>(ctx: WriteContext, graph: (beforeCommit: (work: PostgresWork) => Promise<void>) => Promise<R>): Promise<R> {
  let trx: Knex.Transaction | undefined;
  let attempt: Knex.Transaction | undefined;
  let insideMs = 0;
  let graphCommitted = false;
  const started = performance.now();
  try {
    const result = await graph(async (work) => {
      const t0 = performance.now();
      try {
        trx ??= await ctx.knex.transaction();
        if (attempt) await attempt.rollback();
        attempt = await trx.transaction();
        await work(attempt);
      } finally {
        insideMs += performance.now() - t0;
      }
    });
    graphCommitted = true;
    await attempt?.commit();
    await attempt?.executionPromise;
    await trx?.commit();
    // knex's commit() resolves even when COMMIT fails (a connection lost, PostgreSQL killed
    // in that instant); the failure only rejects the transaction's executionPromise. Without
    // this await such a write was answered 201 while PostgreSQL held none of it.
    await trx?.executionPromise;
    return result;
  } catch (error) {
    if (trx && !trx.isCompleted()) await trx.rollback().catch(() => undefined);
    throw graphCommitted ? indexBehind(error) : storeFailure(error);
  } finally {
    if (ctx.timing) ctx.timing.neo4jMs += performance.now() - started - insideMs;
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * A store's failure as the caller should see it, classified once: a value or row the
 * database will never accept (SQLSTATE classes 22 data exception, 23 integrity, P0 raised
 * by a trigger) is STORE_REFUSED; whatever may pass when retried is SERVICE_UNAVAILABLE;
 * our own errors (not found, version conflict…) pass unchanged. Nothing was written then.
 */
function storeFailure(error: unknown): unknown {
  if (isTurashError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const sqlstate = typeof code === "string" && SQLSTATE.test(code) ? code : undefined;
  if (sqlstate && /^(22|23|P0)/.test(sqlstate)) {
    return errors.storeRefused(error);
  }
  if (isRetriable(error)) {
    const service = serviceOf(error) ?? (sqlstate ? "postgres" : "a store");
    return Object.assign(errors.serviceUnavailable(service, "Nothing was changed; retry shortly."), { cause: error, retriable: true });
  }
  return error;
}

/**
 * PostgreSQL failed in its own COMMIT after the graph committed (see the module comment):
 * the write is in the graph but not yet in the index, the audit log or the outbox. Said as
 * it is — not "nothing was changed" — and retriable: replaying the same write records what
 * PostgreSQL lost ({@link unrecorded}), and the reconciler repairs the index meanwhile.
 */
function indexBehind(error: unknown): unknown {
  if (isTurashError(error)) return error;
  return Object.assign(errors.serviceUnavailable("postgres", "The write reached the graph but not its index; send the same request again to complete it."), { cause: error, retriable: true });
}

/**
 * The unchanged outcomes among `outcomes` whose version has no audit entry, as the change
 * they were: the graph committed that write but PostgreSQL did not (it died between the two
 * commits — see the module comment), so its audit entry and its event were lost with it.
 * The replay (an import chunk redelivered, a client's retry) records them now, and reports
 * the row as what it was, so an import counts it as created, not unchanged.
 */
async function unrecorded(db: Knex, label: EntityLabel, outcomes: readonly WriteOutcome[]): Promise<WriteOutcome[]> {
  const unchanged = outcomes.filter((o) => !isChanged(o));
  if (unchanged.length === 0) return [];
  const audited = new Set<string>();
  for (let i = 0; i < unchanged.length; i += ROWS_PER_LOOKUP) {
    const part = unchanged.slice(i, i + ROWS_PER_LOOKUP);
    const rows = (await db("audit_log")
      .where("entity_type", ENTITY_TYPE[label])
      .whereIn(["entity_id", "entity_version"], part.map((o) => [o.id, o.version]))
      .select("entity_id", "entity_version")) as { entity_id: string; entity_version: number }[];
    for (const r of rows) audited.add(`${r.entity_id}@${r.entity_version}`);
  }
  return unchanged.filter((o) => !audited.has(`${o.id}@${o.version}`)).map((o) => ({ ...o, change: o.version === 1 ? "created" : "updated" }));
}

// Two bind parameters a row: well under PostgreSQL's 65,535.
const ROWS_PER_LOOKUP = 10_000;

/**
 * Write graph rows and, inside the same graph transaction, their index rows and audit
 * entries; then publish the changes. Rows naming another organization's node are refused.
 */
async function writeRows<D>(
  ctx: WriteContext,
  label: EntityLabel,
  rows: readonly { index: number; row: EntityRow; doc: D; orgId: string }[],
  indexRows: ((written: readonly { outcome: WriteOutcome; doc: D; orgId: string }[]) => (db: Knex) => Promise<void>) | undefined,
  existing: "update" | "keep" = "update",
): Promise<BatchResult> {
  const byId = new Map(rows.map((r) => [r.row.id, r]));
  let queued: QueuedEvent[] = [];
  let outcomes: WriteOutcome[] | undefined;
  const result: UpsertResult = await inBothStores(ctx, (beforeCommit) =>
    upsertEntities(
      ctx.neo4j,
      label,
      rows.map((r) => r.row),
      {
        existing,
        beforeCommit: async (graph) => {
          await beforeCommit(async (db) => {
            const recovered = new Map((await unrecorded(db, label, graph.outcomes)).map((o) => [o.id, o]));
            const final = graph.outcomes.map((o) => recovered.get(o.id) ?? o);
            outcomes = final;
            const changed = final.filter(isChanged).map((outcome) => written(outcome, byId.get(outcome.id)!.orgId, byId.get(outcome.id)!.doc));
            // Unchanged rows are indexed again too (guarded by version, so harmless): a replay
            // after a failure between the graph commit and PostgreSQL's repairs the index.
            const index = indexRows?.(final.map((outcome) => ({ outcome, doc: byId.get(outcome.id)!.doc, orgId: byId.get(outcome.id)!.orgId })));
            await postgresSide(ctx, label, changed, index, (q) => (queued = q))(db);
          });
        },
      },
    ),
  );
  await publish(ctx, queued);
  // Named as the id field of the import.
  const [noun, field] = label === "Site" ? (["site", "siteId"] as const) : (["flow", "flowId"] as const);
  return {
    outcomes: outcomes ?? result.outcomes,
    rejected: result.foreign.map((id) => ({ index: byId.get(id)!.index, id, error: errors.idOfAnotherOrganization(noun, field) })),
    kept: result.kept.map((id) => ({ index: byId.get(id)!.index, id })),
  };
}

/**
 * Write a batch; when the database refuses it (STORE_REFUSED — one row holds a value it
 * cannot store), write each half again, so that only the rows it refuses are reported and
 * the others go in. One bad row costs about log2(n) extra writes.
 */
async function writeInHalves<T>(rows: readonly T[], indexOf: (row: T) => number, idOf: (row: T) => string, write: (rows: readonly T[]) => Promise<BatchResult>): Promise<BatchResult> {
  if (rows.length === 0) return { outcomes: [], rejected: [], kept: [] };
  try {
    return await write(rows);
  } catch (error) {
    if (!isTurashError(error, "STORE_REFUSED")) throw error;
    if (rows.length === 1) return { outcomes: [], rejected: [{ index: indexOf(rows[0]!), id: idOf(rows[0]!), error }], kept: [] };
    const middle = Math.ceil(rows.length / 2);
    const [a, b] = [await writeInHalves(rows.slice(0, middle), indexOf, idOf, write), await writeInHalves(rows.slice(middle), indexOf, idOf, write)];
    return { outcomes: [...a.outcomes, ...b.outcomes], rejected: [...a.rejected, ...b.rejected], kept: [...(a.kept ?? []), ...(b.kept ?? [])] };
  }
}

/** Write accepted rows in halves as needed, adding the rows refused before the write. */
async function writeBatch<D>(
  ctx: WriteContext,
  label: EntityLabel,
  rows: readonly { index: number; row: EntityRow; doc: D; orgId: string }[],
  refusedBefore: readonly RowError[],
  indexRows?: (written: readonly { outcome: WriteOutcome; doc: D; orgId: string }[]) => (db: Knex) => Promise<void>,
  existing: "update" | "keep" = "update",
): Promise<BatchResult> {
  const result = await writeInHalves(rows, (r) => r.index, (r) => r.row.id, (part) => writeRows(ctx, label, part, indexRows, existing));
  const rejected = [...refusedBefore, ...result.rejected].sort((a, b) => a.index - b.index);
  return { outcomes: result.outcomes, rejected, kept: result.kept };
}

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

/**
 * Create businesses (already validated). An existing business is kept as stored, never
 * changed by a batch (its profile changes through {@link updateBusiness}); such rows are
 * listed in `kept`.
 */
export async function writeBusinesses(ctx: WriteContext, batch: readonly Business[]): Promise<BatchResult> {
  const { unique, rejected } = withoutRepeatedIds(batch);
  const rows = unique.map(({ doc, index }) => ({ index, row: businessRow(doc), doc, orgId: doc.externalId }));
  return writeBatch(ctx, "Business", rows, rejected, undefined, "keep");
}

/**
 * Create or replace sites (already validated); a site whose business does not exist is
 * refused, and so is one whose id is another organization's site.
 */
export async function writeSites(ctx: WriteContext, batch: readonly Site[]): Promise<BatchResult> {
  const { unique: named, rejected } = withoutRepeatedIds(batch);
  const own = await timed(ctx, "neo4jMs", () => ownNodeIds(ctx.neo4j, "Site", named.map((u) => ({ orgId: u.doc.businessId, id: u.doc.externalId }))));
  const placed = await timed(ctx, "postgisMs", () => placeSites(ctx.knex, named.map((u) => u.doc)));
  const unique = named.map((u, i) => ({ ...u, doc: { ...placed[i]!, externalId: own(u.doc.businessId, u.doc.externalId) } }));
  const businesses = await timed(ctx, "neo4jMs", () => existingIds(ctx.neo4j, "Business", unique.map((u) => u.doc.businessId)));
  const accepted: { index: number; row: EntityRow; doc: Site; orgId: string }[] = [];
  unique.forEach(({ doc, index }) => {
    if (businesses.has(doc.businessId)) accepted.push({ index, row: siteRow(doc), doc, orgId: doc.businessId });
    else rejected.push({ index, id: doc.externalId, error: errors.missingReference("business", doc.businessId, "businessId") });
  });
  return writeBatch(ctx, "Site", accepted, rejected, (written) => (db) => upsertSiteIndex(db, written.map((w) => siteIndexRow(w.doc, w.outcome.version))));
}

/**
 * Create or replace flows (already validated): each is normalized to canonical units; a
 * flow with a unit that does not fit, at a site that does not exist, or whose id is
 * another organization's flow, is refused. With `forOrgs` (the organization each row is
 * written for, in batch order) a flow at another organization's site is refused too.
 */
export async function writeFlows(ctx: WriteContext, batch: readonly ResourceFlow[], forOrgs?: readonly string[]): Promise<BatchResult> {
  const { unique: named, rejected } = withoutRepeatedIds(batch);
  const unique = forOrgs ? await inOwnNodes(ctx, named, forOrgs) : named;
  const orgs = await timed(ctx, "neo4jMs", () => nodeOrgs(ctx.neo4j, "Site", unique.map((u) => u.doc.siteId)));
  const accepted: { index: number; row: EntityRow; doc: StoredFlowDoc; orgId: string }[] = [];
  unique.forEach(({ doc, index }) => {
    const orgId = orgs.get(doc.siteId);
    if (!orgId) {
      rejected.push({ index, id: doc.externalId, error: errors.missingReference("site", doc.siteId, "siteId") });
      return;
    }
    if (forOrgs && forOrgs[index] !== orgId) {
      rejected.push({ index, id: doc.externalId, error: errors.idOfAnotherOrganization("site", "siteId") });
      return;
    }
    try {
      const normalized = normalizeFlow(doc);
      accepted.push({ index, row: flowRow(normalized, orgId), doc: normalized, orgId });
    } catch (error) {
      rejected.push(asRowError(index, doc.externalId, error));
    }
  });
  return writeBatch(ctx, "ResourceFlow", accepted, rejected, (written) => (db) => upsertFlowIndex(db, written.map((w) => flowIndexRow(w.doc, w.orgId, w.outcome.version))));
}

/** Flows written for `forOrgs` with their site and flow ids resolved to the organization's own nodes. */
async function inOwnNodes(ctx: WriteContext, named: readonly { doc: ResourceFlow; index: number }[], forOrgs: readonly string[]) {
  const refs = (key: "siteId" | "externalId") => named.map((u) => ({ orgId: forOrgs[u.index]!, id: u.doc[key] }));
  const [sites, flows] = await timed(ctx, "neo4jMs", () => Promise.all([ownNodeIds(ctx.neo4j, "Site", refs("siteId")), ownNodeIds(ctx.neo4j, "ResourceFlow", refs("externalId"))]));
  return named.map((u) => {
    const orgId = forOrgs[u.index]!;
    return { ...u, doc: { ...u.doc, siteId: sites(orgId, u.doc.siteId), externalId: flows(orgId, u.doc.externalId) } };
  });
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

/**
 * A guarded update whose PostgreSQL side (index row, audit entry) runs inside its graph
 * transaction; the change is published once both committed.
 */
async function updateInBothStores<D>(
  ctx: WriteContext,
  label: EntityLabel,
  id: string,
  version: number,
  next: (current: { doc: D; orgId: string }) => { row: EntityRow; doc: D; orgId: string },
  index?: (doc: D, orgId: string, version: number) => (db: Knex) => Promise<void>,
): Promise<{ outcome: WriteOutcome; doc: D; orgId: string }> {
  let made!: { doc: D; orgId: string };
  let queued: QueuedEvent[] = [];
  const { outcome } = await inBothStores(ctx, (beforeCommit) =>
    updateGuarded<D>(
      ctx.neo4j,
      label,
      id,
      version,
      (current) => {
        const { row, ...rest } = next(current);
        made = rest;
        return row;
      },
      async (outcome) => {
        const changed = [written(outcome, made.orgId, made.doc)];
        await beforeCommit(postgresSide(ctx, label, changed, index?.(made.doc, made.orgId, outcome.version), (q) => (queued = q)));
      },
    ),
  );
  await publish(ctx, queued);
  return { outcome, ...made };
}

/** Change a business if `patch.version` is current. */
export async function updateBusiness(ctx: WriteContext, id: string, patch: BusinessUpdate): Promise<{ outcome: WriteOutcome; doc: Business }> {
  return updateInBothStores<Business>(ctx, "Business", id, patch.version, (current) => {
    const doc = parseOrThrow(BusinessCreateSchema, { ...current.doc, ...withoutVersion(patch) });
    return { row: businessRow(doc), doc, orgId: id };
  });
}

/**
 * A stored document with its node ids in the form its owner wrote them (domain/node-ref.ts),
 * so that re-validating a changed document checks what the owner can change, not the scoping.
 */
function asWritten<D extends { externalId: string; siteId?: string }>(doc: D): D {
  return { ...doc, externalId: externalOf(doc.externalId), ...(doc.siteId === undefined ? {} : { siteId: externalOf(doc.siteId) }) };
}

/** Change a site if `patch.version` is current; its flows move with it in the index. */
export async function updateSite(ctx: WriteContext, id: string, patch: SiteUpdate): Promise<{ outcome: WriteOutcome; doc: Site }> {
  // The region follows the point the site will have: located before the guarded update (a
  // concurrent move changes the version, and the guard refuses this patch then).
  const stored = (await readEntities<Site>(ctx.neo4j, "Site", [id])).get(id)?.doc;
  const at = stored ? { lat: patch.lat ?? stored.lat, lon: patch.lon ?? stored.lon } : undefined;
  const [place] = at ? await timed(ctx, "postgisMs", () => locatePoints(ctx.knex, [at])) : [];
  return updateInBothStores<Site>(
    ctx,
    "Site",
    id,
    patch.version,
    (current) => {
      const merged = parseOrThrow(SiteCreateSchema, asWritten({ ...current.doc, ...withoutVersion(patch) }));
      const doc = { ...withPlace(merged, place ?? null), externalId: current.doc.externalId };
      return { row: siteRow(doc), doc, orgId: doc.businessId };
    },
    (doc, _orgId, version) => (db) => upsertSiteIndex(db, [siteIndexRow(doc, version)]),
  );
}

/** Change a flow if `patch.version` is current; the result is re-validated and re-normalized. */
export async function updateFlow(ctx: WriteContext, id: string, patch: ResourceFlowUpdate): Promise<{ outcome: WriteOutcome; doc: StoredFlowDoc; orgId: string }> {
  return updateInBothStores<StoredFlowDoc>(
    ctx,
    "ResourceFlow",
    id,
    patch.version,
    (current) => {
      const { normalized: _normalized, ...stored } = current.doc;
      const parsed = parseOrThrow(ResourceFlowCreateSchema, asWritten({ ...stored, ...withoutVersion(patch) }));
      const doc = normalizeFlow({ ...parsed, externalId: stored.externalId, siteId: stored.siteId });
      return { row: flowRow(doc, current.orgId), doc, orgId: current.orgId };
    },
    (doc, orgId, version) => (db) => upsertFlowIndex(db, [flowIndexRow(doc, orgId, version)]),
  );
}

/** Delete a node guarded by version, with its index row and audit entry in the same transaction; then publish. */
async function deleteInBothStores(ctx: WriteContext, label: "Business" | "Site" | "ResourceFlow", id: string, orgId: string, expectedVersion: number | undefined): Promise<void> {
  let queued: QueuedEvent[] = [];
  await inBothStores(ctx, (beforeCommit) =>
    deleteGuarded(ctx.neo4j, label, id, expectedVersion, async (version) => {
      const changed: Change[] = [{ kind: "deleted", id, version: version + 1, at: new Date().toISOString(), orgId, payload: null }];
      // A business has no index row of its own (its sites' and flows' went with them).
      const index = label === "Business" ? undefined : (db: Knex) => (label === "Site" ? deleteSiteIndex(db, [id]) : deleteFlowIndex(db, [id]));
      await beforeCommit(postgresSide(ctx, label, changed, index, (q) => (queued = q)));
    }),
  );
  await publish(ctx, queued);
}

/** Delete a flow (if `expectedVersion` is current, when given). */
export async function deleteFlow(ctx: WriteContext, id: string, orgId: string, expectedVersion?: number): Promise<void> {
  await deleteInBothStores(ctx, "ResourceFlow", id, orgId, expectedVersion);
}

/** Delete a site and its flows (if `expectedVersion` is current, when given). */
export async function deleteSite(ctx: WriteContext, id: string, orgId: string, expectedVersion?: number): Promise<void> {
  // Check the version before the flows go, so that a stale delete removes nothing.
  const current = (await readEntities(ctx.neo4j, "Site", [id])).get(id);
  if (!current) throw errors.notFound("Site", id);
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw errors.versionConflict("Site", id, expectedVersion, current.version);
  const { records } = await ctx.neo4j.executeQuery("MATCH (:Site {id: $id})-[:OFFERS|NEEDS]->(f:ResourceFlow) RETURN f.id AS id, f.version AS version", { id });
  for (const r of records) await deleteFlow(ctx, r.get("id") as string, orgId);
  await deleteInBothStores(ctx, "Site", id, orgId, expectedVersion);
}

/**
 * Delete an organization with everything it owns in the graph: each site with its flows
 * (each deletion indexed, audited and published like any other, so matches on those flows
 * are withdrawn by the matching worker), then the business node and its relationships.
 * @returns how many sites and flows went.
 */
export async function deleteBusiness(ctx: WriteContext, id: string): Promise<{ sites: number; flows: number }> {
  const { records } = await ctx.neo4j.executeQuery(
    "MATCH (:Business {id: $id})-[:OPERATES]->(s:Site) OPTIONAL MATCH (s)-[:OFFERS|NEEDS]->(f:ResourceFlow) RETURN s.id AS id, count(f) AS flows",
    { id },
  );
  let flows = 0;
  for (const r of records) {
    await deleteSite(ctx, r.get("id") as string, id);
    flows += Number(r.get("flows"));
  }
  await deleteInBothStores(ctx, "Business", id, id, undefined);
  return { sites: records.length, flows };
}

/** Read stored flows by id. */
export async function readFlows(neo4j: Driver, ids: readonly string[]) {
  return readEntities<StoredFlowDoc>(neo4j, "ResourceFlow", ids);
}

/**
 * Record the partnership a contracted deal creates, `(:Business)-[:PARTNERS_WITH]->(:Business)`,
 * once per deal (a replayed step changes nothing). It has no index row and no event of its
 * own; the deal step that contracts is audited and announced by its caller. A store failure
 * reaches the caller classified, as for every write here (SERVICE_UNAVAILABLE naming neo4j).
 */
export async function writePartnership(ctx: WriteContext, partnership: PartnershipInput): Promise<void> {
  try {
    await timed(ctx, "neo4jMs", () => recordPartnership(ctx.neo4j, partnership));
  } catch (error) {
    throw storeFailure(error);
  }
}
