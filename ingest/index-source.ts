/**
 * Reading both stores in pages for the spatial index's rebuild and reconciliation: the
 * graph (system of record) by keyset pagination over the unique `id` index, the PostGIS
 * index by keyset pagination over its primary key. Pages keep every transaction short
 * and memory flat however many flows there are.
 */
import neo4j, { type Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { Site } from "../domain/schemas/site.ts";
import type { EntityLabel } from "../graph/entity-store.ts";
import type { FlowIndexRow, SiteIndexRow } from "../spatial/index-store.ts";
import { flowIndexRow, siteIndexRow } from "./entity-rows.ts";
import type { StoredFlowDoc } from "./write-path.ts";

export const DEFAULT_PAGE_SIZE = 5_000;

/** Pages of `label` nodes in id order; `returns` is the RETURN list after `n.id AS id`. */
export async function* graphPages(
  driver: Driver,
  label: EntityLabel,
  returns: string,
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncGenerator<Record<string, unknown>[]> {
  let after = "";
  for (;;) {
    const { records } = await driver.executeQuery(
      `MATCH (n:${label}) WHERE n.id > $after RETURN n.id AS id, ${returns} ORDER BY n.id LIMIT $limit`,
      { after, limit: neo4j.int(pageSize) },
      { routing: "READ" },
    );
    if (records.length === 0) return;
    yield records.map((r) => r.toObject());
    if (records.length < pageSize) return;
    after = records[records.length - 1]!.get("id") as string;
  }
}

/** Pages of the spatial index rows of every site, derived from the graph as the write path derives them. */
export async function* siteIndexRowsFromGraph(driver: Driver, pageSize = DEFAULT_PAGE_SIZE): AsyncGenerator<SiteIndexRow[]> {
  for await (const page of graphPages(driver, "Site", "n.doc AS doc, n.version AS version", pageSize))
    yield page.map((r) => siteIndexRow(JSON.parse(r.doc as string) as Site, r.version as number));
}

/** Pages of the spatial index rows of every flow, derived from the graph as the write path derives them. */
export async function* flowIndexRowsFromGraph(driver: Driver, pageSize = DEFAULT_PAGE_SIZE): AsyncGenerator<FlowIndexRow[]> {
  for await (const page of graphPages(driver, "ResourceFlow", "n.doc AS doc, n.version AS version, n.orgId AS orgId", pageSize))
    yield page.map((r) => flowIndexRow(JSON.parse(r.doc as string) as StoredFlowDoc, r.orgId as string, r.version as number));
}

/** Id, version and (sites) point of one entity in one store. */
export interface Stamp {
  readonly version: number;
  readonly lat?: number;
  readonly lon?: number;
}

/** Every site of the graph: id → version and location. */
export async function graphSiteStamps(driver: Driver, pageSize = 20_000): Promise<Map<string, Stamp>> {
  const out = new Map<string, Stamp>();
  for await (const page of graphPages(driver, "Site", "n.version AS version, n.location.latitude AS lat, n.location.longitude AS lon", pageSize))
    for (const r of page) out.set(r.id as string, { version: r.version as number, lat: r.lat as number, lon: r.lon as number });
  return out;
}

/** Every flow of the graph: id → version. */
export async function graphFlowStamps(driver: Driver, pageSize = 20_000): Promise<Map<string, Stamp>> {
  const out = new Map<string, Stamp>();
  for await (const page of graphPages(driver, "ResourceFlow", "n.version AS version", pageSize))
    for (const r of page) out.set(r.id as string, { version: r.version as number });
  return out;
}

async function indexStamps(knex: Knex, table: "site_index" | "flow_index", pageSize: number): Promise<Map<string, Stamp>> {
  const key = table === "site_index" ? "site_id" : "flow_id";
  const point = table === "site_index" ? ", st_y(geog::geometry) as lat, st_x(geog::geometry) as lon" : "";
  const out = new Map<string, Stamp>();
  let after = "";
  for (;;) {
    const { rows } = (await knex.raw(`select ${key} as id, version${point} from ${table} where ${key} > ? order by ${key} limit ?`, [after, pageSize])) as {
      rows: { id: string; version: number; lat?: number; lon?: number }[];
    };
    for (const r of rows) out.set(r.id, r.lat === undefined ? { version: r.version } : { version: r.version, lat: r.lat, lon: r.lon! });
    if (rows.length < pageSize) return out;
    after = rows[rows.length - 1]!.id;
  }
}

/** Every site of the spatial index: id → version and point. */
export const indexSiteStamps = (knex: Knex, pageSize = 20_000) => indexStamps(knex, "site_index", pageSize);

/** Every flow of the spatial index: id → version. */
export const indexFlowStamps = (knex: Knex, pageSize = 20_000) => indexStamps(knex, "flow_index", pageSize);
