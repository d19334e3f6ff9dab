/**
 * The services projection, as data (projections/projection.ts): facilitators and service
 * providers as `:Service` nodes of the graph — the regions each serves, its expertise by
 * resource type, capacity and load — and the routing of facilitated matches to the
 * best-fitting facilitator (the rule: matching/service-routing.ts; the step:
 * match-service/service-routing.ts). It writes no rollup: load is counted from the graph.
 */
import type { Projection } from "../projection.ts";

export const servicesProjection: Projection = {
  name: "services",
  title: "Services and facilitator marketplace",
  description:
    "Facilitators and service providers (engineering, logistics, maintenance, permitting) an organization lists, with the regions they serve, their expertise by resource type and their free capacity; facilitated matches are routed to the facilitator who fits them, with the reason, or to the shared queue. The marketplace is for logged-in users.",
  reads: [
    { store: "cypher", module: "graph/queries/services.ts", name: "servicesOfOrg", purpose: "an organization's services with their load" },
    { store: "cypher", module: "graph/queries/services.ts", name: "findService", purpose: "one service of an organization" },
    { store: "cypher", module: "graph/queries/services.ts", name: "servicesServing", purpose: "the services serving a set of regions (the marketplace)" },
    { store: "cypher", module: "graph/queries/services.ts", name: "routeUnroutedMatches", purpose: "facilitation services with their load, under lock, to route facilitated matches" },
    { store: "sql", module: "spatial/service-regions.ts", name: "flowRegionChains", purpose: "every region a match's supply site lies in, most specific first" },
    { store: "sql", module: "spatial/service-regions.ts", name: "enclosingRegions", purpose: "a region and the regions containing it" },
    { store: "sql", module: "spatial/service-regions.ts", name: "regionsByCode", purpose: "names of the regions served" },
  ],
  routes: [
    { method: "post", path: "/organizations/{id}/services", summary: "list a service" },
    { method: "get", path: "/organizations/{id}/services", summary: "the organization's services" },
    { method: "get", path: "/organizations/{id}/services/{serviceId}", summary: "one service" },
    { method: "put", path: "/organizations/{id}/services/{serviceId}", summary: "change a service" },
    { method: "delete", path: "/organizations/{id}/services/{serviceId}", summary: "withdraw a service" },
    { method: "get", path: "/marketplace", summary: "a region's providers by resource type" },
  ],
  mapLayers: [],
  rollups: [],
};
