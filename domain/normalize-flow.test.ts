import { describe, expect, it } from "vitest";
import { isTurashError } from "./errors.ts";
import { normalizeFlow } from "./normalize-flow.ts";
import { operatingHoursPerYear } from "./operating-hours.ts";
import type { ResourceFlow } from "./schemas/resource-flow.ts";

const greenhouseHeat: ResourceFlow = {
  externalId: "f-gh",
  siteId: "s-gh",
  direction: "need",
  resourceType: "process_heat",
  quantity: { value: 2, unit: "MW" },
  availability: { schedule: "24/7", seasonality: [1, 2, 3, 10, 11, 12] },
  precision: "estimated",
};

describe("a greenhouse needs 2 MW of heat, but only in the six cold months", () => {
  it("runs 4,380 h a year by its declared availability", () => {
    expect(operatingHoursPerYear(greenhouseHeat.availability)).toBe(4_380);
  });

  it("so its need normalizes to 8,760 MWh/yr with a 2,000 kW peak, original kept", () => {
    const { normalized } = normalizeFlow(greenhouseHeat);
    expect(normalized).toMatchObject({ annual: 8_760, unit: "MWh/yr", peakKW: 2_000, hoursPerYear: 4_380 });
    expect(normalized.original).toEqual({ value: 2, unit: "MW" });
  });

  it("a one-shift workshop at 40 h/week runs ≈ 2,086 h", () => {
    expect(operatingHoursPerYear({ schedule: { hoursPerWeek: 40 } })).toBeCloseTo(2_085.7, 1);
  });

  it("without availability the unit defaults apply", () => {
    expect(operatingHoursPerYear(undefined)).toBeUndefined();
    const { availability: _a, ...rest } = greenhouseHeat;
    expect(normalizeFlow(rest).normalized.hoursPerYear).toBe(8_000);
  });

  it("a unit that doesn't fit is the typed error naming quantity.unit", () => {
    try {
      normalizeFlow({ ...greenhouseHeat, quantity: { value: 2, unit: "t/h" } });
      expect.unreachable();
    } catch (err) {
      expect(isTurashError(err, "UNIT_MISMATCH") && err.field).toBe("quantity.unit");
    }
  });
});
