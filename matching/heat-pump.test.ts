import { describe, expect, it } from "vitest";
import { carnotCop, heatPumpMultiplier } from "./heat-pump.ts";

describe("heat pump", () => {
  it("gives a data-centre-to-district-heating COP in the 3–4 range", () => {
    // 30 → 70 °C with 5 K approaches: 0.5 · 348.15 / 50 ≈ 3.5.
    expect(carnotCop(30, 70, 0.5)).toBeCloseTo(3.48, 2);
  });
  it("falls as the lift grows and stays within [1.5, 8]", () => {
    expect(carnotCop(40, 60, 0.5)).toBeGreaterThan(carnotCop(20, 60, 0.5));
    expect(carnotCop(59, 60, 0.5)).toBe(8);
    expect(carnotCop(-20, 150, 0.5)).toBe(1.5);
  });
  it("delivers source heat plus electricity", () => {
    expect(heatPumpMultiplier(4)).toBeCloseTo(4 / 3, 12);
  });
});
