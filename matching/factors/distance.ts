/**
 * Distance factor: great-circle distance against the resource's radius.
 */

import { EARTH_RADIUS_KM } from "../../domain/geodesy.ts";
import { clamp01 } from "./clamp.ts";

/**
 * Haversine distance in km between two points given in radians, with the cosines of
 * their latitudes precomputed (the table stores them, so the hot path skips two cos()).
 * The engine's kernel of domain/geodesy.ts's `distanceKm` (turf): same sphere, same
 * formula without turf's per-call arrays; distance.test.ts holds the two together.
 */
export function haversineKm(lat1: number, lon1: number, cos1: number, lat2: number, lon2: number, cos2: number): number {
  const s1 = Math.sin((lat2 - lat1) * 0.5);
  const s2 = Math.sin((lon2 - lon1) * 0.5);
  const h = s1 * s1 + cos1 * cos2 * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h < 1 ? h : 1));
}

/**
 * 1 / (1 + (d / (0.35·R))²): 1 next door, 0.5 at a third of the radius, ~0.1 at the radius.
 * A smooth curve rather than a linear one because the cost of moving heat or bulk
 * grows faster than linearly in practice (pipe capex, then trucking share of value).
 */
export function distanceScore(distanceKm: number, radiusKm: number): number {
  if (!(radiusKm > 0)) return 0;
  const x = distanceKm / (0.35 * radiusKm);
  return clamp01(1 / (1 + x * x));
}

/** One-line reason. */
export function explainDistance(distanceKm: number, radiusKm: number): string {
  return `${fmtKm(distanceKm)} apart, within the ${fmtKm(radiusKm)} radius for this resource`;
}

function fmtKm(km: number): string {
  return km < 10 ? `${km.toFixed(1)} km` : `${Math.round(km)} km`;
}
