/**
 * A day's carbon rollup rows from the matches' carbon: for each match, a row per party
 * (the supplier's site and offer type, the receiver's site and need type) and metric, at
 * a yearly figure / 365 per day. An organization's totals count each match it is a party
 * to; a region's totals are the receivers' rows only, so no match counts twice there.
 */
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

const DAYS_PER_YEAR = 365;

/** The rows of `day` (YYYY-MM-DD), identical grains summed. */
export function rollupRowsFor(day: string, carbon: readonly MatchCarbon[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  const add = (orgId: string, siteId: string, resourceType: string, regionCode: string, stage: string, partyRole: string, metric: CarbonMetric, yearly: number) => {
    if (yearly === 0) return;
    const key = [orgId, siteId, resourceType, regionCode, stage, partyRole, metric].join("\u0000");
    const had = rows.get(key);
    const value = yearly / DAYS_PER_YEAR + (had?.value ?? 0);
    rows.set(key, { day, projection: CARBON_PROJECTION, organizationId: orgId, siteId, resourceType, regionCode, stage, partyRole, metric, value, unit: CARBON_METRICS[metric] });
  };
  for (const c of carbon) {
    for (const [role, side] of [["supplier", c.supply], ["receiver", c.demand]] as const) {
      const put = (metric: CarbonMetric, yearly: number) => add(side.orgId, side.siteId, side.resourceType, side.regionCode, c.stage, role, metric, yearly);
      put("co2_avoided_t", c.co2AvoidedT.mid);
      put("co2_avoided_low_t", c.co2AvoidedT.low);
      put("co2_avoided_high_t", c.co2AvoidedT.high);
      put("energy_mwh", c.energyMWh);
      put("water_m3", c.waterM3);
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
