/**
 * Quantity normalization. People declare flows in whatever unit their meter, invoice or
 * permit uses (kW, t/h of steam, L/s, Nm3/h of CO2, GJ/yr...). Matching compares like
 * with like, so every quantity is normalized to the canonical unit of its resource's
 * quantityKind (taxonomy): energy → MWh/yr plus peak kW, mass → t/yr, volume → m3/yr.
 * The original value and unit are always kept next to the normalized figures.
 */
import { errors } from "./errors.ts";
import { findResourceType, type QuantityKind, type ResourceType } from "./taxonomy.ts";

/** What a unit physically measures, before the resource decides how to read it. */
export type Dimension = "power" | "energy" | "mass" | "volume" | "gasVolume";

/** Canonical annual unit per quantity kind. */
export const CANONICAL_UNIT = { energy: "MWh/yr", mass: "t/yr", volume: "m3/yr" } as const satisfies Record<
  QuantityKind,
  string
>;
export type CanonicalUnit = (typeof CANONICAL_UNIT)[QuantityKind];

type Period = "instant" | "second" | "minute" | "hour" | "day" | "week" | "month" | "year";

/** A unit Turash understands: `perBase` base amounts (MWh, kW, t, m3, Nm3) per `period`. */
export interface UnitDefinition {
  readonly id: string;
  readonly dimension: Dimension;
  readonly period: Period;
  readonly perBase: number;
}

const u = (id: string, dimension: Dimension, period: Period, perBase: number): UnitDefinition => ({
  id,
  dimension,
  period,
  perBase,
});

/** Every accepted unit, in the spelling Turash writes back. Bases: MWh, kW, t, m3, Nm3. */
export const UNITS: readonly UnitDefinition[] = Object.freeze([
  u("kW", "power", "instant", 1),
  u("MW", "power", "instant", 1_000),
  u("kWh/yr", "energy", "year", 0.001),
  u("MWh/yr", "energy", "year", 1),
  u("GWh/yr", "energy", "year", 1_000),
  u("TWh/yr", "energy", "year", 1_000_000),
  u("GJ/yr", "energy", "year", 1 / 3.6),
  u("TJ/yr", "energy", "year", 1_000 / 3.6),
  u("MWh/month", "energy", "month", 1),
  u("MWh/day", "energy", "day", 1),
  u("kWh/day", "energy", "day", 0.001),
  u("t/yr", "mass", "year", 1),
  u("kt/yr", "mass", "year", 1_000),
  u("kg/yr", "mass", "year", 0.001),
  u("t/month", "mass", "month", 1),
  u("t/week", "mass", "week", 1),
  u("t/day", "mass", "day", 1),
  u("kg/day", "mass", "day", 0.001),
  u("t/h", "mass", "hour", 1),
  u("kg/h", "mass", "hour", 0.001),
  u("m3/yr", "volume", "year", 1),
  u("m3/month", "volume", "month", 1),
  u("m3/day", "volume", "day", 1),
  u("m3/h", "volume", "hour", 1),
  u("L/s", "volume", "second", 0.001),
  u("L/min", "volume", "minute", 0.001),
  u("L/h", "volume", "hour", 0.001),
  u("Nm3/yr", "gasVolume", "year", 1),
  u("Nm3/day", "gasVolume", "day", 1),
  u("Nm3/h", "gasVolume", "hour", 1),
]);

/**
 * Steam: 0.75 MWh per tonne. Assumption: saturated low-pressure steam (1–3 bar(a)) has a
 * specific enthalpy of ≈ 2,675–2,725 kJ/kg relative to water at 0 °C (IAPWS-IF97 steam
 * tables), i.e. ≈ 0.75 MWh/t. The heat actually usable with condensate return is lower
 * (latent heat alone ≈ 2,160–2,260 kJ/kg ≈ 0.6 MWh/t); economics must apply its own
 * efficiency. Mass units are accepted for `steam` only.
 */
export const STEAM_MWH_PER_TONNE = 0.75;

/** Gas densities at normal conditions (0 °C, 1.01325 bar), kg/Nm3: CO2 1.977, H2 0.0899. */
export const GAS_DENSITY_KG_PER_NM3: Readonly<Record<string, number>> = Object.freeze({
  co2: 1.977,
  hydrogen: 0.0899,
});

/**
 * Energy content per Nm3 for gases counted as energy: raw biogas at ~60 % methane carries
 * ≈ 6 kWh/Nm3 (methane LHV ≈ 9.97 kWh/Nm3 × 0.6).
 */
export const GAS_ENERGY_KWH_PER_NM3: Readonly<Record<string, number>> = Object.freeze({
  biogas: 6,
});

/** Full-load hours assumed for power (kW, MW) and other thermal rates when none are declared. */
export const DEFAULT_POWER_HOURS = 8_000;
/** Hours assumed for mass and volume rates when none are declared: continuous operation. */
export const CONTINUOUS_HOURS = 8_760;
/** Calendar days used for per-day units (they count calendar days, not operating hours). */
export const DAYS_PER_YEAR = 365;
const WEEKS_PER_YEAR = DAYS_PER_YEAR / 7;
/** Upper bound of operating hours: a leap year. */
export const MAX_HOURS_PER_YEAR = 8_784;

/** Options for {@link normalizeQuantity}. */
export interface NormalizeOptions {
  /**
   * Operating hours per year, e.g. from the flow's declared schedule. Used for
   * per-hour (and shorter) rates, for power, and to estimate peak kW from annual energy.
   * Defaults: 8,000 h for power-like (energy) quantities, 8,760 h for mass and volume rates.
   */
  readonly hoursPerYear?: number;
  /** Dotted name of the quantity in the input, so errors name e.g. `quantity.unit`. */
  readonly field?: string;
}

/** A declared quantity: the value and the unit as the user wrote it. */
export interface QuantityInput {
  readonly value: number;
  readonly unit: string;
}

/** A quantity in the canonical unit of its resource, with the original kept. */
export interface NormalizedQuantity {
  readonly kind: QuantityKind;
  /** Annual amount in {@link NormalizedQuantity.unit}. */
  readonly annual: number;
  readonly unit: CanonicalUnit;
  /** Energy only: peak (or, when only an annual amount was given, mean operating) power in kW. */
  readonly peakKW?: number;
  /** Energy only: true when peakKW was derived from an annual amount and operating hours. */
  readonly peakIsEstimate?: boolean;
  /** Operating hours per year used for the conversion. */
  readonly hoursPerYear: number;
  /** The quantity exactly as declared. */
  readonly original: QuantityInput;
  /** The conversion factors this result relies on, as human-readable notes. */
  readonly assumptions: readonly string[];
}

/** Lower-cased, spacing-insensitive spelling → unit, so "m³/h", "MWh/a" and "t / year" all resolve. */
function unitKey(raw: string): string {
  return raw
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/^(tonnes?|tons?)(?=\/)/, "t")
    .replace(/^(litres?|liters?)(?=\/)/, "l")
    .replace(/^(kwth|kwt)$/, "kw")
    .replace(/^(mwth|mwt)$/, "mw")
    .replace(/^tp[ay]$/, "t/yr")
    .replace(/\/(years?|a|annum|y)$/, "/yr")
    .replace(/\/(hours?|hr)$/, "/h")
    .replace(/\/(days?|d)$/, "/day")
    .replace(/\/(weeks?|wk)$/, "/week")
    .replace(/\/(months?|mo|mon)$/, "/month")
    .replace(/\/(minutes?|mins?)$/, "/min")
    .replace(/\/(seconds?|sec)$/, "/s");
}

const byKey = new Map(UNITS.map((unit) => [unitKey(unit.id), unit]));
// Exact spellings skip the regex chain: bulk imports and the seed generator call this per flow.
const byId = new Map(UNITS.map((unit) => [unit.id, unit]));

/** The unit with this spelling (aliases and case tolerated), or undefined. */
export function findUnit(unit: string): UnitDefinition | undefined {
  return byId.get(unit) ?? byKey.get(unitKey(unit));
}

/** How many base amounts per canonical amount a dimension yields for a resource, or undefined when it doesn't fit. */
function dimensionFactor(dimension: Dimension, resource: ResourceType): number | undefined {
  switch (resource.quantityKind) {
    case "energy":
      if (dimension === "energy") return 1;
      if (dimension === "power") return 0.001; // kWh → MWh after multiplying by hours
      if (dimension === "mass" && resource.id === "steam") return STEAM_MWH_PER_TONNE;
      if (dimension === "gasVolume" && GAS_ENERGY_KWH_PER_NM3[resource.id] !== undefined)
        return GAS_ENERGY_KWH_PER_NM3[resource.id]! / 1000;
      return undefined;
    case "mass":
      if (dimension === "mass") return 1;
      if (dimension === "gasVolume" && GAS_DENSITY_KG_PER_NM3[resource.id] !== undefined)
        return GAS_DENSITY_KG_PER_NM3[resource.id]! / 1000;
      return undefined;
    case "volume":
      return dimension === "volume" ? 1 : undefined;
  }
}

function assumptionsFor(dimension: Dimension, resource: ResourceType): string[] {
  if (dimension === "mass" && resource.id === "steam")
    return [`steam ${STEAM_MWH_PER_TONNE} MWh/t (saturated LP steam enthalpy)`];
  if (dimension === "gasVolume" && resource.quantityKind === "energy")
    return [`${resource.id} ${GAS_ENERGY_KWH_PER_NM3[resource.id]} kWh/Nm3`];
  if (dimension === "gasVolume") return [`${resource.id} density ${GAS_DENSITY_KG_PER_NM3[resource.id]} kg/Nm3`];
  return [];
}

/** Units accepted for a resource type, in catalogue order. */
export function acceptedUnits(resourceTypeId: string): string[] {
  const resource = findResourceType(resourceTypeId);
  if (!resource) return [];
  return UNITS.filter((unit) => dimensionFactor(unit.dimension, resource) !== undefined).map((unit) => unit.id);
}

/** Result of {@link checkUnit}: the unit when it fits, or why it doesn't. */
export type UnitCheck =
  | { readonly ok: true; readonly unit: UnitDefinition }
  | { readonly ok: false; readonly code: "UNKNOWN_UNIT" | "UNIT_MISMATCH" | "UNKNOWN_RESOURCE_TYPE"; readonly accepted: string[] };

/** Whether `unit` is known and fits `resourceTypeId`, without throwing (for schema refinements). */
export function checkUnit(unit: string, resourceTypeId: string): UnitCheck {
  const resource = findResourceType(resourceTypeId);
  if (!resource) return { ok: false, code: "UNKNOWN_RESOURCE_TYPE", accepted: [] };
  const def = findUnit(unit);
  if (!def) return { ok: false, code: "UNKNOWN_UNIT", accepted: acceptedUnits(resourceTypeId) };
  if (dimensionFactor(def.dimension, resource) === undefined)
    return { ok: false, code: "UNIT_MISMATCH", accepted: acceptedUnits(resourceTypeId) };
  return { ok: true, unit: def };
}

/**
 * Plausible yearly amounts of one flow at one site, per dimension, in the dimension's base
 * unit (energy and power in MWh/yr — a power counted over continuous operation, 8,760 h —,
 * mass in t/yr, volume in m3/yr, gas in Nm3/yr). The upper bounds sit about ten times
 * above the largest industrial sites there are, so no real declaration meets them while
 * typos, unit mix-ups and overflow bait (`1e15 TWh/yr`) do:
 * - energy 1e9 MWh/yr (1,000 TWh/yr; the largest power station, Three Gorges, yields
 *   ≈ 100 TWh/yr, the largest refineries and steelworks burn ≈ 50–100 TWh/yr) — as power,
 *   ≈ 114 GW;
 * - mass 1e9 t/yr (1 Gt/yr; the largest mines move ≈ 0.3 Gt/yr, steelworks ≈ 0.05 Gt/yr);
 * - volume 1e10 m3/yr (10 km³/yr; the largest wastewater plant treats ≈ 1.5 km³/yr);
 * - gas 1e11 Nm3/yr (100 bcm/yr; the largest gas processing plants handle ≈ 50–100 bcm/yr).
 * The lower bounds (1e-6 of the base: 1 Wh, 1 g, 1 mL per year) refuse subnormal values
 * such as `1e-320`, which no meter reads and which lose all precision in arithmetic.
 */
export const QUANTITY_BOUNDS: Readonly<Record<Dimension, { readonly min: number; readonly max: number; readonly base: string }>> = Object.freeze({
  energy: { min: 1e-6, max: 1e9, base: "MWh/yr" },
  power: { min: 1e-6, max: 1e9, base: "MWh/yr" },
  mass: { min: 1e-6, max: 1e9, base: "t/yr" },
  volume: { min: 1e-6, max: 1e10, base: "m3/yr" },
  gasVolume: { min: 1e-6, max: 1e11, base: "Nm3/yr" },
});

/** Yearly base amount (see {@link QUANTITY_BOUNDS}) of 1 of `unit`, over continuous operation. */
function basePerYear(unit: UnitDefinition): number {
  const annual = unit.perBase * periodsPerYear(unit.period, CONTINUOUS_HOURS);
  // A power in kW over a year is kWh; the energy base is MWh.
  return unit.dimension === "power" ? annual / 1_000 : annual;
}

/** The plausible range of a value declared in `unitSpelling` (see {@link QUANTITY_BOUNDS}), or undefined for an unknown unit. */
export function quantityRange(unitSpelling: string): { readonly min: number; readonly max: number; readonly unit: string } | undefined {
  const unit = findUnit(unitSpelling);
  if (!unit) return undefined;
  const bounds = QUANTITY_BOUNDS[unit.dimension];
  const factor = basePerYear(unit);
  return { min: bounds.min / factor, max: bounds.max / factor, unit: unit.id };
}

/** Three significant digits, in exponent notation beyond 1e6 or below 1e-3. */
const sig = (n: number) => {
  const rounded = Number(n.toPrecision(3));
  return rounded >= 1e6 || rounded < 1e-3 ? rounded.toExponential() : String(rounded);
};

/**
 * Why `value` in `unitSpelling` is not a plausible quantity, or undefined when it is (or
 * the unit is unknown: that is reported on the unit). For schema refinements and imports.
 */
export function quantityValueProblem(value: number, unitSpelling: string): string | undefined {
  const range = quantityRange(unitSpelling);
  // Zero, negative and non-finite values are the schema's own refusals ("must be greater than 0").
  if (!range || !Number.isFinite(value) || value <= 0) return undefined;
  const bounds = QUANTITY_BOUNDS[findUnit(unitSpelling)!.dimension];
  if (value > range.max) return `must be at most ${sig(range.max)} ${range.unit} (${sig(bounds.max)} ${bounds.base}, beyond the largest industrial sites)`;
  if (value < range.min) return `must be at least ${sig(range.min)} ${range.unit} (${sig(bounds.min)} ${bounds.base})`;
  return undefined;
}

/** Default hours for a unit read as a given resource (see {@link NormalizeOptions.hoursPerYear}). */
function defaultHours(resource: ResourceType): number {
  return resource.quantityKind === "energy" ? DEFAULT_POWER_HOURS : CONTINUOUS_HOURS;
}

function periodsPerYear(period: Period, hours: number): number {
  switch (period) {
    case "instant":
    case "hour":
      return hours;
    case "minute":
      return hours * 60;
    case "second":
      return hours * 3_600;
    case "day":
      return DAYS_PER_YEAR;
    case "week":
      return WEEKS_PER_YEAR;
    case "month":
      return 12;
    case "year":
      return 1;
  }
}

interface Resolved {
  readonly resource: ResourceType;
  readonly unit: UnitDefinition;
  readonly hours: number;
  /** Canonical annual amount per 1 of the declared unit. */
  readonly factor: number;
}

function resolve(unitSpelling: string, resourceTypeId: string, options: NormalizeOptions): Resolved {
  const field = options.field ?? "quantity";
  const check = checkUnit(unitSpelling, resourceTypeId);
  if (!check.ok) {
    if (check.code === "UNKNOWN_RESOURCE_TYPE") throw errors.unknownResourceType("resourceType", resourceTypeId);
    if (check.code === "UNKNOWN_UNIT") throw errors.unknownUnit(`${field}.unit`, unitSpelling, check.accepted);
    throw errors.unitMismatch(`${field}.unit`, unitSpelling, resourceTypeId, check.accepted);
  }
  const resource = findResourceType(resourceTypeId)!;
  const hours = options.hoursPerYear ?? defaultHours(resource);
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_HOURS_PER_YEAR)
    throw errors.validationFailed([
      { field: "hoursPerYear", message: `operating hours must be in (0, ${MAX_HOURS_PER_YEAR}]` },
    ]);
  const factor =
    check.unit.perBase * periodsPerYear(check.unit.period, hours) * dimensionFactor(check.unit.dimension, resource)!;
  return { resource, unit: check.unit, hours, factor };
}

/**
 * Normalizes a declared quantity to the canonical unit of its resource.
 * @param quantity the value and unit as declared (value must be finite and > 0)
 * @param resourceTypeId taxonomy id, which decides the canonical unit and allowed units
 * @throws TurashError UNKNOWN_UNIT / UNIT_MISMATCH naming `<field>.unit` and listing accepted
 *   units; VALIDATION_FAILED for a bad value or hours; UNKNOWN_RESOURCE_TYPE
 */
export function normalizeQuantity(
  quantity: QuantityInput,
  resourceTypeId: string,
  options: NormalizeOptions = {},
): NormalizedQuantity {
  const field = options.field ?? "quantity";
  if (typeof quantity.value !== "number" || !Number.isFinite(quantity.value) || quantity.value <= 0)
    throw errors.validationFailed([{ field: `${field}.value`, message: "must be a finite number greater than 0" }]);
  const { resource, unit, hours, factor } = resolve(quantity.unit, resourceTypeId, options);
  const implausible = quantityValueProblem(quantity.value, quantity.unit);
  if (implausible) throw errors.validationFailed([{ field: `${field}.value`, message: implausible }]);
  const annual = quantity.value * factor;
  const base = {
    kind: resource.quantityKind,
    annual,
    unit: CANONICAL_UNIT[resource.quantityKind],
    hoursPerYear: hours,
    original: { value: quantity.value, unit: quantity.unit },
    assumptions: assumptionsFor(unit.dimension, resource),
  };
  if (resource.quantityKind !== "energy") return base;
  // A rate declared per hour or faster *is* a power; anything coarser only gives a mean.
  const isRate = unit.period === "instant" || unit.period === "hour" || unit.period === "minute" || unit.period === "second";
  return { ...base, peakKW: (annual * 1000) / hours, peakIsEstimate: !isRate };
}

/**
 * The inverse of {@link normalizeQuantity}: expresses a canonical annual amount in `unit`.
 * Used to show quantities in the user's own unit and by the seed generator.
 */
export function fromCanonical(
  annual: number,
  unit: string,
  resourceTypeId: string,
  options: NormalizeOptions = {},
): number {
  return annual / resolve(unit, resourceTypeId, options).factor;
}
