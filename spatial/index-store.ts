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
}

const CHUNK = 2_000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Insert or update sites (newer versions only); moving a site moves its flows' points. */
export async function upsertSiteIndex(knex: Knex, rows: readonly SiteIndexRow[]): Promise<void> {
  for (const part of chunks(rows)) {
    await knex.raw(
      `insert into site_index (site_id, org_id, name, region_code, geog, version, updated_at)
       select r.site_id, r.org_id, r.name, r.region_code,
              st_setsrid(st_makepoint(r.lon, r.lat), 4326)::geography, r.version, now()
       from jsonb_to_recordset(?::jsonb) as r(site_id text, org_id text, name text, region_code text, lat float8, lon float8, version int)
       on conflict (site_id) do update set
         org_id = excluded.org_id, name = excluded.name, region_code = excluded.region_code,
         geog = excluded.geog, version = excluded.version, updated_at = now()
       where site_index.version <= excluded.version`,
      [JSON.stringify(part.map((r) => ({ site_id: r.siteId, org_id: r.orgId, name: r.name, region_code: r.regionCode, lat: r.lat, lon: r.lon, version: r.version })))],
    );
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
    await knex.raw(
      `insert into flow_index (flow_id, site_id, org_id, direction, resource_type, annual_quantity, canonical_unit,
                               peak_kw, temperature_c, hazard_class, months_mask, available_from, available_until,
                               precision, geog, version, updated_at,
                               pressure_bar, purity_pct, hours_per_week, price_eur_per_unit, disposal_cost_eur_per_unit)
       select r.flow_id, r.site_id, r.org_id, r.direction, r.resource_type, r.annual_quantity, r.canonical_unit,
              r.peak_kw, r.temperature_c, r.hazard_class, r.months_mask, r.available_from, r.available_until,
              r.precision, s.geog, r.version, now(),
              r.pressure_bar, r.purity_pct, r.hours_per_week, r.price_eur_per_unit, r.disposal_cost_eur_per_unit
       from jsonb_to_recordset(?::jsonb) as r(flow_id text, site_id text, org_id text, direction text, resource_type text,
              annual_quantity float8, canonical_unit text, peak_kw float8, temperature_c float8, hazard_class text,
              months_mask int, available_from date, available_until date, precision text, version int,
              pressure_bar float8, purity_pct float8, hours_per_week float8, price_eur_per_unit float8, disposal_cost_eur_per_unit float8)
       join site_index s on s.site_id = r.site_id
       on conflict (flow_id) do update set
         site_id = excluded.site_id, org_id = excluded.org_id, direction = excluded.direction,
         resource_type = excluded.resource_type, annual_quantity = excluded.annual_quantity,
         canonical_unit = excluded.canonical_unit, peak_kw = excluded.peak_kw, temperature_c = excluded.temperature_c,
         hazard_class = excluded.hazard_class, months_mask = excluded.months_mask,
         available_from = excluded.available_from, available_until = excluded.available_until,
         precision = excluded.precision, geog = excluded.geog, version = excluded.version, updated_at = now(),
         pressure_bar = excluded.pressure_bar, purity_pct = excluded.purity_pct, hours_per_week = excluded.hours_per_week,
         price_eur_per_unit = excluded.price_eur_per_unit, disposal_cost_eur_per_unit = excluded.disposal_cost_eur_per_unit
       where flow_index.version <= excluded.version`,
      [
        JSON.stringify(
          part.map((r) => ({
            flow_id: r.flowId,
            site_id: r.siteId,
            org_id: r.orgId,
            direction: r.direction,
            resource_type: r.resourceType,
            annual_quantity: r.annualQuantity,
            canonical_unit: r.canonicalUnit,
            peak_kw: r.peakKw,
            temperature_c: r.temperatureC,
            hazard_class: r.hazardClass,
            months_mask: r.monthsMask,
            available_from: r.availableFrom,
            available_until: r.availableUntil,
            precision: r.precision,
            version: r.version,
            pressure_bar: r.pressureBar ?? null,
            purity_pct: r.purityPct ?? null,
            hours_per_week: r.hoursPerWeek ?? null,
            price_eur_per_unit: r.priceEurPerUnit ?? null,
            disposal_cost_eur_per_unit: r.disposalCostEurPerUnit ?? null,
          })),
        ),
      ],
    );
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
