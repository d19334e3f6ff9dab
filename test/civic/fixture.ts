/**
 * The civic story, shared by the api test and the browser test: three neighbouring city
 * hexagons of the made-up municipality Kalundborg Vest (9901) under one country hexagon —
 * A with three heat suppliers and a steam works alone in steam, B with three greenhouses
 * each matched with a supplier, C with one smelter alone — and today's carbon rollups.
 */
import { cellToLatLng, cellToParent } from "h3-js";
import { expect } from "vitest";
import { writeBusinesses, writeFlows, writeSites } from "../../ingest/write-path.ts";
import { writeTodayRollups } from "../../projections/carbon/service.ts";
import { COUNTRY_RESOLUTION } from "../../projections/civic/disclosure.ts";
import type { Connections } from "../../platform/connect/connections.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { writeContext } from "../helpers/stores.ts";
import { clearRegions, loadMunicipalities, loadZealand } from "../regions/fixtures.ts";

export const A = "871f234b2ffffff";
export const B = "871f23494ffffff";
export const C = "871f234b3ffffff";
export const P = cellToParent(A, COUNTRY_RESOLUTION);
const centre = (cell: string) => {
  const [lat, lon] = cellToLatLng(cell);
  return { lat, lon };
};

/** The figures no public answer may contain or let anyone derive. */
export const SECRET = { lone: 4242, steam: 777 } as const;

type Flow = { direction: "offer" | "need"; resourceType: string; mwh: number };

/** A company with one site at the centre of `cell` and these flows; returns the flows' ids. */
export async function aCompanyIn(stores: Connections, name: string, cell: string, flows: readonly Flow[]): Promise<string[]> {
  const ctx = writeContext(stores);
  const biz = aBusiness({ name });
  await writeBusinesses(ctx, [biz]);
  const site = aSite(biz.externalId, { name: `${name} plant`, ...centre(cell) });
  await writeSites(ctx, [site]);
  const written = flows.map((f) => aFlow(site.externalId, { direction: f.direction, resourceType: f.resourceType, quantity: { value: f.mwh, unit: "MWh/yr" }, quality: { temperatureC: f.direction === "offer" ? 70 : 45 } }));
  const res = await writeFlows(ctx, written);
  expect(res.rejected).toEqual([]);
  return written.map((f) => f.externalId);
}

/** Forget the cached releases of the story's regions (they live for minutes). */
export async function forgetCivicReleases(stores: Connections): Promise<void> {
  for (const code of ["9901", "9902", "DK02"]) for (const level of ["*", "municipality", "nuts2"]) await stores.redis.del(`civic:release:${level}:${code}`);
}

/** Write the story into emptied stores; returns every organization name written. */
export async function aCivicWorld(stores: Connections): Promise<string[]> {
  const names: string[] = [];
  await clearRegions(stores.db.knex);
  await loadZealand(stores.db.knex);
  await loadMunicipalities(stores.db.knex);
  // Releases of an earlier run are cached for minutes, and their published sets remembered: forget both.
  await stores.db.knex("civic_published_sets").delete();
  await forgetCivicReleases(stores);
  const aCompany = async (name: string, cell: string, flows: Flow[]) => {
    names.push(name);
    return aCompanyIn(stores, name, cell, flows);
  };
  /** A stored match as the matching worker writes one, delivering `mwh` a year. */
  async function aMatch(id: string, supply: string, demand: string, mwh: number) {
    const economics = { transportMode: "heat_pipe", suppliedQuantity: mwh / 0.95, deliveredQuantity: mwh, unit: "MWh", uncertainty: 0.2, annualSavingsEur: 10_000 };
    await stores.neo4j.executeQuery(
      `MATCH (s:ResourceFlow {id: $s}), (d:ResourceFlow {id: $d})
       CREATE (:Match {id: $id, supplyFlowId: $s, demandFlowId: $d, supplyOrgId: s.orgId, demandOrgId: d.orgId, offerType: s.resourceType, needType: d.resourceType,
                       score: 0.8, route: 'auto', distanceKm: 1.5, annualValueEur: 10000.0, supplyQuantity: s.annualQuantity, demandQuantity: d.annualQuantity,
                       factors: '{}', economics: $e, relaxed: false, updatedAt: toString(datetime())})`,
      { id, s: supply, d: demand, e: JSON.stringify(economics) },
    );
  }
  const supplies: string[] = [];
  for (const [i, mwh] of [1000, 2000, 3000].entries()) supplies.push((await aCompany(`Heat Supplier ${i}`, A, [{ direction: "offer", resourceType: "waste_heat_low", mwh }]))[0]!);
  await aCompany("Lone Steam Works", A, [{ direction: "offer", resourceType: "steam", mwh: SECRET.steam }]);
  for (const [i, mwh] of [500, 600, 700].entries()) {
    const [need] = await aCompany(`Greenhouse ${i}`, B, [{ direction: "need", resourceType: "process_heat", mwh }]);
    await aMatch(`civic-m${i}-${Date.now()}`, supplies[i]!, need!, 400);
  }
  await aCompany("Solo Smelter", C, [{ direction: "offer", resourceType: "waste_heat_low", mwh: SECRET.lone }]);
  await writeTodayRollups({ neo4j: stores.neo4j, knex: stores.db.knex });
  return names;
}
