/**
 * The carbon map layer's features (`GET /organizations/{id}/carbon/sites`): one point per
 * site of the organization with the CO2 its matches avoid there — potential, in progress
 * and realised, per year, credited once as everywhere in the projection — summed over the
 * matches the site is a party to. Only the organization's own sites are placed: a
 * counterpart's location is not the viewer's to see (DESIGN.md, "Trust and disclosure"),
 * and figures before live are rounded to two significant digits as the summary's are, so
 * a site with one match does not give away the counterpart's exact quantity.
 */
import type { Knex } from "knex";
import type { CarbonSiteProperties } from "../../contract/carbon.ts";
import type { Driver } from "neo4j-driver";
import { readOrgFlows } from "../../graph/queries/carbon.ts";
import { CARBON_STAGES, type CarbonStage } from "./compute.ts";
import { carbonAt } from "./service.ts";

export type { CarbonSiteProperties } from "../../contract/carbon.ts";

export type CarbonSiteFeature = GeoJSON.Feature<GeoJSON.Point, CarbonSiteProperties>;

const LATEST = "9999-12-31T23:59:59.999Z";
const sig2 = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(2)));

/** The organization's sites with their avoidable CO2, as GeoJSON. Authorization is the caller's. */
export async function carbonSiteLayer(stores: { neo4j: Driver; knex: Knex }, orgId: string): Promise<GeoJSON.FeatureCollection<GeoJSON.Point, CarbonSiteProperties>> {
  const [carbon, flows] = await Promise.all([carbonAt(stores, LATEST), readOrgFlows(stores.neo4j, orgId)]);
  const sites = new Map<string, { lon: number; lat: number }>();
  for (const f of flows) if (f.lat !== null && f.lon !== null) sites.set(f.siteId, { lon: f.lon, lat: f.lat });
  type Sum = Record<CarbonStage, number> & { low: number; high: number; matches: number };
  const sums = new Map<string, Sum>();
  for (const c of carbon) {
    // A match inside the organization counts at both of its sites.
    for (const end of [c.supply, c.demand]) {
      if (end.orgId !== orgId || !sites.has(end.siteId)) continue;
      const s = sums.get(end.siteId) ?? sums.set(end.siteId, { potential: 0, in_progress: 0, realised: 0, low: 0, high: 0, matches: 0 }).get(end.siteId)!;
      s[c.stage] += c.co2AvoidedT.mid;
      s.low += c.co2AvoidedT.low;
      s.high += c.co2AvoidedT.high;
      s.matches += 1;
    }
  }
  const features: CarbonSiteFeature[] = [];
  for (const [siteId, at] of sites) {
    const s = sums.get(siteId);
    if (!s) continue;
    const stage = Object.fromEntries(CARBON_STAGES.map((st) => [st, st === "realised" ? Number(s[st].toFixed(3)) : sig2(s[st])])) as Record<CarbonStage, number>;
    const exact = s.potential === 0 && s.in_progress === 0;
    const present = (x: number) => (exact ? Number(x.toFixed(3)) : sig2(x));
    features.push({
      type: "Feature",
      geometry: { type: "Point", coordinates: [at.lon, at.lat] },
      properties: { siteId, co2TPerYear: present(s.potential + s.in_progress + s.realised), co2LowTPerYear: present(s.low), co2HighTPerYear: present(s.high), ...stage, matches: s.matches },
    });
  }
  return { type: "FeatureCollection", features: features.sort((a, b) => a.properties.siteId.localeCompare(b.properties.siteId)) };
}
