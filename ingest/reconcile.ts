/**
 * The reconciler: compares the derived PostGIS index with Neo4j (the system of record)
 * and repairs drift.
 *
 * Both sides are read as (id, version[, point]) in keyset pages and compared in memory,
 * which stays cheap for hundreds of thousands of flows. Drift per kind:
 * - `missing`: in the graph, not in the index;
 * - `orphaned`: in the index, not in the graph;
 * - `stale`: in both at different versions;
 * - `moved` (sites only): same version, different point.
 *
 * Repair upserts missing, stale and moved rows from the graph (re-read at repair time)
 * and deletes orphans that are still absent from the graph, then compares again.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { Site } from "../domain/schemas/site.ts";
import { existingIds, readEntities } from "../graph/entity-store.ts";
import { deleteFlowIndex, deleteSiteIndex, upsertFlowIndex, upsertSiteIndex } from "../spatial/index-store.ts";
import { flowIndexRow, siteIndexRow } from "./entity-rows.ts";
import { graphFlowStamps, graphSiteStamps, indexFlowStamps, indexSiteStamps, type Stamp } from "./index-source.ts";
import type { StoredFlowDoc } from "./write-path.ts";

/** One id whose version differs between the stores. */
export interface StaleEntry {
  readonly id: string;
  readonly graphVersion: number;
  readonly indexVersion: number;
}

/** Drift of one kind (sites or flows); id lists are sorted. */
export interface KindDrift {
  /** Entities in the graph. */
  readonly graph: number;
  /** Rows in the index. */
  readonly index: number;
  readonly missing: string[];
  readonly orphaned: string[];
  readonly stale: StaleEntry[];
  /** Sites only: same version, different point. */
  readonly moved: string[];
}

/** The drift between the two stores. */
export interface DriftReport {
  readonly sites: KindDrift;
  readonly flows: KindDrift;
  /** Number of drifting ids over both kinds. */
  readonly total: number;
  readonly seconds: number;
}

/** What a repair did, and the drift left afterwards (zero when all went well). */
export interface RepairReport {
  readonly before: DriftReport;
  readonly upserted: { readonly sites: number; readonly flows: number };
  readonly deleted: { readonly sites: number; readonly flows: number };
  readonly after: DriftReport;
  readonly seconds: number;
}

/** Points closer than this (degrees, ≈ 1 cm) are the same point. */
const POINT_TOLERANCE = 1e-7;
const CHUNK = 2_000;

function samePoint(a: Stamp, b: Stamp): boolean {
  return Math.abs((a.lat ?? NaN) - (b.lat ?? NaN)) <= POINT_TOLERANCE && Math.abs((a.lon ?? NaN) - (b.lon ?? NaN)) <= POINT_TOLERANCE;
}

function compare(graph: Map<string, Stamp>, index: Map<string, Stamp>, withPoint: boolean): KindDrift {
  const missing: string[] = [];
  const orphaned: string[] = [];
  const stale: StaleEntry[] = [];
  const moved: string[] = [];
  for (const [id, g] of graph) {
    const i = index.get(id);
    if (!i) missing.push(id);
    else if (i.version !== g.version) stale.push({ id, graphVersion: g.version, indexVersion: i.version });
    else if (withPoint && !samePoint(g, i)) moved.push(id);
  }
  for (const id of index.keys()) if (!graph.has(id)) orphaned.push(id);
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    graph: graph.size,
    index: index.size,
    missing: missing.sort(byId),
    orphaned: orphaned.sort(byId),
    stale: stale.sort((a, b) => byId(a.id, b.id)),
    moved: moved.sort(byId),
  };
}

const driftCount = (d: KindDrift) => d.missing.length + d.orphaned.length + d.stale.length + d.moved.length;

/** Compare the spatial index with the graph. */
export async function findDrift(neo4j: Driver, knex: Knex): Promise<DriftReport> {
  const started = performance.now();
  const [graphSites, graphFlows, indexSites, indexFlows] = await Promise.all([
    graphSiteStamps(neo4j),
    graphFlowStamps(neo4j),
    indexSiteStamps(knex),
    indexFlowStamps(knex),
  ]);
  const sites = compare(graphSites, indexSites, true);
  const flows = compare(graphFlows, indexFlows, false);
  return { sites, flows, total: driftCount(sites) + driftCount(flows), seconds: (performance.now() - started) / 1000 };
}

function chunked<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Make the index rows of `ids` equal to the graph's, even where the index holds a higher
 * version than the graph (the graph is the record; the write path's version guard would
 * otherwise keep the wrong row). Ids no longer in the graph are skipped.
 */
async function restoreSites(neo4j: Driver, knex: Knex, ids: readonly string[]): Promise<number> {
  let written = 0;
  for (const part of chunked(ids)) {
    const stored = await readEntities<Site>(neo4j, "Site", part);
    const rows = [...stored.values()].map((s) => siteIndexRow(s.doc, s.version));
    await knex.transaction(async (trx) => {
      await trx("site_index").whereIn("site_id", rows.map((r) => r.siteId)).update({ version: 0 });
      await upsertSiteIndex(trx, rows);
    });
    written += rows.length;
  }
  return written;
}

async function restoreFlows(neo4j: Driver, knex: Knex, ids: readonly string[]): Promise<number> {
  let written = 0;
  for (const part of chunked(ids)) {
    const stored = await readEntities<StoredFlowDoc>(neo4j, "ResourceFlow", part);
    const rows = [...stored.values()].map((f) => flowIndexRow(f.doc, f.orgId, f.version));
    await knex.transaction(async (trx) => {
      await trx("flow_index").whereIn("flow_id", rows.map((r) => r.flowId)).update({ version: 0 });
      await upsertFlowIndex(trx, rows);
    });
    written += rows.length;
  }
  return written;
}

/** Delete index rows whose entity is (still) absent from the graph. */
async function deleteOrphans(neo4j: Driver, knex: Knex, kind: "sites" | "flows", ids: readonly string[]): Promise<number> {
  let deleted = 0;
  for (const part of chunked(ids)) {
    // Re-check: an entity created since the comparison is not an orphan.
    const alive = await existingIds(neo4j, kind === "sites" ? "Site" : "ResourceFlow", part);
    const gone = part.filter((id) => !alive.has(id));
    if (kind === "sites") await deleteSiteIndex(knex, gone);
    else await deleteFlowIndex(knex, gone);
    deleted += gone.length;
  }
  return deleted;
}

/** Find drift, repair it, and compare again. */
export async function repairDrift(neo4j: Driver, knex: Knex, before?: DriftReport): Promise<RepairReport> {
  const started = performance.now();
  const drift = before ?? (await findDrift(neo4j, knex));
  const { sites, flows } = drift;
  // Sites first: a flow's index row takes its point from its site's row.
  const upsertedSites = await restoreSites(neo4j, knex, [...sites.missing, ...sites.stale.map((s) => s.id), ...sites.moved]);
  const deletedFlows = await deleteOrphans(neo4j, knex, "flows", flows.orphaned);
  const upsertedFlows = await restoreFlows(neo4j, knex, [...flows.missing, ...flows.stale.map((s) => s.id)]);
  // Last: deleting a site row cascades to the flow rows still pointing at it.
  const deletedSites = await deleteOrphans(neo4j, knex, "sites", sites.orphaned);
  const after = await findDrift(neo4j, knex);
  return {
    before: drift,
    upserted: { sites: upsertedSites, flows: upsertedFlows },
    deleted: { sites: deletedSites, flows: deletedFlows },
    after,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The drift as lines for a terminal, with the first `show` ids of each list. */
export function formatDrift(report: DriftReport, show = 5): string[] {
  const list = (ids: readonly string[]) => (ids.length === 0 ? "" : `: ${ids.slice(0, show).join(", ")}${ids.length > show ? `, … (+${ids.length - show})` : ""}`);
  const lines: string[] = [];
  for (const kind of ["sites", "flows"] as const) {
    const d = report[kind];
    lines.push(`${kind}: ${d.graph.toLocaleString("en")} in Neo4j, ${d.index.toLocaleString("en")} in PostGIS`);
    lines.push(`  missing from PostGIS   ${String(d.missing.length).padStart(7)}${list(d.missing)}`);
    lines.push(`  orphaned in PostGIS    ${String(d.orphaned.length).padStart(7)}${list(d.orphaned)}`);
    lines.push(`  version differs        ${String(d.stale.length).padStart(7)}${list(d.stale.map((s) => `${s.id} (graph v${s.graphVersion}, index v${s.indexVersion})`))}`);
    if (kind === "sites") lines.push(`  location differs       ${String(d.moved.length).padStart(7)}${list(d.moved)}`);
  }
  lines.push(report.total === 0 ? `zero drift (${report.seconds.toFixed(1)} s)` : `drift: ${report.total} id(s) (${report.seconds.toFixed(1)} s)`);
  return lines;
}
