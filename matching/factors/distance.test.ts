import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceKm, EARTH_RADIUS_KM } from "../../domain/geodesy.ts";
import { haversineKm } from "./distance.ts";

const D = Math.PI / 180;
const lat = fc.double({ min: -90, max: 90, noNaN: true });
const lon = fc.double({ min: -180, max: 180, noNaN: true });
const point = fc.record({ lat, lon });
/** A point and another within a few degrees of it: the distances the engine really measures. */
const nearPair = fc
  .tuple(fc.record({ lat: fc.double({ min: -85, max: 85, noNaN: true }), lon }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }))
  .map(([a, dLat, dLon]) => [a, { lat: a.lat + dLat, lon: ((a.lon + dLon + 540) % 360) - 180 }] as const);

/** The kernel called as the engine calls it: radians and cosines as compiled in matching/table.ts. */
const kernelKm = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) =>
  haversineKm(a.lat * D, a.lon * D, Math.cos(a.lat * D), b.lat * D, b.lon * D, Math.cos(b.lat * D));

/**
 * The documented tolerance between the kernel and turf: 1e-9 relative, plus 1e-9 km (a
 * micrometre) for near-coincident points, where rounding each point's radians (the
 * kernel) or their difference (turf) differs by ~1e-16 rad. Within a kilometre of the
 * antipode every haversine is ill-conditioned (h ≈ 1) and both are off by centimetres
 * from the exact value, so there the bound is 1e-4 km — half a world beyond any radius.
 */
const tolerance = (km: number) => 1e-9 * km + 1e-9 + (km > Math.PI * EARTH_RADIUS_KM - 1 ? 1e-4 : 0);

describe("the distance kernel", () => {
  it("measures what turf measures, anywhere on the globe", () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        const expected = distanceKm(a, b);
        expect(Math.abs(kernelKm(a, b) - expected)).toBeLessThanOrEqual(tolerance(expected));
      }),
      { seed: 9, numRuns: 20_000 },
    );
  });

  it("measures what turf measures within 1e-9 relative between neighbours (a few degrees apart)", () => {
    fc.assert(
      fc.property(nearPair, ([a, b]) => {
        const expected = distanceKm(a, b);
        expect(Math.abs(kernelKm(a, b) - expected)).toBeLessThanOrEqual(1e-9 * expected + 1e-9);
      }),
      { seed: 10, numRuns: 20_000 },
    );
  });
});
