import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { thrown } from "./test-helpers.ts";
import { RESOURCE_TYPES } from "./taxonomy.ts";
import {
  acceptedUnits,
  checkUnit,
  CONTINUOUS_HOURS,
  DEFAULT_POWER_HOURS,
  fromCanonical,
  normalizeQuantity,
  quantityRange,
  quantityValueProblem,
  UNITS,
} from "./units.ts";


describe("a dairy declares its condenser heat", () => {
  it("as 500 kW: peak 500 kW and 4,000 MWh/yr over the default 8,000 full-load hours", () => {
    const q = normalizeQuantity({ value: 500, unit: "kW" }, "waste_heat_low");
    expect(q).toMatchObject({ kind: "energy", unit: "MWh/yr", annual: 4_000, peakKW: 500, peakIsEstimate: false });
    expect(q.hoursPerYear).toBe(DEFAULT_POWER_HOURS);
    expect(q.original).toEqual({ value: 500, unit: "kW" });
  });

  it("with its real 6,000 operating hours when the flow declares them", () => {
    expect(normalizeQuantity({ value: 0.5, unit: "MW" }, "waste_heat_low", { hoursPerYear: 6_000 }).annual).toBeCloseTo(3_000);
  });

  it("as 4 GWh/yr or 14,400 GJ/yr, which are the same thing", () => {
    expect(normalizeQuantity({ value: 4, unit: "GWh/yr" }, "waste_heat_low").annual).toBeCloseTo(4_000);
    expect(normalizeQuantity({ value: 14_400, unit: "GJ/yr" }, "waste_heat_low").annual).toBeCloseTo(4_000);
    expect(normalizeQuantity({ value: 14.4, unit: "TJ/yr" }, "waste_heat_low").annual).toBeCloseTo(4_000);
  });

  it("and an annual figure gives an estimated peak (mean power over operating hours)", () => {
    const q = normalizeQuantity({ value: 8_000, unit: "MWh/yr" }, "process_heat");
    expect(q.peakKW).toBeCloseTo(1_000);
    expect(q.peakIsEstimate).toBe(true);
  });

  it("monthly and daily figures use 12 months and 365 days", () => {
    expect(normalizeQuantity({ value: 100, unit: "MWh/month" }, "process_heat").annual).toBeCloseTo(1_200);
    expect(normalizeQuantity({ value: 10, unit: "MWh/day" }, "process_heat").annual).toBeCloseTo(3_650);
    expect(normalizeQuantity({ value: 1_000, unit: "kWh/day" }, "process_heat").annual).toBeCloseTo(365);
  });
});

describe("steam and gases need physical assumptions", () => {
  it("10 t/h of LP steam is 7.5 MW, 60,000 MWh/yr at 8,000 h, and says so", () => {
    const q = normalizeQuantity({ value: 10, unit: "t/h" }, "steam");
    expect(q.peakKW).toBeCloseTo(7_500);
    expect(q.annual).toBeCloseTo(60_000);
    expect(q.assumptions.join()).toMatch(/0\.75 MWh\/t/);
  });

  it("1,000 Nm3/h of CO2 all year is 17,318.5 t/yr (1.977 kg/Nm3)", () => {
    expect(normalizeQuantity({ value: 1_000, unit: "Nm3/h" }, "co2").annual).toBeCloseTo(17_318.52, 1);
  });

  it("hydrogen is light: 1,000 Nm3/h is 787.5 t/yr", () => {
    expect(normalizeQuantity({ value: 1_000, unit: "Nm3/h" }, "hydrogen").annual).toBeCloseTo(787.524, 2);
  });

  it("biogas counts as energy at 6 kWh/Nm3", () => {
    const q = normalizeQuantity({ value: 500, unit: "Nm3/h" }, "biogas");
    expect(q.peakKW).toBeCloseTo(3_000);
    expect(q.annual).toBeCloseTo(24_000);
  });
});

describe("mass and volume", () => {
  it("use continuous operation for hourly rates unless told otherwise", () => {
    expect(normalizeQuantity({ value: 2, unit: "t/h" }, "fly_ash").annual).toBe(2 * CONTINUOUS_HOURS);
    expect(normalizeQuantity({ value: 2, unit: "t/h" }, "fly_ash", { hoursPerYear: 5_000 }).annual).toBe(10_000);
    expect(normalizeQuantity({ value: 500, unit: "kg/h" }, "whey").annual).toBeCloseTo(4_380);
  });

  it("convert days, weeks and months by the calendar", () => {
    expect(normalizeQuantity({ value: 1_000, unit: "kg/day" }, "spent_grain").annual).toBeCloseTo(365);
    expect(normalizeQuantity({ value: 7, unit: "t/week" }, "spent_grain").annual).toBeCloseTo(365);
    expect(normalizeQuantity({ value: 10, unit: "t/month" }, "spent_grain").annual).toBeCloseTo(120);
  });

  it("turn litres per second into cubic metres a year", () => {
    expect(normalizeQuantity({ value: 1, unit: "L/s" }, "treated_wastewater").annual).toBeCloseTo(31_536);
    expect(normalizeQuantity({ value: 60, unit: "L/min" }, "treated_wastewater").annual).toBeCloseTo(31_536);
    expect(normalizeQuantity({ value: 100, unit: "m3/day" }, "fresh_water").annual).toBeCloseTo(36_500);
  });

  it("tolerate common spellings: m³/h, MWh/a, tonnes/year, tpa", () => {
    expect(normalizeQuantity({ value: 1, unit: "m³/h" }, "fresh_water").annual).toBe(CONTINUOUS_HOURS);
    expect(normalizeQuantity({ value: 1, unit: "MWh/a" }, "process_heat").annual).toBe(1);
    expect(normalizeQuantity({ value: 3, unit: "tonnes/year" }, "gypsum").annual).toBe(3);
    expect(normalizeQuantity({ value: 3, unit: "tpa" }, "gypsum").annual).toBe(3);
  });
});

describe("units that make no sense are typed errors naming the field", () => {
  it("an unknown unit lists what is accepted", () => {
    const err = thrown(() => normalizeQuantity({ value: 1, unit: "furlongs" }, "fly_ash"));
    expect(err.code).toBe("UNKNOWN_UNIT");
    expect(err.status).toBe(400);
    expect(err.field).toBe("quantity.unit");
    expect(err.extensions.accepted).toContain("t/yr");
  });

  it("tonnes of heat and kW of fly ash do not fit", () => {
    const heat = thrown(() => normalizeQuantity({ value: 1, unit: "t/yr" }, "waste_heat_high"));
    expect(heat.code).toBe("UNIT_MISMATCH");
    expect(heat.field).toBe("quantity.unit");
    const ash = thrown(() => normalizeQuantity({ value: 1, unit: "kW" }, "fly_ash", { field: "supply.quantity" }));
    expect(ash.code).toBe("UNIT_MISMATCH");
    expect(ash.field).toBe("supply.quantity.unit");
    expect(ash.extensions.accepted).not.toContain("kW");
  });

  it("CO2 may be in Nm3/h but fresh water may not", () => {
    expect(checkUnit("Nm3/h", "co2").ok).toBe(true);
    expect(checkUnit("Nm3/h", "fresh_water")).toMatchObject({ ok: false, code: "UNIT_MISMATCH" });
  });

  it("zero, negative and NaN quantities are rejected on quantity.value", () => {
    for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const err = thrown(() => normalizeQuantity({ value, unit: "t/yr" }, "gypsum"));
      expect(err.code).toBe("VALIDATION_FAILED");
      expect(err.errors?.[0]?.field).toBe("quantity.value");
    }
  });

  it("hours beyond a leap year are rejected", () => {
    expect(thrown(() => normalizeQuantity({ value: 1, unit: "kW" }, "steam", { hoursPerYear: 9_000 })).code).toBe(
      "VALIDATION_FAILED",
    );
  });

  it("an unknown resource type is its own code", () => {
    expect(thrown(() => normalizeQuantity({ value: 1, unit: "kW" }, "unobtainium")).code).toBe("UNKNOWN_RESOURCE_TYPE");
  });
});

describe("properties over every resource and accepted unit", () => {
  const pairs = RESOURCE_TYPES.flatMap((r) => acceptedUnits(r.id).map((unit) => ({ resource: r.id, unit })));
  // Values within each unit's plausible range (QUANTITY_BOUNDS), as the schema admits them.
  const inRange = (unit: string) => {
    const range = quantityRange(unit)!;
    return fc.double({ min: Math.max(1e-3, range.min), max: Math.min(1e9, range.max), noNaN: true });
  };
  const withValues = fc.constantFrom(...pairs).chain((p) => fc.record({ resource: fc.constant(p.resource), unit: fc.constant(p.unit), v: inRange(p.unit), w: inRange(p.unit) }));
  const hours = fc.option(fc.double({ min: 1, max: 8_784, noNaN: true }), { nil: undefined });

  it("every unit in the catalogue fits at least one resource", () => {
    const used = new Set(pairs.map((p) => p.unit));
    expect(UNITS.filter((unit) => !used.has(unit.id))).toEqual([]);
  });

  it("round trip: normalize then express in the original unit gives the value back", () => {
    fc.assert(
      fc.property(withValues, hours, ({ resource, unit, v }, h) => {
        const options = h === undefined ? {} : { hoursPerYear: h };
        const q = normalizeQuantity({ value: v, unit }, resource, options);
        expect(Math.abs(fromCanonical(q.annual, unit, resource, options) - v) / v).toBeLessThan(1e-9);
      }),
    );
  });

  it("positivity: a positive quantity stays positive and finite, and peak kW too", () => {
    fc.assert(
      fc.property(withValues, hours, ({ resource, unit, v }, h) => {
        const q = normalizeQuantity({ value: v, unit }, resource, h === undefined ? {} : { hoursPerYear: h });
        expect(q.annual).toBeGreaterThan(0);
        expect(Number.isFinite(q.annual)).toBe(true);
        if (q.kind === "energy") expect(q.peakKW).toBeGreaterThan(0);
        else expect(q.peakKW).toBeUndefined();
      }),
    );
  });

  it("monotonicity: more declared means more normalized; more hours never means less", () => {
    fc.assert(
      fc.property(withValues, fc.double({ min: 1, max: 8_000, noNaN: true }), ({ resource, unit, v: a, w: b }, h) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(normalizeQuantity({ value: lo, unit }, resource).annual).toBeLessThanOrEqual(
          normalizeQuantity({ value: hi, unit }, resource).annual,
        );
        expect(normalizeQuantity({ value: a, unit }, resource, { hoursPerYear: h }).annual).toBeLessThanOrEqual(
          normalizeQuantity({ value: a, unit }, resource, { hoursPerYear: h + 1 }).annual,
        );
      }),
    );
  });
});

describe("plausible quantities", () => {
  it("refuses absurd and subnormal values in any unit, naming the bound in the declared unit", () => {
    expect(quantityValueProblem(1e15, "TWh/yr")).toMatch(/must be at most 1000 TWh\/yr/);
    expect(quantityValueProblem(1e-320, "MWh/yr")).toMatch(/must be at least 1e-6 MWh\/yr/);
    expect(quantityValueProblem(2e8, "kW")).toMatch(/must be at most 1.14e\+8 kW/);
    expect(quantityValueProblem(5e10, "t/yr")).toMatch(/at most 1e\+9 t\/yr/);
  });

  it("accepts the largest real sites and the smallest real meters in every unit", () => {
    for (const unit of UNITS) {
      const range = quantityRange(unit.id)!;
      expect(quantityValueProblem(range.max, unit.id), unit.id).toBeUndefined();
      expect(quantityValueProblem(range.min, unit.id), unit.id).toBeUndefined();
      expect(range.max / range.min).toBeGreaterThan(1e12);
    }
    expect(quantityValueProblem(100, "TWh/yr")).toBeUndefined();
    expect(quantityValueProblem(1, "kg/yr")).toBeUndefined();
  });

  it("normalizeQuantity refuses an implausible value naming the field", () => {
    expect(() => normalizeQuantity({ value: 1e15, unit: "TWh/yr" }, "waste_heat_low", { field: "quantity" })).toThrow(/quantity.value: must be at most/);
  });
});
