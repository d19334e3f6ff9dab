/**
 * A civic release: what the public routes, the dashboard and the open-data files all show
 * for one region — the published cells of both resolutions, the region's totals and the
 * metric catalogue. One value, built once and cached, so the CSV, the GeoJSON and the page
 * are the same figures by construction.
 *
 * Metrics per resource type come from the disclosure rule; the layer metrics the map colours
 * by (`supply_mwh`, `demand_t`, `matched_m3`, …) are sums of a cell's *published* per-type
 * figures of one unit, so they add nothing a reader could not add up.
 */
import { cellToBoundary, cellToLatLng, cellToParent } from "h3-js";
import { findResourceType } from "../../domain/taxonomy.ts";
import { CITY_RESOLUTION, COUNTRY_RESOLUTION, K, ORGANIZATIONS, regionTotals, type Disclosure, type PublishedCell } from "./disclosure.ts";

export const CIVIC_PROJECTION = "civic";

/** The units a layer sums. */
export const UNITS = { mwh: "MWh/yr", t: "t/yr", m3: "m³/yr" } as const;
export type UnitKey = keyof typeof UNITS;
const UNIT_OF_KIND = { energy: "mwh", mass: "t", volume: "m3" } as const satisfies Record<string, UnitKey>;

/** The kinds of per-type figures. */
export const FLOW_KINDS = ["supply", "demand", "matched"] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/** The metrics a map layer can colour by. */
export const LAYER_METRICS = [
  ...FLOW_KINDS.flatMap((k) => (Object.keys(UNITS) as UnitKey[]).map((u) => `${k}_${u}` as const)),
  "co2_avoided_t",
  "partnerships",
  ORGANIZATIONS,
] as const;
export type LayerMetric = (typeof LAYER_METRICS)[number];

/** What a metric is: its kind, resource type (per-type metrics), unit. */
export interface MetricInfo {
  readonly metric: string;
  readonly kind: FlowKind | "co2_avoided" | "partnerships" | "organizations";
  readonly resourceType: string | null;
  readonly unit: string;
}

/** The unit key of a resource type (unknown types count as energy, as the taxonomy's default kind). */
export const unitKeyOf = (resourceType: string): UnitKey => UNIT_OF_KIND[findResourceType(resourceType)?.quantityKind ?? "energy"];

/** What a metric name means. */
export function metricInfo(metric: string): MetricInfo {
  const [kind, type] = metric.split(":") as [string, string | undefined];
  if (type !== undefined && (FLOW_KINDS as readonly string[]).includes(kind)) return { metric, kind: kind as FlowKind, resourceType: type, unit: UNITS[unitKeyOf(type)] };
  const layer = /^(supply|demand|matched)_(mwh|t|m3)$/.exec(metric);
  if (layer) return { metric, kind: layer[1] as FlowKind, resourceType: null, unit: UNITS[layer[2] as UnitKey] };
  if (metric === "co2_avoided_t") return { metric, kind: "co2_avoided", resourceType: null, unit: "tCO2/yr" };
  if (metric === "partnerships") return { metric, kind: "partnerships", resourceType: null, unit: "count" };
  return { metric, kind: "organizations", resourceType: null, unit: "count" };
}

/** One published cell as released: its figures by metric (per type and per layer). */
export interface ReleasedCell {
  readonly cell: string;
  readonly resolution: number;
  readonly lat: number;
  readonly lon: number;
  readonly values: Readonly<Record<string, number>>;
  /** How many metrics with data here are withheld (the map says so; which ones is not said). */
  readonly withheld: number;
}

/** A region's release. */
export interface CivicRelease {
  readonly region: { readonly level: string; readonly code: string; readonly name: string };
  /** The day of the carbon rollups the CO2 comes from (YYYY-MM-DD); the flows are as of `generatedAt`. */
  readonly carbonDay: string | null;
  readonly generatedAt: string;
  readonly k: number;
  readonly resolutions: { readonly city: number; readonly country: number };
  /** Region totals per metric: sums of the published city cells centred in the region. */
  readonly totals: Readonly<Record<string, number>>;
  readonly cells: { readonly city: readonly ReleasedCell[]; readonly country: readonly ReleasedCell[] };
  readonly metrics: readonly MetricInfo[];
}

const round = (x: number) => Math.round(x * 10) / 10;

/** A cell's released figures: its published per-type metrics, rounded, plus the layer sums of those. */
function releasedValues(cell: PublishedCell): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [metric, f] of Object.entries(cell.metrics)) values[metric] = round(f.value);
  for (const [metric, v] of Object.entries({ ...values })) {
    const info = metricInfo(metric);
    if (info.resourceType === null) continue;
    const layer = `${info.kind}_${unitKeyOf(info.resourceType)}`;
    values[layer] = round((values[layer] ?? 0) + v);
  }
  return values;
}

const released = (cell: PublishedCell): ReleasedCell => {
  const [lat, lon] = cellToLatLng(cell.cell);
  return { cell: cell.cell, resolution: cell.resolution, lat: Number(lat.toFixed(5)), lon: Number(lon.toFixed(5)), values: releasedValues(cell), withheld: cell.suppressed.length };
};

/**
 * The release of a region from a disclosure and the city cells whose centre lies in the
 * region; the country cells shown are those cells' parents. Cells with nothing published are left out.
 */
export function buildRelease(d: Disclosure, regionCells: readonly string[], meta: Pick<CivicRelease, "region" | "carbonDay" | "generatedAt">): CivicRelease {
  const city = regionCells.map((c) => d.city.get(c)).filter((c): c is PublishedCell => c !== undefined);
  const parents = new Set(city.map((c) => cellToParent(c.cell, COUNTRY_RESOLUTION)));
  const country = [...parents].map((p) => d.country.get(p)).filter((c): c is PublishedCell => c !== undefined);
  const cityCells = city.map(released).filter((c) => Object.keys(c.values).length > 0);
  const countryCells = country.map(released).filter((c) => Object.keys(c.values).length > 0);
  // Totals over the released (rounded) city figures, so a region equals the sum of its cells to the digit.
  const totals: Record<string, number> = {};
  for (const c of cityCells) for (const [m, v] of Object.entries(c.values)) if (m !== ORGANIZATIONS) totals[m] = round((totals[m] ?? 0) + v);
  const orgs = regionTotals(d, regionCells)[ORGANIZATIONS];
  if (orgs) totals[ORGANIZATIONS] = orgs.value;
  const names = new Set<string>([...cityCells, ...countryCells].flatMap((c) => Object.keys(c.values)));
  for (const m of LAYER_METRICS) names.add(m);
  return {
    ...meta,
    k: K,
    resolutions: { city: CITY_RESOLUTION, country: COUNTRY_RESOLUTION },
    totals,
    cells: { city: cityCells.sort(byCell), country: countryCells.sort(byCell) },
    metrics: [...names].sort().map(metricInfo),
  };
}

const byCell = (a: ReleasedCell, b: ReleasedCell) => a.cell.localeCompare(b.cell);

/** The hexagon's outline as a closed GeoJSON ring ([lon, lat] pairs). */
export const cellRing = (cell: string): number[][] => {
  const ring = cellToBoundary(cell, true);
  return [...ring, ring[0]!];
};
