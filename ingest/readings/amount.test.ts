import { describe, expect, it } from "vitest";
import { isTurashError } from "../../domain/errors.ts";
import { acceptedReadingUnits, isReadingUnit, readingAmount } from "./amount.ts";

const HOUR = 3600;
const DAY = 24 * HOUR;

describe("readingAmount", () => {
  it("reads an amount unit as the total over the period, in the canonical unit", () => {
    expect(readingAmount({ value: 12, unit: "MWh" }, DAY, "waste_heat_low")).toEqual({ amount: 12, unit: "MWh/yr" });
    expect(readingAmount({ value: 36, unit: "GJ" }, DAY, "waste_heat_low").amount).toBeCloseTo(10, 10);
    expect(readingAmount({ value: 500, unit: "kWh" }, HOUR, "waste_heat_low").amount).toBeCloseTo(0.5, 10);
    expect(readingAmount({ value: 4, unit: "t" }, 7 * DAY, "steam").amount).toBeCloseTo(3, 10); // 0.75 MWh/t
    expect(readingAmount({ value: 80, unit: "m³" }, DAY, "fresh_water").unit).toBe("m3/yr");
  });

  it("reads a rate unit as the mean rate over the period", () => {
    expect(readingAmount({ value: 2000, unit: "kW" }, 3 * HOUR, "waste_heat_low").amount).toBeCloseTo(6, 10); // 2 MW for 3 h
    expect(readingAmount({ value: 5, unit: "MWh/day" }, 2 * DAY, "waste_heat_low").amount).toBeCloseTo(10, 10);
    expect(readingAmount({ value: 1, unit: "L/s" }, HOUR, "fresh_water").amount).toBeCloseTo(3.6, 10);
  });

  it("keeps a zero reading at zero", () => {
    expect(readingAmount({ value: 0, unit: "MWh" }, DAY, "waste_heat_low").amount).toBe(0);
  });

  it("refuses an unknown unit or one that does not fit the resource, naming `unit` and listing the accepted ones", () => {
    for (const [unit, code] of [["furlongs", "UNKNOWN_UNIT"], ["t", "UNIT_MISMATCH"], ["t/h", "UNIT_MISMATCH"]] as const) {
      try {
        readingAmount({ value: 1, unit }, DAY, "waste_heat_low");
        expect.unreachable(unit);
      } catch (error) {
        expect(isTurashError(error, code), unit).toBe(true);
        expect((error as { field?: string }).field).toBe("unit");
        expect((error as { extensions: { accepted: string[] } }).extensions.accepted).toEqual(expect.arrayContaining(["MWh", "kW"]));
      }
    }
  });
});

describe("isReadingUnit", () => {
  it("knows amounts and rates, not nonsense", () => {
    expect(["MWh", "kWh", "GJ", "t", "kg", "m3", "Nm3", "kW", "t/h", "m3/day"].every(isReadingUnit)).toBe(true);
    expect(["", "furlongs", "MWh/yr/yr", "L"].some(isReadingUnit)).toBe(false);
    expect(acceptedReadingUnits("waste_heat_low")).toEqual(expect.arrayContaining(["MWh", "GJ", "kW", "MWh/day"]));
  });
});
