/**
 * A day's carbon rollup rows from the matches' carbon: for each match, a row per party
 * (the supplier's site and offer type, the receiver's site and need type) and metric, at
 * a yearly figure / 365 per day. An organization's totals count each match it is a party
 * to; a region's totals are the receivers' rows only, so no match counts twice there.
 *
 * Besides the carbon figures, two the civic projection reads per receiving site (so a
 * region's release sums the rows of its sites instead of recomputing the credited-once
 * allocation of the whole graph): the credited delivery in the need's canonical unit, on
 * the receiver's row only, and a count of partnerships (matches in progress or realised)
 * on both parties' rows — a count per day, not a yearly figure / 365.
 */
import { findResourceType } from "../../domain/taxonomy.ts";
import type { RollupRow } from "../../ledgers/daily-rollups.ts";
import type { MatchCarbon } from "./compute.ts";

export const CARBON_PROJECTION = "carbon";

/** Metrics written per grain, with their unit. */
export const CARBON_METRICS = {
  co2_avoided_t: "tCO2",
  co2_avoided_low_t: "tCO2",
  co2_avoided_high_t: "tCO2",
  energy_mwh: "MWh",
  water_m3: "m³",
} as const;
export type CarbonMetric = keyof typeof CARBON_METRICS;

/**
 * The figures the civic projection needs that the carbon metrics lack: the credited delivery
 * of every resource (energy_mwh and water_m3 hold energy and water only), in the need's
 * canonical unit (the row's unit says which), and the partnerships. Not alert metrics.
 */
export const DELIVERY_METRICS = {
  delivered_quantity: "the need's canonical unit (MWh, t or m³)",
  partnerships: "count",
} as const;
export type DeliveryMetric = keyof typeof DELIVERY_METRICS;

const DAYS_PER_YEAR = 365;
const CANONICAL_UNIT = { energy: "MWh", mass: "t", volume: "m³" } as const;
/** The canonical unit of a resource type's quantities (unknown types count as energy, as the taxonomy's default kind). */
const canonicalUnit = (resourceType: string) => CANONICAL_UNIT[findResourceType(resourceType)?.quantityKind ?? "energy"];

/** The rows of `day` (YYYY-MM-DD), identical grains summed. */
export function rollupRowsFor(day: string, carbon: readonly MatchCarbon[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  const add = (orgId: string, siteId: string, resourceType: string, regionCode: string, stage: string, partyRole: string, metric: CarbonMetric | DeliveryMetric, perDay: number) => {
    if (perDay === 0) return;
    const key = [orgId, siteId, resourceType, regionCode, stage, partyRole, metric].join("\u0000");
    const had = rows.get(key);
    const value = perDay + (had?.value ?? 0);
    const unit = metric === "delivered_quantity" ? canonicalUnit(resourceType) : metric === "partnerships" ? DELIVERY_METRICS.partnerships : CARBON_METRICS[metric];
    rows.set(key, { day, projection: CARBON_PROJECTION, organizationId: orgId, siteId, resourceType, regionCode, stage, partyRole, metric, value, unit });
  };
  for (const c of carbon) {
    for (const [role, side] of [["supplier", c.supply], ["receiver", c.demand]] as const) {
      const put = (metric: CarbonMetric | DeliveryMetric, perDay: number) => add(side.orgId, side.siteId, side.resourceType, side.regionCode, c.stage, role, metric, perDay);
      put("co2_avoided_t", c.co2AvoidedT.mid / DAYS_PER_YEAR);
      put("co2_avoided_low_t", c.co2AvoidedT.low / DAYS_PER_YEAR);
      put("co2_avoided_high_t", c.co2AvoidedT.high / DAYS_PER_YEAR);
      put("energy_mwh", c.energyMWh / DAYS_PER_YEAR);
      put("water_m3", c.waterM3 / DAYS_PER_YEAR);
      // What reaches the receiver, in its need's unit: the supplier's row would put it under the offer's type.
      if (role === "receiver") put("delivered_quantity", c.allocation.deliveredQuantity / DAYS_PER_YEAR);
      if (c.stage !== "potential") put("partnerships", 1);
    }
  }
  return [...rows.values()].map((r) => ({ ...r, value: Number(r.value.toPrecision(12)) }));
}

/** The UTC days from `from` to `to` inclusive (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
