/**
 * Emission factors as data (emission-factors.json beside this file): grid electricity per
 * country and bidding zone, fuels, trucking, water, and what a delivered by-product
 * displaces. Every factor names its source and year; `approximation` says when a figure is
 * rounded, an order of magnitude or borrowed. An organization may override any factor for
 * its own figures; {@link resolveFactor} says which one was used, so every CO2 figure can
 * name its factor and source.
 */
import data from "./emission-factors.json" with { type: "json" };

/** One emission factor. */
export interface EmissionFactor {
  readonly id: string;
  readonly label: string;
  readonly category: string;
  readonly value: number;
  /** tCO2 per unit: `tCO2/MWh`, `tCO2/t`, `tCO2/m³`, `tCO2/t·km`. */
  readonly unit: string;
  readonly source: string;
  readonly year: number;
  readonly approximation?: string;
  /** Grid factors: the country (ISO 3166-1 alpha-2, `GB` for the UK) or bidding zone. */
  readonly area?: string;
  readonly resourceType?: string;
}

/** An organization's own value for a factor. */
export interface FactorOverride {
  readonly orgId: string;
  readonly factorId: string;
  readonly value: number;
  readonly source: string;
  readonly year: number;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** The factor a figure used: the default or the organization's override of it. */
export interface FactorUse {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly year: number;
  readonly approximation?: string;
  /** Set when the organization's own value replaced the default. */
  readonly overriddenBy?: string;
  /**
   * Set where a figure shown to one party used the other party's own value (the receiver's
   * displaced fuel): its value and year stand, as the figure shows them anyway; its source
   * and who set it do not ({@link asSeenBy}).
   */
  readonly counterpartValue?: true;
}

/** What a factor set by another organization says in place of its source. */
export const COUNTERPART_SOURCE = "the counterpart's own value for its site";

/**
 * A factor as organization `orgId` may see it beside a figure: its own override and the
 * defaults as they are; another organization's override without its source text and without
 * who set it. That organization's id named an anonymous counterpart, and its source is its
 * own words about its plant ("our gas boilers, metered 2025"); the value is kept because the
 * figure it produced (CO2 per MWh delivered) shows it anyway, and an engineer checks it.
 */
export function asSeenBy(orgId: string, f: FactorUse): FactorUse {
  if (f.overriddenBy === undefined || f.overriddenBy === orgId) return f;
  const { overriddenBy: _by, source: _source, ...rest } = f;
  return { ...rest, source: COUNTERPART_SOURCE, counterpartValue: true };
}

/** Every default factor, by id. */
export const EMISSION_FACTORS: ReadonlyMap<string, EmissionFactor> = new Map((data.factors as EmissionFactor[]).map((f) => [f.id, f]));

const NEED_FACTOR = data.needFactor as Readonly<Record<string, string>>;

/** Overrides of one organization, by factor id. */
export type Overrides = ReadonlyMap<string, FactorOverride>;

/** The factor `id` as `overrides` have it (their value and source win); undefined for an unknown id. */
export function resolveFactor(id: string, overrides: Overrides = new Map()): FactorUse | undefined {
  const f = EMISSION_FACTORS.get(id);
  if (!f) return undefined;
  const o = overrides.get(id);
  const base = { id: f.id, label: f.label, unit: f.unit, ...(f.approximation ? { approximation: f.approximation } : {}) };
  return o ? { ...base, value: o.value, source: o.source, year: o.year, overriddenBy: o.orgId } : { ...base, value: f.value, source: f.source, year: f.year };
}

/** Where a site is, as the grid factor needs it. */
export interface GridLocation {
  readonly country?: string | null | undefined;
  readonly lat?: number | null | undefined;
  readonly lon?: number | null | undefined;
}

// Denmark's rough bounding box: sites stored without a country are mostly the demo region's.
const inDenmark = (lat: number, lon: number) => lat >= 54.5 && lat <= 57.8 && lon >= 8 && lon <= 15.3;
// The Great Belt divides DK1 (Jutland, Funen) from DK2 (Zealand, islands east of it).
const DK_ZONE_LON = 10.95;

/**
 * The grid factor id for a site: its bidding zone in Denmark (by longitude), its country
 * elsewhere (`UK` for GB), the EU-27 average when the country is unknown or not listed.
 */
export function gridFactorId(at: GridLocation): string {
  const lat = at.lat ?? NaN;
  const lon = at.lon ?? NaN;
  const country = at.country?.toUpperCase() ?? (inDenmark(lat, lon) ? "DK" : undefined);
  if (country === "DK") return Number.isFinite(lon) ? (lon < DK_ZONE_LON ? "grid:DK1" : "grid:DK2") : "grid:DK";
  if (country === "GB" || country === "UK") return "grid:UK";
  return country && EMISSION_FACTORS.has(`grid:${country}`) ? `grid:${country}` : "grid:EU27";
}

/**
 * The factor of what one unit of `needType` delivered displaces, at a consumer whose grid
 * factor is `gridId` (electricity displaces grid power; cooling, an electric chiller at
 * COP 4). Undefined when the type has no factor.
 */
export function displacementFactor(needType: string, gridId: string, overrides: Overrides = new Map()): FactorUse | undefined {
  const rule = NEED_FACTOR[needType];
  if (rule === undefined) return undefined;
  if (rule === "grid") return resolveFactor(gridId, overrides);
  if (rule === "grid/4") {
    const grid = resolveFactor(gridId, overrides)!;
    return { ...grid, id: `${grid.id}/4`, label: `${grid.label}, electric chiller at COP 4`, value: grid.value / 4 };
  }
  return resolveFactor(rule, overrides);
}

/** Ids of every factor an organization may override. */
export const FACTOR_IDS: readonly string[] = [...EMISSION_FACTORS.keys()];
