/**
 * Distances and areas on the Earth, the one place the project measures them: everything
 * is computed on turf's sphere (the IUGG mean radius, 6,371,008.8 m) by @turf/distance
 * and @turf/area, so that every distance in the project — an import's "same site within
 * 2 km", a rematch's radius, a match's `distanceKm`, the engine's distance factor — is
 * the same figure for the same two points. The engine's hot path keeps its own kernel
 * over precomputed radians (matching/factors/distance.ts), tested against this module.
 */
import area from "@turf/area";
import distance from "@turf/distance";
import { earthRadius, polygon } from "@turf/helpers";

/** A point in degrees (WGS84). */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** A box in degrees that does not cross the antimeridian (`west <= east`). */
export interface LatLonBox {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/** The radius of the sphere every distance here is measured on, in km (turf's `earthRadius`). */
export const EARTH_RADIUS_KM = earthRadius / 1000;

/** Great-circle distance in km between two points (haversine on turf's sphere). */
export function distanceKm(a: LatLon, b: LatLon): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: "kilometers" });
}

/** Great-circle distance in metres between two points; {@link distanceKm} × 1000. */
export function distanceMetres(a: LatLon, b: LatLon): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: "meters" });
}

/**
 * Area in km² of a box bounded by two meridians and two parallels, on the same sphere:
 * R² · |Δλ| · |sin φn − sin φs| (turf's ring area is exact for such a box).
 */
export function boxAreaKm2(box: LatLonBox): number {
  const { west, south, east, north } = box;
  const ring = [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
  return area(polygon([ring])) / 1e6;
}
