/**
 * What the map client needs besides the domain routes: its public configuration (a Mapbox
 * token when one is configured) and the sites of a bounding box as GeoJSON, anonymous
 * except the caller's own (name shown, `own: true`). No quantities leave this route.
 */
import { Router } from "express";
import { z } from "zod";
import { BBox } from "../../http/pagination.ts";
import { ResourceTypeIdSchema } from "../../../domain/schemas/resource-flow.ts";
import { mapSitesInBox } from "../../../spatial/map-sites.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import { orgIdsOf } from "../../auth/principal.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";

/** The most sites one map request returns; the response says when it cut. */
export const MAP_SITES_LIMIT = 5_000;

const SiteFeature = z.object({
  type: z.literal("Feature"),
  id: z.string(),
  geometry: z.object({ type: z.literal("Point"), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({
    id: z.string(),
    role: z.enum(["supplier", "consumer", "both", "none"]),
    resourceTypes: z.array(z.string()),
    own: z.boolean(),
    name: z.string().optional(),
  }),
});

/** Map routes. */
export function mapRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "get",
    path: "/client-config",
    tag: "map",
    summary: "Public configuration of the browser client: the Mapbox token when one is configured (else the client renders with MapLibre, offline)",
    policy: { public: true },
    responses: { 200: { description: "the configuration", schema: z.object({ mapboxAccessToken: z.string().nullable() }) } },
    handler: () => ({ status: 200, body: { mapboxAccessToken: ctx.config.map.mapboxAccessToken ?? null }, headers: { "Cache-Control": "no-cache" } }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/map/sites",
    tag: "map",
    summary: "Sites in a bounding box as a GeoJSON FeatureCollection: role (supplier, consumer, both), resource types, and names of your own sites only",
    policy: { roles: ANY_ROLE, scope: "flows:read" },
    query: z.object({
      bbox: BBox,
      resource_type: ResourceTypeIdSchema.optional(),
      limit: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: `must be 1–${MAP_SITES_LIMIT}` }).max(MAP_SITES_LIMIT, { error: `must be 1–${MAP_SITES_LIMIT}` }).default(MAP_SITES_LIMIT),
    }),
    responses: {
      200: { description: "the sites", schema: z.object({ type: z.literal("FeatureCollection"), features: z.array(SiteFeature), truncated: z.boolean() }) },
    },
    handler: async ({ principal, query }) => {
      const own = new Set(orgIdsOf(principal));
      const { rows, truncated } = await mapSitesInBox(ctx.knex, query.bbox, { limit: query.limit, resourceType: query.resource_type });
      const features = rows.map((r) => {
        const mine = own.has(r.orgId);
        return {
          type: "Feature" as const,
          id: r.siteId,
          geometry: { type: "Point" as const, coordinates: [r.lon, r.lat] as [number, number] },
          properties: { id: r.siteId, role: r.role, resourceTypes: r.resourceTypes, own: mine, ...(mine ? { name: r.name } : {}) },
        };
      });
      return { status: 200, body: { type: "FeatureCollection", features, truncated } };
    },
  });

  return router;
}
