/** The carbon projection, as data (projections/projection.ts): what it reads, adds and writes. */
import type { Projection } from "../projection.ts";
import { CARBON_METRICS, CARBON_PROJECTION, DELIVERY_METRICS } from "./rollup-rows.ts";

export const carbonProjection: Projection = {
  name: CARBON_PROJECTION,
  title: "Carbon",
  description: "Energy, water and CO2 of flows, and the CO2 avoided by matches and partnerships — potential, in progress, realised — credited once per supply, from emission factors with their sources and per-organization overrides.",
  reads: [
    { store: "cypher", module: "graph/queries/carbon.ts", name: "readCarbonMatches", purpose: "every stored match with both flows and sites" },
    { store: "cypher", module: "graph/queries/carbon.ts", name: "readOrgFlows", purpose: "an organization's flows with their sites" },
    { store: "cypher", module: "graph/queries/org-names.ts", name: "orgNames", purpose: "counterparts' names on revealed partnerships" },
    { store: "sql", module: "ledgers/deal-timelines.ts", name: "dealTimelines", purpose: "each proposal's status and deal steps in time order" },
    { store: "sql", module: "ledgers/emission-factor-overrides.ts", name: "overridesOf", purpose: "organizations' own factor values" },
    { store: "sql", module: "ledgers/match-disclosures.ts", name: "revealedMatchIds", purpose: "which partnerships may be listed with their counterpart" },
    { store: "sql", module: "ledgers/daily-rollups.ts", name: "rollupSeries", purpose: "the period's daily figures" },
    { store: "sql", module: "ledgers/alerts.ts", name: "everyAlert", purpose: "the threshold alerts evaluated after each rollup write" },
    { store: "sql", module: "ledgers/alerts.ts", name: "rollupSum", purpose: "an alert's figure summed over its window" },
  ],
  routes: [
    { method: "get", path: "/emission-factors", summary: "default factors with sources" },
    { method: "get", path: "/organizations/{id}/emission-factors", summary: "factors with the organization's overrides" },
    { method: "put", path: "/organizations/{id}/emission-factors/{factorId}", summary: "override a factor" },
    { method: "delete", path: "/organizations/{id}/emission-factors/{factorId}", summary: "remove an override" },
    { method: "get", path: "/organizations/{id}/carbon", summary: "CO2 by stage over a period" },
    { method: "get", path: "/organizations/{id}/carbon/sites", summary: "the organization's sites with their avoidable CO2 (map layer)" },
    { method: "get", path: "/organizations/{id}/carbon/report.csv", summary: "CSV report" },
    { method: "get", path: "/organizations/{id}/carbon/report.pdf", summary: "PDF report" },
    { method: "post", path: "/organizations/{id}/alerts", summary: "define a threshold alert" },
    { method: "get", path: "/organizations/{id}/alerts", summary: "the organization's alerts" },
    { method: "get", path: "/organizations/{id}/alerts/{alertId}", summary: "one alert" },
    { method: "put", path: "/organizations/{id}/alerts/{alertId}", summary: "change an alert" },
    { method: "delete", path: "/organizations/{id}/alerts/{alertId}", summary: "delete an alert" },
    { method: "get", path: "/organizations/{id}/alert-firings", summary: "the alerts' firings" },
    { method: "post", path: "/organizations/{id}/alert-firings/{firingId}/acknowledgement", summary: "acknowledge a firing" },
  ],
  mapLayers: [{ id: "carbon-sites", title: "Avoidable CO2 per site", geometry: "point", source: "/organizations/{id}/carbon/sites" }],
  rollups: [
    {
      table: "daily_rollups",
      grain: ["day", "projection", "organization_id", "site_id", "resource_type", "region_code", "stage", "party_role", "metric"],
      metrics: [...Object.keys(CARBON_METRICS), ...Object.keys(DELIVERY_METRICS)],
      rebuild: "rollups:rebuild",
      writer: "the matching worker's process (projections/carbon/rollup-worker.ts), after each batch of matches.updated; the threshold alerts are evaluated after each write (alert-evaluator.ts) and the kept match inputs older than CARBON_MATCH_DAYS_RETENTION_DAYS pruned",
    },
  ],
};
