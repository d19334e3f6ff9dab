/** The hand-made region fixtures (test/fixtures/regions) and loaders for them. */
import { readFileSync } from "node:fs";
import type { Knex } from "knex";
import { loadRegionBoundaries, type GeoJsonFeatureCollection, type LoadRegionReport } from "../../spatial/regions.ts";

const read = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/regions/${name}`, import.meta.url), "utf8")) as GeoJsonFeatureCollection;

/** Two made-up municipalities at Kalundborg: 9901 west (with an island), 9902 east (with a hole). */
export const municipalities = () => read("kalundborg-municipalities.geojson");
/** One made-up NUTS2 region, DK02, containing both municipalities. */
export const zealand = () => read("zealand-nuts2.geojson");
/** Features to repair, merge or refuse. */
export const problems = () => read("problems.geojson");

/** Load the municipalities as level `municipality`. */
export const loadMunicipalities = (knex: Knex, collection = municipalities()): Promise<LoadRegionReport> =>
  loadRegionBoundaries(knex, collection, { level: "municipality", codeProperty: "KOMKODE", nameProperty: "NAVN", source: "kalundborg-municipalities.geojson" });

/** Load Zealand as level `nuts2`. */
export const loadZealand = (knex: Knex): Promise<LoadRegionReport> =>
  loadRegionBoundaries(knex, zealand(), { level: "nuts2", codeProperty: "NUTS_ID", nameProperty: "NUTS_NAME", source: "zealand-nuts2.geojson" });

/** Points of the story, as lat/lon. */
export const at = {
  kalundborgWest: { lat: 55.68, lon: 11.09 },
  westIsland: { lat: 55.88, lon: 11.14 },
  kalundborgEast: { lat: 55.65, lon: 11.27 },
  eastHole: { lat: 55.7, lon: 11.22 },
  sharedBorder: { lat: 55.7, lon: 11.15 },
  // Inside Zealand but in no municipality of the fixture.
  ringsted: { lat: 55.44, lon: 11.79 },
  // Far from every fixture polygon (the North Sea).
  northSea: { lat: 56.5, lon: 4.0 },
} as const;

/** Empty the region tables (the test database is this suite's own). */
export async function clearRegions(knex: Knex): Promise<void> {
  await knex.raw("truncate region_boundaries cascade");
}
