/**
 * The floor under an import (issue 16 item 3): the least any import of the same rows into
 * the same stores could cost — the register's businesses, sites and flows, already
 * validated and normalized, written by one bare bulk load: batched `UNWIND … MERGE` of the
 * nodes and their parent relationships into Neo4j, and one COPY each into `site_index` and
 * `flow_index`. No parsing, no JetStream, no validation, no deduplication, no version guard,
 * no audit log, no events.
 *
 * It writes the real labels and tables of the bench stores (emptied before and after by the
 * caller's `reset`), because their uniqueness constraints and indexes are what make a MERGE
 * a look-up and what every write into these stores must maintain; scratch labels without
 * them would make the floor a scan, scratch tables without WAL would make it cheaper than
 * any real import.
 */
import type { Driver } from "neo4j-driver";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { EntityRow } from "../../graph/entity-store.ts";
import { normalizeFlow } from "../../domain/normalize-flow.ts";
import { businessRow, flowIndexRow, flowRow, siteIndexRow, siteRow } from "../../ingest/entity-rows.ts";
import type { SeedData } from "../../ingest/seed-region.ts";
import type { GeneratedRegion } from "../../seed/generate-region.ts";
import { FLOW_COLUMNS, type FlowIndexRow, type SiteIndexRow } from "../../spatial/index-store.ts";
import { copyField } from "./rematch-floor.ts";

/** The first `rows` flows of the region with the sites they are at and those sites' businesses: what the register holds. */
export function registerSlice(region: Pick<GeneratedRegion, "businesses" | "sites" | "flows">, rows: number): SeedData {
  const flows = region.flows.slice(0, rows);
  const siteIds = new Set(flows.map((f) => f.siteId));
  const sites = region.sites.filter((s) => siteIds.has(s.externalId));
  const businessIds = new Set(sites.map((s) => s.businessId));
  return { businesses: region.businesses.filter((b) => businessIds.has(b.externalId)), sites, flows };
}

/** A PostgreSQL array literal (`{"a","b"}`), elements quoted so commas and braces stay inside; null stays null. */
export function copyArray(values: readonly string[] | null | undefined): string | null {
  if (values === null || values === undefined) return null;
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** A point as EWKT, which a `geography` column reads directly. */
const ewkt = (lon: number, lat: number) => `SRID=4326;POINT(${lon} ${lat})`;

/** The `site_index` columns the floor fills, in COPY order. */
export const SITE_COPY_COLUMNS = ["site_id", "org_id", "name", "region_code", "country_code", "geog", "version"] as const;
/** The `flow_index` columns the floor fills, in COPY order. */
export const FLOW_COPY_COLUMNS = ["flow_id", ...FLOW_COLUMNS.map(([c]) => c), "geog", "version"] as const;

/** One `site_index` COPY line. */
export function siteCopyLine(r: SiteIndexRow): string {
  return [r.siteId, r.orgId, r.name, r.regionCode, r.countryCode ?? null, ewkt(r.lon, r.lat), r.version].map(copyField).join("\t") + "\n";
}

/** One `flow_index` COPY line; a flow's point is its site's. */
export function flowCopyLine(r: FlowIndexRow, site: { lat: number; lon: number }): string {
  const fields = FLOW_COLUMNS.map(([, type, field]) => (type === "text[]" ? copyArray(r[field] as readonly string[] | null | undefined) : (r[field] as string | number | null | undefined)));
  return [r.flowId, ...fields, ewkt(site.lon, site.lat), r.version].map(copyField).join("\t") + "\n";
}

/** Everything the floor writes, prepared before the clock starts. */
export interface BulkLoadRows {
  readonly businesses: readonly EntityRow[];
  readonly sites: readonly EntityRow[];
  readonly flows: readonly EntityRow[];
  readonly siteLines: readonly string[];
  readonly flowLines: readonly string[];
}

/**
 * The graph rows and COPY lines of the register's documents, derived by the same
 * functions the write path uses (ingest/entity-rows.ts), so the floor writes the same
 * properties. A flow the write path would refuse (unit that does not fit, unknown site) is
 * left out, as it would be left out of an import.
 */
export function bulkLoadRows(data: SeedData): BulkLoadRows {
  const sites = new Map(data.sites.map((s) => [s.externalId, s]));
  const flows: EntityRow[] = [];
  const flowLines: string[] = [];
  for (const f of data.flows) {
    const site = sites.get(f.siteId);
    if (!site) continue;
    let normalized;
    try {
      normalized = normalizeFlow(f);
    } catch {
      continue;
    }
    flows.push(flowRow(normalized, site.businessId));
    flowLines.push(flowCopyLine(flowIndexRow(normalized, site.businessId, 1), site));
  }
  return {
    businesses: data.businesses.map(businessRow),
    sites: data.sites.map(siteRow),
    flows,
    siteLines: data.sites.map((s) => siteCopyLine(siteIndexRow(s, 1))),
    flowLines,
  };
}

/** `rows` in consecutive slices of at most `size`. */
export function batches<T>(rows: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`batch size must be at least 1, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** The graph row as the bare UNWIND takes it: a map per row. */
const graphRow = (r: EntityRow) => ({ id: r.id, hash: r.hash, parentId: r.parentId ?? null, lat: r.lat ?? null, lon: r.lon ?? null, props: r.props });

const SET = "SET n += r.props, n.contentHash = r.hash, n.version = 1, n.updatedAt = $now";
const CYPHER = {
  business: `UNWIND $rows AS r MERGE (n:Business {id: r.id}) ${SET}`,
  site: `UNWIND $rows AS r MATCH (p:Business {id: r.parentId}) MERGE (n:Site {id: r.id}) ${SET}, n.location = point({latitude: r.lat, longitude: r.lon}) MERGE (p)-[:OPERATES]->(n)`,
  // Cypher cannot parameterize a relationship type: one query per direction.
  flow: (rel: "OFFERS" | "NEEDS") => `UNWIND $rows AS r MATCH (p:Site {id: r.parentId}) MERGE (n:ResourceFlow {id: r.id}) ${SET} MERGE (p)-[:${rel}]->(n)`,
};

/** What one floor load took. */
export interface BulkLoadTiming {
  readonly seconds: number;
  readonly neo4jSeconds: number;
  readonly postgisSeconds: number;
  readonly flows: number;
  readonly sites: number;
  readonly businesses: number;
}

/**
 * Time one bare bulk load of `rows` into empty stores: Neo4j first (businesses, sites,
 * flows, `batchSize` rows per auto-commit query), then PostGIS (one COPY of sites, one of
 * flows, in one transaction). The caller empties the stores before and after.
 */
export async function bulkLoad(deps: { neo4j: Driver; databaseUrl: string }, rows: BulkLoadRows, options: { batchSize?: number } = {}): Promise<BulkLoadTiming> {
  const size = options.batchSize ?? 5_000;
  const now = new Date().toISOString();
  const client = new pg.Client({ connectionString: deps.databaseUrl });
  await client.connect();
  try {
    const t0 = performance.now();
    const write = async (cypher: string, part: readonly EntityRow[]) => {
      for (const batch of batches(part, size)) await deps.neo4j.executeQuery(cypher, { rows: batch.map(graphRow), now });
    };
    await write(CYPHER.business, rows.businesses);
    await write(CYPHER.site, rows.sites);
    await write(CYPHER.flow("OFFERS"), rows.flows.filter((f) => f.rel === "OFFERS"));
    await write(CYPHER.flow("NEEDS"), rows.flows.filter((f) => f.rel === "NEEDS"));
    const t1 = performance.now();
    await client.query("begin");
    await pipeline(Readable.from(rows.siteLines), client.query(copyFrom(`copy site_index (${SITE_COPY_COLUMNS.join(", ")}) from stdin`)));
    await pipeline(Readable.from(rows.flowLines), client.query(copyFrom(`copy flow_index (${FLOW_COPY_COLUMNS.join(", ")}) from stdin`)));
    await client.query("commit");
    const t2 = performance.now();
    return {
      seconds: (t2 - t0) / 1000,
      neo4jSeconds: (t1 - t0) / 1000,
      postgisSeconds: (t2 - t1) / 1000,
      flows: rows.flows.length,
      sites: rows.sites.length,
      businesses: rows.businesses.length,
    };
  } finally {
    await client.end();
  }
}

/** The aim: Turash imports at least half as fast as its floor. */
export const INGEST_FLOOR_TARGET = 0.5;

/** Turash's rate over the floor's (both in flows per second), and whether the aim is met. */
export function floorVerdict(turashFlowsPerSecond: number, floorFlowsPerSecond: number): { ratio: number; met: boolean } {
  const ratio = turashFlowsPerSecond / floorFlowsPerSecond;
  return { ratio, met: ratio >= INGEST_FLOOR_TARGET };
}
