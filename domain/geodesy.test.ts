import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boxAreaKm2, distanceKm, distanceMetres, EARTH_RADIUS_KM } from "./geodesy.ts";

const D = Math.PI / 180;
const point = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });

describe("geodesy", () => {
  it("measures on the mean sphere of 6371.0088 km", () => {
    expect(EARTH_RADIUS_KM).toBe(6371.0088);
    expect(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6371.0088, 6);
  });

  it("measures Kalundborg–Aalborg at about 170 km and two points of one plant in metres", () => {
    const km = distanceKm({ lat: 55.662, lon: 11.083 }, { lat: 57.045, lon: 9.94 });
    expect(km).toBeGreaterThan(160);
    expect(km).toBeLessThan(175);
    expect(distanceMetres({ lat: 55.672, lon: 11.093 }, { lat: 55.6735, lon: 11.0935 })).toBeCloseTo(169, -1);
  });

  it("is a distance: zero to itself, symmetric, metres are km × 1000", () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        expect(distanceKm(a, a)).toBe(0);
        expect(distanceKm(a, b)).toBeCloseTo(distanceKm(b, a), 9);
        expect(distanceMetres(a, b)).toBeCloseTo(distanceKm(a, b) * 1000, 6);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it("gives a lat/lon box the area R²·Δλ·|sin φn − sin φs|", () => {
    const box = fc
      .tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }))
      .map(([x1, x2, y1, y2]) => ({ west: Math.min(x1, x2), east: Math.max(x1, x2), south: Math.min(y1, y2), north: Math.max(y1, y2) }));
    fc.assert(
      fc.property(box, (b) => {
        const expected = EARTH_RADIUS_KM ** 2 * (b.east - b.west) * D * Math.abs(Math.sin(b.north * D) - Math.sin(b.south * D));
        expect(Math.abs(boxAreaKm2(b) - expected)).toBeLessThanOrEqual(1e-9 * expected + 1e-6);
      }),
      { seed: 4, numRuns: 1_000 },
    );
    // The whole globe.
    expect(boxAreaKm2({ west: -180, south: -90, east: 180, north: 90 })).toBeCloseTo(4 * Math.PI * EARTH_RADIUS_KM ** 2, 0);
  });
});
