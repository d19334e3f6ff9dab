/**
 * Is a point on land? The basemap's own 1:10m land outlines (Natural Earth via world-atlas,
 * served by the api: GET /api/v1/map/atlas/land-10m.json), loaded once, tested with turf's
 * point-in-polygon. Used to warn when a site's coordinates fall in the sea.
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

interface LandPolygon {
  readonly polygon: GeoJSON.Polygon;
  /** [west, south, east, north]: most polygons are ruled out by it. */
  readonly box: readonly [number, number, number, number];
}

let land: Promise<LandPolygon[]> | null = null;

function polygonsOf(geometry: GeoJSON.Geometry): GeoJSON.Polygon[] {
  if (geometry.type === "Polygon") return [geometry];
  if (geometry.type === "MultiPolygon") return geometry.coordinates.map((coordinates) => ({ type: "Polygon", coordinates }));
  if (geometry.type === "GeometryCollection") return geometry.geometries.flatMap(polygonsOf);
  return [];
}

function boxOf(polygon: GeoJSON.Polygon): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of polygon.coordinates[0] ?? []) {
    w = Math.min(w, x!);
    e = Math.max(e, x!);
    s = Math.min(s, y!);
    n = Math.max(n, y!);
  }
  return [w, s, e, n];
}

function loadLand(): Promise<LandPolygon[]> {
  land ??= fetch("/api/v1/map/atlas/land-10m.json")
    .then((r) => {
      if (!r.ok) throw new Error(`land outlines: ${r.status}`);
      return r.json() as Promise<Topology<{ land: GeometryCollection }>>;
    })
    .then((topo) => {
      const collection = feature(topo, topo.objects.land) as GeoJSON.FeatureCollection | GeoJSON.Feature;
      const features = collection.type === "FeatureCollection" ? collection.features : [collection];
      return features.flatMap((f) => (f.geometry ? polygonsOf(f.geometry) : [])).map((polygon) => ({ polygon, box: boxOf(polygon) }));
    })
    .catch((error: unknown) => {
      land = null; // try again next time
      throw error;
    });
  return land;
}

const onLand = (polygons: readonly LandPolygon[], lon: number, lat: number) =>
  polygons.some(({ polygon, box }) => lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3] && booleanPointInPolygon([lon, lat], polygon));

/**
 * Around 1 km: a harbour or a quay lies on the water's edge, where 1:10m outlines are
 * coarse; a point is "in the sea" only when nothing within this distance is land.
 */
const COAST_TOLERANCE_DEG = 0.01;

/** True when the point and everything about 1 km around it is sea; null when the outlines could not be loaded (then say nothing). */
export async function isAtSea(lat: number, lon: number): Promise<boolean | null> {
  const polygons = await loadLand().catch(() => null);
  if (!polygons) return null;
  const d = COAST_TOLERANCE_DEG;
  const around = [[0, 0], [d, 0], [-d, 0], [0, d], [0, -d], [d, d], [d, -d], [-d, d], [-d, -d]] as const;
  return !around.some(([dLat, dLon]) => onLand(polygons, lon + dLon / Math.cos((lat * Math.PI) / 180), lat + dLat));
}
