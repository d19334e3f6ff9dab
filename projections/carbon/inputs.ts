/** A stored match (graph/queries/carbon.ts) as the carbon computation takes it. */
import type { CarbonEndRow, CarbonMatchRow } from "../../graph/queries/carbon.ts";
import type { CarbonMatchInput, MatchEnd } from "./compute.ts";

const end = (e: CarbonEndRow): MatchEnd => ({
  flowId: e.flowId,
  orgId: e.orgId,
  siteId: e.siteId,
  // A site's reported region, else its country; "unknown" keeps the row rather than dropping it.
  regionCode: e.region ?? e.country ?? "unknown",
  resourceType: e.resourceType,
  precision: e.precision,
  annualQuantity: e.annualQuantity,
  country: e.country,
  lat: e.lat,
  lon: e.lon,
});

const parse = (text: string): Record<string, unknown> => {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};
const finite = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) ? v : fallback);

/** The match's economics read back; a match stored without economics delivers nothing. */
export function carbonInput(row: CarbonMatchRow): CarbonMatchInput {
  const e = parse(row.economics);
  return {
    id: row.id,
    supply: end(row.supply),
    demand: end(row.demand),
    distanceKm: row.distanceKm,
    transportMode: typeof e.transportMode === "string" ? e.transportMode : "unknown",
    suppliedQuantity: finite(e.suppliedQuantity, 0),
    deliveredQuantity: finite(e.deliveredQuantity, 0),
    unit: typeof e.unit === "string" ? e.unit : (row.demand.canonicalUnit ?? "").replace(/\/yr$/, ""),
    annualValueEur: row.annualValueEur,
    uncertainty: finite(e.uncertainty, 0.3),
  };
}
