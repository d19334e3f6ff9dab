/**
 * The civic projection's public routes (projections/civic/projection.ts lists them): no
 * login, the client address's request budget like every public route, and answers cacheable
 * for the release's lifetime. Every figure comes from one cached release of the region
 * (projections/civic/release.ts), already k-anonymous; these routes only select and format.
 */
import { Router } from "express";
import { z } from "zod";
import { errors } from "../../../domain/errors.ts";
import { resourceTypeNames } from "../../../domain/resource-type-names.ts";
import { findResourceType } from "../../../domain/taxonomy.ts";
import { freeText, singleLine } from "../../../domain/schemas/strings.ts";
import { REGION_LEVEL_PATTERN } from "../../../spatial/regions.ts";
import { civicRegionList, civicRegionOutline } from "../../../spatial/civic-facts.ts";
import { dataDictionary, datasetJsonLd, openDataPaths, releaseCsv, releaseGeoJson } from "../../../projections/civic/open-data.ts";
import { LAYER_METRICS, metricInfo, type CivicRelease } from "../../../projections/civic/release.ts";
import { civicRule, RELEASE_TTL_SECONDS, regionRelease } from "../../../projections/civic/service.ts";
import { CITY_RESOLUTION, COUNTRY_RESOLUTION } from "../../../projections/civic/disclosure.ts";
import type { ApiContext } from "../../context.ts";
import { wire } from "../../http/wire.ts";
import { defineRoute, type RouteRegistry } from "../../http/define-route.ts";

const DataDictionary = z.object({
  title: singleLine(200),
  licence: z.object({ id: singleLine(32), title: singleLine(200), url: singleLine(200) }),
  disclosure: freeText(2000, 0),
  columns: z.array(z.object({ name: singleLine(64), datatype: singleLine(32), description: freeText(1000, 0) })).max(64),
});
const CACHE = { "Cache-Control": `public, max-age=${RELEASE_TTL_SECONDS}` };
const RegionParams = z.object({ code: z.string().max(32).regex(/^[A-Za-z0-9_.-]{1,32}$/, { error: "must be a region code such as DK, DK02 or 0326" }) });
const LevelQuery = { level: singleLine(32).regex(REGION_LEVEL_PATTERN, { error: "must be a level name such as country, nuts2 or municipality" }).optional() };
const ResolutionQuery = z
  .enum(["city", "country", String(CITY_RESOLUTION), String(COUNTRY_RESOLUTION)], { error: `must be city (${CITY_RESOLUTION}) or country (${COUNTRY_RESOLUTION})` })
  .default("city")
  .transform((r) => (r === "country" || r === String(COUNTRY_RESOLUTION) ? ("country" as const) : ("city" as const)));

// Bounds for the OpenAPI description: a region has at most a few hundred metrics (3 kinds × the taxonomy + 6) and far fewer hexagons than this.
const MAX_METRICS = 1_000;
const MAX_CELLS = 200_000;
const Figure = z.record(wire.code(), z.number());
const Cell = z.object({ cell: wire.code(), resolution: z.number().int(), lat: z.number(), lon: z.number(), values: Figure, withheld: z.number().int() });
const RegionRef = z.object({ level: wire.code(), code: wire.code(), name: wire.name() });
const Metric = z.object({ metric: wire.code(), kind: wire.code(), resourceType: wire.code().nullable(), unit: wire.code() });
const TypeRow = z.object({ resourceType: wire.code(), names: z.object({ en: wire.name(), da: wire.name(), de: wire.name() }), unit: wire.code(), supply: z.number().nullable(), demand: z.number().nullable(), matched: z.number().nullable() });
const Summary = z.object({
  region: RegionRef,
  generatedAt: wire.time(),
  carbonDay: wire.time().nullable(),
  k: z.number().int(),
  resolutions: z.object({ city: z.number().int(), country: z.number().int() }),
  totals: Figure,
  resourceTypes: z.array(TypeRow).max(MAX_METRICS),
  cells: z.object({ city: z.number().int(), country: z.number().int() }),
  metrics: z.array(Metric).max(MAX_METRICS),
  links: z.record(wire.code(), wire.token()),
});

// Rings of [lon, lat] positions; a MultiPolygon nests one level deeper. Bounds are for the OpenAPI description.
const Position = z.array(z.number()).min(2).max(3);
const Ring = z.array(Position).max(1_000_000);
const Outline = z.object({
  type: z.literal("Feature"),
  properties: RegionRef,
  geometry: z.union([
    z.object({ type: z.literal("Polygon"), coordinates: z.array(Ring).max(100_000) }),
    z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(Ring).max(100_000)).max(100_000) }),
  ]),
});

/** The per-type rows of a region's totals, the largest matched potential first, then supply, then demand. */
export function resourceTypeRows(r: CivicRelease): z.infer<typeof TypeRow>[] {
  const types = new Map<string, z.infer<typeof TypeRow>>();
  for (const [metric, value] of Object.entries(r.totals)) {
    const info = metricInfo(metric);
    if (info.resourceType === null || info.kind === "co2_avoided" || info.kind === "partnerships" || info.kind === "organizations") continue;
    const row = types.get(info.resourceType) ?? types.set(info.resourceType, { resourceType: info.resourceType, names: resourceTypeNames(info.resourceType, findResourceType(info.resourceType)?.label ?? info.resourceType), unit: info.unit, supply: null, demand: null, matched: null }).get(info.resourceType)!;
    row[info.kind] = value;
  }
  return [...types.values()].sort((a, b) => (b.matched ?? 0) - (a.matched ?? 0) || (b.supply ?? 0) - (a.supply ?? 0) || (b.demand ?? 0) - (a.demand ?? 0) || a.resourceType.localeCompare(b.resourceType));
}

/** Civic routes. */
export function civicRoutes(ctx: ApiContext, registry: RouteRegistry): Router {
  const router = Router();
  const rule = civicRule(ctx.config);
  const release = async (code: string, level?: string) => {
    const r = await regionRelease(ctx, code, level, rule);
    if (!r) throw errors.notFound("region", code);
    return r;
  };
  // The origin users open (PUBLIC_URL) and the api base of api/app.ts, which this module may not import (a cycle).
  const base = () => `${ctx.config.invitations.publicUrl}/api/v1`;

  defineRoute(router, registry, {
    method: "get",
    path: "/public/regions",
    tag: "civic",
    summary: "Regions with loaded boundaries, for the civic dashboard's picker (no login)",
    description: "Every region whose boundary is loaded (countries, NUTS regions, municipalities), with its code, level, name and country. Public and cacheable; it names no company.",
    policy: { public: true },
    responses: { 200: { description: "every loaded region", schema: z.object({ items: z.array(RegionRef).max(MAX_CELLS) }) } },
    handler: async () => ({ status: 200, body: { items: await civicRegionList(ctx.knex) }, headers: CACHE }),
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/public/regions/:code/summary",
    tag: "civic",
    summary: "A region's k-anonymous totals: supply and demand by resource type, matched potential, avoidable CO2, active partnerships, companies (no login)",
    description: "Totals are sums of the published city hexagons centred in the region (docs/civic-disclosure.md): a figure of fewer than 3 organizations is never published, in a hexagon or in a total.",
    policy: { public: true },
    params: RegionParams,
    query: z.strictObject(LevelQuery),
    responses: { 200: { description: "the region's totals", schema: Summary }, 404: { description: "no such region loaded" } },
    handler: async ({ params, query }) => {
      const r = await release(params.code, query.level);
      const paths = openDataPaths(r.region.code);
      return {
        status: 200,
        headers: CACHE,
        body: {
          region: r.region,
          generatedAt: r.generatedAt,
          carbonDay: r.carbonDay,
          k: r.k,
          resolutions: r.resolutions,
          totals: r.totals,
          resourceTypes: resourceTypeRows(r),
          cells: { city: r.cells.city.length, country: r.cells.country.length },
          metrics: r.metrics,
          links: { cells: `/public/regions/${encodeURIComponent(r.region.code)}/cells`, csv: paths.csv, geojson: paths.geojson, dataset: paths.dataset, dictionary: paths.dictionary },
        },
      };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/public/regions/:code/outline",
    tag: "civic",
    summary: "A region's boundary as a GeoJSON Feature, for the civic dashboard's map (no login)",
    description:
      "The loaded boundary of the region (the smallest with this code, or the one at `level`), simplified to about 50 m without breaking its topology, [lon, lat] to 5 decimals; properties are the region's level, code and name. Public reference data: it names no company.",
    policy: { public: true },
    params: RegionParams,
    query: z.strictObject(LevelQuery),
    responses: { 200: { description: "the region's outline", schema: Outline }, 404: { description: "no such region loaded" } },
    handler: async ({ params, query }) => {
      const outline = await civicRegionOutline(ctx.knex, params.code, query.level);
      if (!outline) throw errors.notFound("region", params.code);
      return { status: 200, headers: { "Cache-Control": "public, max-age=86400" }, body: { type: "Feature" as const, properties: { level: outline.level, code: outline.code, name: outline.name }, geometry: outline.geometry } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/public/regions/:code/cells",
    tag: "civic",
    summary: "A region's published H3 hexagons with their figures, for the heat map (no login)",
    description: `resolution: city (H3 ${CITY_RESOLUTION}, ≈5 km²) or country (H3 ${COUNTRY_RESOLUTION}, ≈250 km²). metric: one of ${LAYER_METRICS.join(", ")} or a per-type metric such as supply:waste_heat_low; hexagons without a published figure of it are left out. Without metric every published figure of each hexagon.`,
    policy: { public: true },
    params: RegionParams,
    query: z.strictObject({ ...LevelQuery, resolution: ResolutionQuery, metric: z.string().regex(/^[a-z0-9_]+(:[a-z0-9_]+)?$/, { error: "must be a metric name such as supply_mwh or supply:steam" }).max(80).optional() }),
    responses: { 200: { description: "the hexagons", schema: z.object({ region: RegionRef, resolution: z.number().int(), metric: wire.code().nullable(), unit: wire.code().nullable(), items: z.array(Cell).max(MAX_CELLS) }) }, 404: { description: "no such region loaded" } },
    handler: async ({ params, query }) => {
      const r = await release(params.code, query.level);
      const cells = r.cells[query.resolution];
      const items = query.metric === undefined ? cells : cells.filter((c) => c.values[query.metric!] !== undefined).map((c) => ({ ...c, values: { [query.metric!]: c.values[query.metric!]! } }));
      return {
        status: 200,
        headers: CACHE,
        body: { region: r.region, resolution: query.resolution === "city" ? r.resolutions.city : r.resolutions.country, metric: query.metric ?? null, unit: query.metric ? metricInfo(query.metric).unit : null, items },
      };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/public/regions/:code/civic.csv",
    tag: "civic",
    summary: "Open data: the region's totals and hexagons as CSV (CC BY 4.0; columns in /public/civic/dictionary)",
    description: "The same release the dashboard shows, one row per published figure: region totals first, then city (H3 7) and country (H3 5) hexagons. Withheld figures are absent rows, never zeros. The URL is stable; the content changes with each release.",
    policy: { public: true },
    params: RegionParams,
    query: z.strictObject(LevelQuery),
    responses: { 200: { description: "text/csv", mediaType: "text/csv" }, 404: { description: "no such region loaded" } },
    handler: async ({ params, query }) => {
      const r = await release(params.code, query.level);
      return {
        status: 200,
        headers: { ...CACHE, "Content-Disposition": `attachment; filename="turash-civic-${r.region.code}.csv"`, Link: `<https://creativecommons.org/licenses/by/4.0/>; rel="license"` },
        raw: { mediaType: "text/csv; charset=utf-8", data: releaseCsv(r) },
      };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/public/regions/:code/civic.geojson",
    tag: "civic",
    summary: "Open data: the region's hexagons as GeoJSON polygons with their figures as properties (CC BY 4.0)",
    description: "The published hexagons of one resolution (`resolution=city|country`) as a FeatureCollection of polygons, each with one property per published metric; the figures equal the CSV's and the dashboard's.",
    policy: { public: true },
    params: RegionParams,
    query: z.strictObject({ ...LevelQuery, resolution: ResolutionQuery }),
    responses: { 200: { description: "application/geo+json", mediaType: "application/geo+json" }, 404: { description: "no such region loaded" } },
    handler: async ({ params, query }) => {
      const r = await release(params.code, query.level);
      return {
        status: 200,
        headers: { ...CACHE, "Content-Disposition": `attachment; filename="turash-civic-${r.region.code}-${query.resolution}.geojson"` },
        raw: { mediaType: "application/geo+json", data: JSON.stringify(releaseGeoJson(r, query.resolution)) },
      };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/public/regions/:code/dataset.jsonld",
    tag: "civic",
    summary: "Open data: the region's DCAT-AP dataset description (JSON-LD) for a CKAN portal (ckanext-dcat)",
    description: "A dcat:Dataset with its licence, publisher, spatial coverage, temporal extent and one dcat:Distribution per download (CSV, GeoJSON, data dictionary), fit for harvesting by ckanext-dcat.",
    policy: { public: true },
    params: RegionParams,
    query: z.strictObject(LevelQuery),
    responses: { 200: { description: "application/ld+json", mediaType: "application/ld+json" }, 404: { description: "no such region loaded" } },
    handler: async ({ params, query }) => {
      const r = await release(params.code, query.level);
      return { status: 200, headers: CACHE, raw: { mediaType: "application/ld+json", data: JSON.stringify(datasetJsonLd(r, base())) } };
    },
  });

  defineRoute(router, registry, {
    method: "get",
    path: "/public/civic/dictionary",
    tag: "civic",
    summary: "Open data: the data dictionary of the civic CSV and GeoJSON, with the licence and the disclosure rule",
    description: "The columns of the CSV (name, type, meaning), the licence and the k-anonymity rule every published figure obeys.",
    policy: { public: true },
    responses: { 200: { description: "the columns", schema: DataDictionary, example: dataDictionary() } },
    handler: () => ({ status: 200, headers: { "Cache-Control": "public, max-age=86400" }, body: dataDictionary() }),
  });

  return router;
}
