/**
 * What the map client needs besides the domain routes: its public configuration (a Mapbox
 * token when one is configured) and the sites of a bounding box as GeoJSON: your own and
 * public organizations' sites as named points, confidential ones only as H3 cells
 * (presenter.ts). No quantities leave this route.
 */
import { Router } from "express";
import { z } from "zod";
import { explanations, wire } from "../../http/wire.ts";
import { BBox } from "../../http/pagination.ts";
import { ResourceTypeIdSchema } from "../../../domain/schemas/resource-flow.ts";
import { mapSites, searchNamedOrganizations } from "../../commands/map.ts";
import { mapFeatures, orgSearchItems } from "./presenter.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { basemapRoutes } from "./basemap.ts";

/** The most sites one map request returns; the response says when it cut. */
export const MAP_SITES_LIMIT = 5_000;

const SiteFeature = z.object({
  type: z.literal("Feature"),
  id: wire.id(),
  geometry: z.object({ type: z.literal("Point"), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({
    kind: z.enum(["site", "cell"]).describe("site: your own or a public organization's; cell: confidential sites, shown only as their H3 cell"),
    id: wire.id(),
    cell: wire.code().optional(),
    role: z.enum(["supplier", "consumer", "both", "none"]),
    resourceTypes: explanations(),
    own: z.boolean(),
    name: wire.name().optional(),
    orgName: wire.name().optional().describe("sites: the organization's name (your own, public, or revealed by a match)"),
    sites: z.number().int().optional().describe("cells: how many sites"),
  }),
});

/** The most organizations one search answers. */
export const ORG_SEARCH_LIMIT = 20;
/** The most sites one found organization lists. */
export const ORG_SEARCH_SITES = 50;

const OrgSearchItem = z.object({
  name: wire.name(),
  own: z.boolean().describe("one of the caller's organizations"),
  sites: z.array(z.object({ id: wire.id(), name: wire.name(), lon: z.number(), lat: z.number() })).max(ORG_SEARCH_SITES).describe("its sites, with the ids the map's named points carry"),
});

/** Map routes. */
export function mapRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "get",
    path: "/client-config",
    tag: "map",
    summary: "Public configuration of the browser client: the Mapbox token and the map style when configured (else the client renders with MapLibre on the offline basemap)",
    description: "What the browser client needs before anyone logs in: the map style URL and Mapbox token when the deployment configured them (otherwise the client draws the offline basemap with MapLibre), and nothing private.",
    policy: { public: true },
    responses: { 200: { description: "the configuration", schema: z.object({ mapboxAccessToken: wire.token().nullable(), mapStyleUrl: wire.token().nullable().describe("MAP_STYLE_URL: a MapLibre style with streets and buildings; null: the offline basemap") }) } },
    handler: () => ({ status: 200, body: { mapboxAccessToken: ctx.config.map.mapboxAccessToken ?? null, mapStyleUrl: ctx.config.map.styleUrl ?? null }, headers: { "Cache-Control": "no-cache" } }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/map/sites",
    tag: "map",
    summary: "Sites in a bounding box as GeoJSON: your own and public organizations' sites as named points, confidential organizations' only as H3 cells with roles and resource types",
    description: "Sites in a bounding box (`bbox` = west,south,east,north) as a GeoJSON FeatureCollection for the map: the caller's own and public organizations' sites as named points with their flows' resource types; confidential organizations' sites only as H3 cells carrying roles and resource types, never a point or a name.",
    policy: { roles: ANY_ROLE, scope: "flows:read" },
    query: z.object({
      bbox: BBox,
      resource_type: ResourceTypeIdSchema.optional(),
      limit: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: `must be 1–${MAP_SITES_LIMIT}` }).max(MAP_SITES_LIMIT, { error: `must be 1–${MAP_SITES_LIMIT}` }).default(MAP_SITES_LIMIT),
    }),
    responses: {
      200: { description: "the sites", schema: z.object({ type: z.literal("FeatureCollection"), features: z.array(SiteFeature).max(MAP_SITES_LIMIT), truncated: z.boolean() }) },
    },
    handler: async ({ principal, query }) => {
      const { rows, truncated, ownOrgs, namedOrgs, orgNames } = await mapSites(ctx, principal, query.bbox, { limit: query.limit, resourceType: query.resource_type });
      return { status: 200, body: { type: "FeatureCollection", features: mapFeatures(rows, ownOrgs, namedOrgs, orgNames), truncated } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/map/organizations/search",
    tag: "map",
    summary: "Organizations the caller may name, found by name with their sites, for the map's search box (never a confidential one)",
    description: "Organizations whose name contains `q` (case ignored) that the caller may see by name — its own, public organizations, and those a match was revealed with — each with its sites' names and points, wherever they are. A confidential organization is never found by its name, as it is never named on the map.",
    policy: { roles: ANY_ROLE, scope: "flows:read" },
    query: z.object({
      q: wire.name().min(2, { error: "must be at least 2 characters" }),
      limit: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: `must be 1–${ORG_SEARCH_LIMIT}` }).max(ORG_SEARCH_LIMIT, { error: `must be 1–${ORG_SEARCH_LIMIT}` }).default(6),
    }),
    responses: { 200: { description: "the organizations found", schema: z.object({ items: z.array(OrgSearchItem).max(ORG_SEARCH_LIMIT) }) } },
    handler: async ({ principal, query }) => ({ status: 200, body: { items: orgSearchItems(await searchNamedOrganizations(ctx, principal, query.q, query.limit, ORG_SEARCH_SITES)) } }),
  });

  router.use(basemapRoutes(registry));
  return router;
}
