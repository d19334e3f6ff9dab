/** The civic projection, as data (projections/projection.ts): what it reads, adds and draws. It writes no rollup: its only table, civic_published_sets, is a ledger of what was published, not derived from the graph. */
import type { Projection } from "../projection.ts";
import { CIVIC_PROJECTION } from "./release.ts";

export const civicProjection: Projection = {
  name: CIVIC_PROJECTION,
  title: "Civic",
  description:
    "Anonymized regional aggregates for municipalities, without login: supply and demand by resource type, matched potential, avoidable CO2, active partnerships and companies, per region and per H3 hexagon, k-anonymous with k = 3 (docs/civic-disclosure.md); the same figures as open data (CSV, GeoJSON, DCAT-AP).",
  reads: [
    { store: "sql", module: "spatial/civic-facts.ts", name: "civicRegion", purpose: "a loaded region's boundary box" },
    { store: "sql", module: "spatial/civic-facts.ts", name: "civicRegionList", purpose: "every loaded region, for the picker" },
    { store: "sql", module: "spatial/civic-facts.ts", name: "civicRegionOutline", purpose: "a loaded region's simplified boundary, for the map" },
    { store: "sql", module: "spatial/civic-facts.ts", name: "civicSitesInBox", purpose: "sites around the region with their points" },
    { store: "sql", module: "spatial/civic-facts.ts", name: "civicFlowsInBox", purpose: "flows around the region with their yearly quantity" },
    { store: "sql", module: "spatial/civic-facts.ts", name: "pointsInRegion", purpose: "which hexagon centres lie in the region" },
    { store: "sql", module: "ledgers/daily-rollups.ts", name: "latestRollupDay", purpose: "the carbon rollups' latest day" },
    { store: "sql", module: "spatial/civic-facts.ts", name: "civicSiteRollupsInBox", purpose: "that day's credited deliveries, partnerships and CO2 avoided per receiving site around the region (the carbon rollups, not a recomputation of the graph's matches)" },
    { store: "sql", module: "ledgers/civic-published-sets.ts", name: "publishedSetsOf", purpose: "the organization sets earlier releases published (two-dates rule); recordPublishedSets appends this release's" },
  ],
  routes: [
    { method: "get", path: "/public/regions", summary: "loaded regions for the picker" },
    { method: "get", path: "/public/regions/{code}/summary", summary: "a region's totals" },
    { method: "get", path: "/public/regions/{code}/outline", summary: "a region's boundary as GeoJSON for the map" },
    { method: "get", path: "/public/regions/{code}/cells", summary: "a region's hexagons for the heat map" },
    { method: "get", path: "/public/regions/{code}/civic.csv", summary: "open data as CSV" },
    { method: "get", path: "/public/regions/{code}/civic.geojson", summary: "open data as GeoJSON" },
    { method: "get", path: "/public/regions/{code}/dataset.jsonld", summary: "DCAT-AP dataset description" },
    { method: "get", path: "/public/civic/dictionary", summary: "data dictionary" },
  ],
  mapLayers: [
    { id: "civic-city", title: "Symbiosis potential per city hexagon (H3 7)", geometry: "h3", source: "/public/regions/{code}/cells" },
  ],
  rollups: [],
};
