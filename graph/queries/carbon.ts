/**
 * What the carbon projection reads of the graph: every stored `:Match` with both of its
 * flows and their sites (where they are, for the grid zone; region; precision; yearly
 * quantity). The allocation that credits a shared supply once needs every match of a
 * supply together, so this reads the whole match graph, ordered by id for a stable result.
 */
import type { Driver } from "neo4j-driver";

/** One end of a match as stored. */
export interface CarbonEndRow {
  readonly flowId: string;
  readonly orgId: string;
  readonly siteId: string;
  readonly region: string | null;
  readonly country: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly resourceType: string;
  readonly precision: string;
  readonly annualQuantity: number;
  readonly canonicalUnit: string | null;
}

/** One stored match with its ends. */
export interface CarbonMatchRow {
  readonly id: string;
  readonly distanceKm: number;
  readonly annualValueEur: number;
  /** JSON text of the match's economics (matching/types.ts MatchEconomics). */
  readonly economics: string;
  readonly updatedAt: string;
  readonly supply: CarbonEndRow;
  readonly demand: CarbonEndRow;
}

const END = (f: string, s: string) => `{flowId: ${f}.id, orgId: ${f}.orgId, siteId: ${s}.id, region: ${s}.region, country: ${s}.country,
  lat: ${s}.location.latitude, lon: ${s}.location.longitude, resourceType: ${f}.resourceType, precision: ${f}.precision,
  annualQuantity: coalesce(${f}.annualQuantity, 0.0), canonicalUnit: ${f}.canonicalUnit}`;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const endOf = (e: Record<string, unknown>): CarbonEndRow => ({
  flowId: e.flowId as string,
  orgId: e.orgId as string,
  siteId: e.siteId as string,
  region: (e.region as string | null) ?? null,
  country: (e.country as string | null) ?? null,
  lat: num(e.lat),
  lon: num(e.lon),
  resourceType: e.resourceType as string,
  precision: (e.precision as string | null) ?? "estimated",
  annualQuantity: Number(e.annualQuantity),
  canonicalUnit: (e.canonicalUnit as string | null) ?? null,
});

/** Every stored match whose two flows and sites still exist. */
export async function readCarbonMatches(neo4j: Driver): Promise<CarbonMatchRow[]> {
  const { records } = await neo4j.executeQuery(
    `MATCH (m:Match)
     MATCH (ss:Site)-[:OFFERS]->(sf:ResourceFlow {id: m.supplyFlowId})
     MATCH (ds:Site)-[:NEEDS]->(df:ResourceFlow {id: m.demandFlowId})
     RETURN m.id AS id, coalesce(m.distanceKm, 0.0) AS distanceKm, coalesce(m.annualValueEur, 0.0) AS annualValueEur,
            coalesce(m.economics, '{}') AS economics, coalesce(toString(m.updatedAt), '') AS updatedAt,
            ${END("sf", "ss")} AS supply, ${END("df", "ds")} AS demand
     ORDER BY id`,
    {},
    { routing: "READ" },
  );
  return records.map((r) => ({
    id: r.get("id") as string,
    distanceKm: Number(r.get("distanceKm")),
    annualValueEur: Number(r.get("annualValueEur")),
    economics: r.get("economics") as string,
    updatedAt: r.get("updatedAt") as string,
    supply: endOf(r.get("supply") as Record<string, unknown>),
    demand: endOf(r.get("demand") as Record<string, unknown>),
  }));
}

/** One flow of an organization with its site, for its own carbon figures. */
export type CarbonFlowRow = CarbonEndRow & { readonly direction: "offer" | "need" };

/** The flows of one organization (its members see their exact figures). */
export async function readOrgFlows(neo4j: Driver, orgId: string): Promise<CarbonFlowRow[]> {
  const { records } = await neo4j.executeQuery(
    `MATCH (b:Business {id: $org})-[:OPERATES]->(s:Site)-[:OFFERS|NEEDS]->(f:ResourceFlow)
     RETURN f.direction AS direction, ${END("f", "s")} AS flow ORDER BY f.id`,
    { org: orgId },
    { routing: "READ" },
  );
  return records.map((r) => ({ direction: r.get("direction") as "offer" | "need", ...endOf(r.get("flow") as Record<string, unknown>) }));
}
