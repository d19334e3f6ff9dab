/**
 * Resource compatibility as data (compatibility.json) compiled into dense numeric
 * tables so the hot path answers "can offer type A feed need type B?" with one array read.
 */
import data from "./compatibility.json" with { type: "json" };
import { RESOURCE_TYPES } from "../domain/taxonomy.ts";

/** How temperature is checked for a pair: not at all, heat (hot enough), cold (cold enough). */
export const Thermal = { None: 0, Heat: 1, Cold: 2 } as const;

/** Regulatory rule attached to a pair (animal by-products, Reg. (EC) 1069/2009). */
export const PairRule = { None: 0, AbpNotCategory1: 1, AbpCategory3Only: 3 } as const;

/** One compiled compatibility rule: offer type → need type. */
export interface CompatibilityRule {
  readonly offer: string;
  readonly need: string;
  readonly use: string;
  readonly conversion: string;
  /** Need units per supply unit. */
  readonly efficiency: number;
  /** € per need unit delivered (consumer's avoided cost when the flow gives none). */
  readonly valueEurPerUnit: number;
  /** tCO2 avoided per need unit delivered. */
  readonly co2PerUnit: number;
  readonly conversionCostEurPerUnit: number;
  readonly thermal: number;
  readonly heatPumpable: boolean;
  /** NaN when there is no minimum. */
  readonly minSupplyTemperatureC: number;
  readonly rule: number;
  /** Literature or BREF behind the pair, when the data names one. */
  readonly source?: string;
}

interface RawPair {
  offer: string;
  need: string;
  use: string;
  conversion: string;
  efficiency: number;
  valueEurPerUnit?: number;
  co2PerUnit?: number;
  conversionCostEurPerUnit?: number;
  thermal?: boolean;
  heatPumpable?: boolean;
  minSupplyTemperatureC?: number;
  rule?: string;
  source?: string;
}

const needDefaults = data.needDefaults as Record<string, { valueEurPerUnit: number; co2PerUnit: number }>;
const rawPairs = data.pairs as RawPair[];
const rawForbidden = data.forbidden as { offer: string; need: string; reason: string }[];

/** Taxonomy ids in index order; the numeric tables are indexed by these positions. */
export const TYPE_IDS: readonly string[] = RESOURCE_TYPES.map((t) => t.id);
/** Number of resource types. */
export const TYPE_COUNT = TYPE_IDS.length;
const typeIndexById = new Map(TYPE_IDS.map((id, i) => [id, i]));

/** Index of a taxonomy id, or -1 when unknown. */
export function typeIndex(id: string): number {
  return typeIndexById.get(id) ?? -1;
}

/** Default search radius (km) per type index, from the taxonomy. */
export const TYPE_RADIUS_KM: Float64Array = Float64Array.from(RESOURCE_TYPES, (t) => t.radiusKm);
/** 1 when the taxonomy marks the type hazardous by default. */
export const TYPE_HAZARDOUS: Uint8Array = Uint8Array.from(RESOURCE_TYPES, (t) => (t.hazardous ? 1 : 0));

const HEAT_TYPES = new Set(["waste_heat_low", "waste_heat_high", "steam", "process_heat"]);

function ruleCode(name: string | undefined): number {
  if (name === undefined) return PairRule.None;
  if (name === "abp_not_category_1") return PairRule.AbpNotCategory1;
  if (name === "abp_category_3_only") return PairRule.AbpCategory3Only;
  throw new Error(`compatibility.json: unknown rule "${name}"`);
}

function compile(p: RawPair): CompatibilityRule {
  if (typeIndex(p.offer) < 0 || typeIndex(p.need) < 0) {
    throw new Error(`compatibility.json: unknown resource type in pair ${p.offer} -> ${p.need}`);
  }
  const d = needDefaults[p.need];
  const cold = p.offer === "cooling" && p.need === "cooling";
  return Object.freeze({
    offer: p.offer,
    need: p.need,
    use: p.use,
    conversion: p.conversion,
    efficiency: p.efficiency,
    valueEurPerUnit: p.valueEurPerUnit ?? d?.valueEurPerUnit ?? 5,
    co2PerUnit: p.co2PerUnit ?? d?.co2PerUnit ?? 0,
    conversionCostEurPerUnit: p.conversionCostEurPerUnit ?? 0,
    thermal: cold ? Thermal.Cold : p.thermal ? Thermal.Heat : Thermal.None,
    heatPumpable: p.heatPumpable ?? false,
    minSupplyTemperatureC: p.minSupplyTemperatureC ?? Number.NaN,
    rule: ruleCode(p.rule),
    ...(p.source ? { source: p.source } : {}),
  });
}

const rules: CompatibilityRule[] = [];
/** T×T table: rule index for (offer, need), or -1. */
export const RULE_AT: Int32Array = new Int32Array(TYPE_COUNT * TYPE_COUNT).fill(-1);
/** T×T table: index into FORBIDDEN for regulatory bans, or -1. */
export const FORBIDDEN_AT: Int32Array = new Int32Array(TYPE_COUNT * TYPE_COUNT).fill(-1);

for (const p of rawPairs) {
  const r = compile(p);
  const at = typeIndex(p.offer) * TYPE_COUNT + typeIndex(p.need);
  if (RULE_AT[at] !== -1) throw new Error(`compatibility.json: duplicate pair ${p.offer} -> ${p.need}`);
  RULE_AT[at] = rules.length;
  rules.push(r);
}
/** Regulatory bans, with their reasons. */
export const FORBIDDEN: readonly { readonly offer: string; readonly need: string; readonly reason: string }[] =
  rawForbidden.map((f) => Object.freeze({ ...f }));
FORBIDDEN.forEach((f, i) => {
  const a = typeIndex(f.offer);
  const b = typeIndex(f.need);
  if (a < 0 || b < 0) throw new Error(`compatibility.json: unknown type in forbidden ${f.offer} -> ${f.need}`);
  FORBIDDEN_AT[a * TYPE_COUNT + b] = i;
});
// Same type feeds same type unless a ban or an explicit entry says otherwise.
for (let i = 0; i < TYPE_COUNT; i++) {
  const at = i * TYPE_COUNT + i;
  if (RULE_AT[at] !== -1 || FORBIDDEN_AT[at] !== -1) continue;
  const id = TYPE_IDS[i]!;
  RULE_AT[at] = rules.length;
  rules.push(
    compile({
      offer: id,
      need: id,
      use: "same resource",
      conversion: "none",
      efficiency: 1,
      thermal: HEAT_TYPES.has(id) || id === "cooling",
      heatPumpable: id === "waste_heat_low" || id === "process_heat",
    }),
  );
}

/** Every compatibility rule, explicit pairs first, then same-type defaults. */
export const RULES: readonly CompatibilityRule[] = rules;

// Struct-of-arrays copies for the hot path (no object property loads per pair).
export const RULE_EFFICIENCY: Float64Array = Float64Array.from(rules, (r) => r.efficiency);
export const RULE_VALUE: Float64Array = Float64Array.from(rules, (r) => r.valueEurPerUnit);
export const RULE_CO2: Float64Array = Float64Array.from(rules, (r) => r.co2PerUnit);
export const RULE_CONVERSION_COST: Float64Array = Float64Array.from(rules, (r) => r.conversionCostEurPerUnit);
export const RULE_THERMAL: Uint8Array = Uint8Array.from(rules, (r) => r.thermal);
export const RULE_HEAT_PUMPABLE: Uint8Array = Uint8Array.from(rules, (r) => (r.heatPumpable ? 1 : 0));
export const RULE_MIN_SUPPLY_C: Float64Array = Float64Array.from(rules, (r) => r.minSupplyTemperatureC);
export const RULE_CODE: Uint8Array = Uint8Array.from(rules, (r) => r.rule);

/** The rule letting `offer` feed `need`, or undefined when incompatible or banned. */
export function findCompatibility(offer: string, need: string): CompatibilityRule | undefined {
  const a = typeIndex(offer);
  const b = typeIndex(need);
  if (a < 0 || b < 0) return undefined;
  const r = RULE_AT[a * TYPE_COUNT + b]!;
  return r < 0 ? undefined : rules[r];
}

/** The regulatory reason `offer` may not feed `need`, or undefined. */
export function forbiddenReason(offer: string, need: string): string | undefined {
  const a = typeIndex(offer);
  const b = typeIndex(need);
  if (a < 0 || b < 0) return undefined;
  const f = FORBIDDEN_AT[a * TYPE_COUNT + b]!;
  return f < 0 ? undefined : FORBIDDEN[f]!.reason;
}

/** Need types an offer type can feed (for the spatial prefilter's type list). */
export function needTypesFor(offer: string): string[] {
  return rules.filter((r) => r.offer === offer).map((r) => r.need);
}

/** Offer types that can feed a need type. */
export function offerTypesFor(need: string): string[] {
  return rules.filter((r) => r.need === need).map((r) => r.offer);
}
