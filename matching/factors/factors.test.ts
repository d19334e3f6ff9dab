import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_ECONOMIC_PARAMS } from "../economics/parameters.ts";
import { Mode } from "../economics/transport.ts";
import { explainDistance, haversineKm, transportCostEur, transportScore } from "./distance.ts";
import { economicsScore } from "./economics.ts";
import { graphScore } from "./graph-context.ts";
import { pressureFit, purityFit, qualityScore, temperatureFit } from "./quality.ts";
import { quantityScore } from "./quantity.ts";
import { dateCoverage, monthCount, temporalScore, timeCoverage } from "./temporal.ts";
import { trustScore } from "./trust.ts";

const D = Math.PI / 180;
const unit = (x: number) => x >= 0 && x <= 1;
const anyNum = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN));

describe("distance", () => {
  it("measures Kalundborg–Aalborg at about 170 km", () => {
    const km = haversineKm(55.662 * D, 11.083 * D, Math.cos(55.662 * D), 57.045 * D, 9.94 * D, Math.cos(57.045 * D));
    expect(km).toBeGreaterThan(160);
    expect(km).toBeLessThan(175);
  });
  it("scores free transport 1, transport taking half the value 0.5, and nothing without value", () => {
    expect(transportScore(0, 1000)).toBe(1);
    expect(transportScore(500, 1000)).toBeCloseTo(0.5, 9);
    expect(transportScore(900, 1000)).toBeLessThan(transportScore(500, 1000));
    expect(transportScore(10, 0)).toBe(0);
  });
  it("costs more the farther, for every mode (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(Mode)),
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        (mode, km, more, peak, qty) => {
          const p = DEFAULT_ECONOMIC_PARAMS;
          expect(transportCostEur(mode, km + more, peak, qty, qty, p)).toBeGreaterThan(transportCostEur(mode, km, peak, qty, qty, p));
        },
      ),
    );
  });
  it("says which radius it was judged against, also after the radius was relaxed", () => {
    expect(explainDistance(1.3, 3, 3, 27_000, 250_000)).toBe("1.3 km apart, within the 3.0 km radius for this resource; moving it costs ~€27k/yr, 11% of the €250k/yr it is worth");
    const relaxed = explainDistance(64, 50, 75, 27_000, 250_000);
    expect(relaxed).toMatch(/^64 km apart, beyond the 50 km radius for this resource, inside the relaxed 75 km/);
    expect(relaxed).not.toMatch(/within/);
  });
});

describe("quality", () => {
  it("prefers direct heat over a heat pump and an unknown temperature over neither", () => {
    const direct = temperatureFit(1, 90, 80, 5, 0);
    const pumped = temperatureFit(1, 50, 80, 5, 3.5);
    const unknown = temperatureFit(1, Number.NaN, 80, 5, 0);
    expect(direct).toBeGreaterThan(pumped);
    expect(direct).toBeGreaterThan(unknown);
  });
  it("penalizes purity below the minimum and pressure below the need", () => {
    expect(purityFit(99, 98, 0)).toBe(1);
    expect(purityFit(97, 98, 2)).toBeLessThan(1);
    expect(pressureFit(5, 10)).toBe(0.5);
  });
});

describe("quantity and temporal", () => {
  it("scores full cover above partial cover", () => {
    expect(quantityScore(100, 100, 0, 0)).toBe(1);
    expect(quantityScore(50, 100, 0, 0)).toBeLessThan(1);
    expect(quantityScore(100, 100, 0.5, 0)).toBe(0.75);
  });
  it("counts shared months and hours", () => {
    expect(monthCount(0b1010)).toBe(2);
    expect(timeCoverage(0xfff, 0x00f, 168, 168)).toBe(1);
    expect(timeCoverage(0x003, 0x00f, 84, 168)).toBe(0.25);
    expect(dateCoverage(0, 365, 3650)).toBeCloseTo(0.1, 9);
  });
});

describe("every factor stays in [0, 1] (property)", () => {
  it("holds for arbitrary, even absurd, inputs", () => {
    fc.assert(
      fc.property(anyNum, anyNum, anyNum, anyNum, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), (a, b, c, d, p, q) => {
        expect(unit(transportScore(a, b))).toBe(true);
        expect(unit(economicsScore(a, b))).toBe(true);
        expect(unit(quantityScore(a, b, Math.abs(c) % 1, Math.abs(d) % 1))).toBe(true);
        expect(unit(qualityScore(temperatureFit(1, a, b, 5, Math.abs(c) % 8), purityFit(a, b, Math.abs(c) % 20), pressureFit(c, d)))).toBe(true);
        expect(unit(temperatureFit(2, a, b, 5, 0))).toBe(true);
        expect(unit(temporalScore(timeCoverage(a & 0xfff, b & 0xfff, Math.abs(c) % 169, Math.abs(d) % 169), dateCoverage(a, b, 5475)))).toBe(true);
        expect(unit(trustScore(p, q, Math.abs(a) % 100, Math.abs(b) % 100))).toBe(true);
        expect(unit(graphScore(a > 0, b > 0))).toBe(true);
      }),
    );
  });
});
