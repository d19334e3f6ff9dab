/**
 * The derived spatial index in PostGIS: one row per site and per flow, written after
 * Neo4j and guarded by version so a late or replayed write never moves a row backwards.
 * Flows carry their site's point (copied in SQL), so the prefilter needs no join.
 */
import type { Knex } from "knex";

/** A site as the spatial index keeps it. */
export interface SiteIndexRow {
  readonly siteId: string;
  readonly orgId: string;
  readonly name: string;
  readonly regionCode: string | null;
  /** ISO 3166-1 alpha-2 of the site's country (migration 20261204_1201); absent = unknown. */
  readonly countryCode?: string | null;
  readonly lat: number;
  readonly lon: number;
  readonly version: number;
}

/** A flow summary as the spatial index keeps it. */
export interface FlowIndexRow {
  readonly flowId: string;
  readonly siteId: string;
  readonly orgId: string;
  readonly direction: "offer" | "need";
  readonly resourceType: string;
  readonly annualQuantity: number;
  readonly canonicalUnit: string;
  readonly peakKw: number | null;
  readonly temperatureC: number | null;
  readonly hazardClass: string | null;
  readonly monthsMask: number;
  readonly availableFrom: string | null;
  readonly availableUntil: string | null;
  readonly precision: string;
  readonly version: number;
  /** Matching fields (migration 0004); absent = not given. */
  readonly pressureBar?: number | null;
  readonly purityPct?: number | null;
  readonly hoursPerWeek?: number | null;
  readonly priceEurPerUnit?: number | null;
  readonly disposalCostEurPerUnit?: number | null;
  /** A party's own rules (migration 0015): hazard classes a need accepts, distance limit (km), a need's minimum per year. */
  readonly acceptedHazardClasses?: readonly string[] | null;
  readonly maxDistanceKm?: number | null;
  readonly minAnnualQuantity?: number | null;
}

const CHUNK = 2_000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** The columns a flow row carries as given (its point comes from its site), with SQL types; the ingest floor COPYs them too. */
export const FLOW_COLUMNS: readonly (readonly [column: string, type: string, field: keyof FlowIndexRow])[] = [
  ["site_id", "text", "siteId"],
  ["org_id", "text", "orgId"],
  ["direction", "text", "direction"],
  ["resource_type", "text", "resourceType"],
  ["annual_quantity", "float8", "annualQuantity"],
  ["canonical_unit", "text", "canonicalUnit"],
  ["peak_kw", "float8", "peakKw"],
  ["temperature_c", "float8", "temperatureC"],
  ["hazard_class", "text", "hazardClass"],
  ["months_mask", "int", "monthsMask"],
  ["available_from", "date", "availableFrom"],
  ["available_until", "date", "availableUntil"],
  ["precision", "text", "precision"],
  ["pressure_bar", "float8", "pressureBar"],
  ["purity_pct", "float8", "purityPct"],
  ["hours_per_week", "float8", "hoursPerWeek"],
  ["price_eur_per_unit", "float8", "priceEurPerUnit"],
  ["disposal_cost_eur_per_unit", "float8", "disposalCostEurPerUnit"],
  ["accepted_hazard_classes", "text[]", "acceptedHazardClasses"],
  ["max_distance_km", "float8", "maxDistanceKm"],
  ["min_annual_quantity", "float8", "minAnnualQuantity"],
];

/**
 * The conflict clause of a version-guarded upsert: a newer version replaces the row; the
 * same version replaces it only where it differs (a reindex after a derived column changed,
 * a repaired point) — a replay of identical rows writes nothing, so it costs a look-up
 * instead of a new row version and its index entries.
 */
function guardedUpdate(table: string, columns: readonly string[]): string {
  const list = (prefix: string) => columns.map((c) => `${prefix}.${c}`).join(", ");
  return `on conflict (${table === "site_index" ? "site_id" : "flow_id"}) do update set
         ${columns.map((c) => `${c} = excluded.${c}`).join(", ")}, version = excluded.version, updated_at = now()
       where ${table}.version < excluded.version
          or (${table}.version = excluded.version and (${list(table)}) is distinct from (${list("excluded")}))`;
}

const SITE_UPSERT = `
  insert into site_index (site_id, org_id, name, region_code, country_code, geog, version, updated_at)
  select r.site_id, r.org_id, r.name, r.region_code, r.country_code, st_setsrid(st_makepoint(r.lon, r.lat), 4326)::geography, r.version, now()
  from json_to_recordset(?::json) as r(site_id text, org_id text, name text, region_code text, country_code text, lat float8, lon float8, version int)
  ${guardedUpdate("site_index", ["org_id", "name", "region_code", "country_code", "geog"])}`;

const FLOW_UPSERT = `
  insert into flow_index (flow_id, ${FLOW_COLUMNS.map(([c]) => c).join(", ")}, geog, version, updated_at)
  select r.flow_id, ${FLOW_COLUMNS.map(([c]) => `r.${c}`).join(", ")}, s.geog, r.version, now()
  from json_to_recordset(?::json) as r(flow_id text, ${FLOW_COLUMNS.map(([c, t]) => `${c} ${t}`).join(", ")}, version int)
  join site_index s on s.site_id = r.site_id
  ${guardedUpdate("flow_index", [...FLOW_COLUMNS.map(([c]) => c), "geog"])}`;

/**
 * Insert or update sites (newer versions only); moving a site moves its flows' points.
 * Each batch of rows is one statement with one JSON parameter, whatever its size.
 */
export async function upsertSiteIndex(knex: Knex, rows: readonly SiteIndexRow[]): Promise<void> {
  for (const part of chunks(rows)) {
    await knex.raw(SITE_UPSERT, [
      JSON.stringify(part.map((r) => ({ site_id: r.siteId, org_id: r.orgId, name: r.name, region_code: r.regionCode, country_code: r.countryCode ?? null, lat: r.lat, lon: r.lon, version: r.version }))),
    ]);
    await knex.raw(
      `update flow_index f set geog = s.geog from site_index s
       where f.site_id = s.site_id and s.site_id = any(?) and not st_equals(f.geog::geometry, s.geog::geometry)`,
      [part.map((r) => r.siteId)],
    );
  }
}

/** Insert or update flow summaries (newer versions only). Their sites must be indexed. */
export async function upsertFlowIndex(knex: Knex, rows: readonly FlowIndexRow[]): Promise<void> {
  for (const part of chunks(rows)) {
    const records = part.map((r) => {
      const record: Record<string, unknown> = { flow_id: r.flowId, version: r.version };
      for (const [column, , field] of FLOW_COLUMNS) record[column] = r[field] ?? null;
      return record;
    });
    await knex.raw(FLOW_UPSERT, [JSON.stringify(records)]);
  }
}

/** Remove flows from the index. */
export async function deleteFlowIndex(knex: Knex, flowIds: readonly string[]): Promise<void> {
  if (flowIds.length) await knex("flow_index").whereIn("flow_id", flowIds).delete();
}

/** Remove sites (and, by cascade, their flows) from the index. */
export async function deleteSiteIndex(knex: Knex, siteIds: readonly string[]): Promise<void> {
  if (siteIds.length) await knex("site_index").whereIn("site_id", siteIds).delete();
}
