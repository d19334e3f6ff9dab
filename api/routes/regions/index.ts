/**
 * GET /regions: which region boundaries are loaded (code, name, level, area; never the
 * geometry), by level, or those containing a point — to check what `regions:load` did
 * and what a site's region will be.
 */
import { Router } from "express";
import { z } from "zod";
import { wire } from "../../http/wire.ts";
import { shaped, singleLine } from "../../../domain/schemas/strings.ts";
import { errors } from "../../../domain/errors.ts";
import { listRegions, REGION_LEVEL_PATTERN, type RegionSummary } from "../../../spatial/regions.ts";
import { ANY_ROLE } from "../../auth/policy.ts";
import type { ApiContext } from "../../context.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { decodeCursor, encodeCursor, PageQuery, pageOf } from "../../http/pagination.ts";

const RegionView = z.object({
  code: wire.code(),
  name: wire.name(),
  level: wire.code(),
  country: wire.code().nullable().describe("ISO 3166-1 alpha-2 of the country the region lies in (its own code for a country)"),
  areaKm2: z.number(),
  source: wire.code(),
  loadedAt: wire.time(),
});

/** `lat,lon` in degrees (WGS84). */
const LatLonPoint = shaped(100, /^[0-9eE+.,\s-]*$/, "must be lat,lon in degrees")
  .transform((value, ctx) => {
    const parts = value.split(",").map((p) => (p.trim() === "" ? Number.NaN : Number(p)));
    const [lat, lon] = parts;
    if (parts.length !== 2 || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      ctx.addIssue({ code: "custom", message: "must be lat,lon in degrees" });
      return z.NEVER;
    }
    if (Math.abs(lat!) > 90 || Math.abs(lon!) > 180) {
      ctx.addIssue({ code: "custom", message: "must lie within -90..90, -180..180" });
      return z.NEVER;
    }
    return { lat: lat!, lon: lon! };
  })
  .describe("lat,lon in degrees");

// A page ends at a (level, code) pair; the cursor carries both.
const cursorOf = (r: RegionSummary) => encodeCursor(JSON.stringify([r.level, r.code]));

function decodeRegionCursor(cursor: string | undefined): { level: string; code: string } | null {
  const raw = decodeCursor(cursor);
  if (raw === null) return null;
  try {
    const [level, code] = JSON.parse(raw) as unknown[];
    if (typeof level === "string" && typeof code === "string") return { level, code };
  } catch {
    // fall through
  }
  throw errors.validationFailed([{ field: "query.cursor", message: "is not a cursor this API issued" }]);
}

/** Region routes. */
export function regionRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "get",
    path: "/regions",
    tag: "reference",
    summary: "Loaded region boundaries (no geometry) by level and code; with `point`, those containing it, most specific first",
    description: "The region boundaries loaded by `npm run regions:load` (municipalities, regions, countries) by `level`, without geometry, paged by `cursor`. With `point` (lat,lon) the answer is the boundaries containing it, most specific first, on one page.",
    policy: { roles: ANY_ROLE },
    query: z.object({
      ...PageQuery,
      level: singleLine(64).regex(REGION_LEVEL_PATTERN, { error: "must be a level name such as country, nuts2 or municipality" }).optional(),
      point: LatLonPoint.optional(),
    }),
    responses: { 200: { description: "a page (with `point`, the containing boundaries, up to `limit`, on one page)", schema: pageOf(RegionView) } },
    handler: async ({ query }) => {
      const after = query.point ? null : decodeRegionCursor(query.cursor);
      const rows = await listRegions(ctx.knex, { level: query.level, point: query.point, after, limit: query.limit });
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      const nextCursor = !query.point && rows.length > query.limit && last ? cursorOf(last) : null;
      return { status: 200, body: { items, nextCursor } };
    },
  });

  return router;
}
