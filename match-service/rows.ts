/**
 * flow_index rows → the engine's MatchableFlow. The prefilter selects every column the
 * engine reads, so a candidate never costs a graph read.
 */
import type { MatchableFlow, Precision } from "../matching/index.ts";

/** A flow_index row as the prefilter selects it (lat/lon extracted from geog). */
export interface FlowIndexRecord {
  readonly flow_id: string;
  readonly site_id: string;
  readonly org_id: string;
  readonly direction: "offer" | "need";
  readonly resource_type: string;
  readonly annual_quantity: number;
  readonly canonical_unit: string;
  readonly peak_kw: number | null;
  readonly temperature_c: number | null;
  readonly hazard_class: string | null;
  readonly months_mask: number;
  readonly available_from: string | Date | null;
  readonly available_until: string | Date | null;
  readonly precision: string;
  readonly version: number;
  readonly pressure_bar: number | null;
  readonly purity_pct: number | null;
  readonly hours_per_week: number | null;
  readonly price_eur_per_unit: number | null;
  readonly disposal_cost_eur_per_unit: number | null;
  readonly accepted_hazard_classes: string[] | null;
  readonly max_distance_km: number | null;
  readonly min_annual_quantity: number | null;
  readonly lat: number;
  readonly lon: number;
}

/** Columns to select from `flow_index f` for {@link toMatchable}. */
export const FLOW_COLUMNS = `f.flow_id, f.site_id, f.org_id, f.direction, f.resource_type, f.annual_quantity, f.canonical_unit,
  f.peak_kw, f.temperature_c, f.hazard_class, f.months_mask, to_char(f.available_from, 'YYYY-MM-DD') as available_from,
  to_char(f.available_until, 'YYYY-MM-DD') as available_until, f.precision, f.version, f.pressure_bar, f.purity_pct,
  f.hours_per_week, f.price_eur_per_unit, f.disposal_cost_eur_per_unit, f.accepted_hazard_classes, f.max_distance_km, f.min_annual_quantity,
  st_y(f.geog::geometry) as lat, st_x(f.geog::geometry) as lon`;

const opt = (v: number | null | undefined) => (v === null || v === undefined ? undefined : Number(v));
const day = (v: string | Date | null) => (v === null ? undefined : typeof v === "string" ? v : v.toISOString().slice(0, 10));

/** The engine's view of a flow_index row. */
export function toMatchable(r: FlowIndexRecord): MatchableFlow {
  const offer = r.direction === "offer";
  const start = day(r.available_from);
  const end = day(r.available_until);
  return {
    id: r.flow_id,
    siteId: r.site_id,
    orgId: r.org_id,
    direction: r.direction,
    resourceType: r.resource_type,
    lat: Number(r.lat),
    lon: Number(r.lon),
    annualQuantity: Number(r.annual_quantity),
    peakKw: opt(r.peak_kw),
    temperatureC: opt(r.temperature_c),
    pressureBar: opt(r.pressure_bar),
    purityPct: opt(r.purity_pct),
    // "none" stays: it declares the offer non-hazardous (absent = not declared).
    hazardClass: offer ? (r.hazard_class ?? undefined) : undefined,
    acceptsHazardClasses: offer || r.accepted_hazard_classes === null ? undefined : r.accepted_hazard_classes,
    maxDistanceKm: opt(r.max_distance_km),
    minAnnualQuantity: offer ? undefined : opt(r.min_annual_quantity),
    availability: {
      months: r.months_mask,
      ...(r.hours_per_week === null ? {} : { hoursPerWeek: Number(r.hours_per_week) }),
      ...(start ? { start } : {}),
      ...(end ? { end } : {}),
    },
    priceEurPerUnit: offer ? opt(r.price_eur_per_unit) : undefined,
    disposalCostEurPerUnit: offer ? opt(r.disposal_cost_eur_per_unit) : undefined,
    currentCostEurPerUnit: offer ? undefined : opt(r.price_eur_per_unit),
    precision: r.precision as Precision,
    version: r.version,
  };
}
