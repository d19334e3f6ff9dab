import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annualUnit, parseRow, readHazardClasses, readMonths, readNumber } from "./parse-row.ts";

describe("reading cells", () => {
  it("reads numbers the way the file writes them", () => {
    expect(readNumber("1.234,5", true)).toBe(1234.5);
    expect(readNumber("1,234.5", false)).toBe(1234.5);
    expect(readNumber("12 000", true)).toBe(12000);
    expect(readNumber("55,672", true)).toBe(55.672);
    expect(readNumber("abc", false)).toBeUndefined();
    expect(readNumber("", false)).toBeUndefined();
  });

  it("round-trips any number written with a decimal comma or point", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }), (x) => {
        const fixed = Number(x.toFixed(3));
        expect(readNumber(fixed.toFixed(3), false)).toBeCloseTo(fixed, 6);
        expect(readNumber(fixed.toFixed(3).replace(".", ","), true)).toBeCloseTo(fixed, 6);
      }),
    );
  });

  it("reads months, ranges across the new year included", () => {
    expect(readMonths("Jun-Aug")).toEqual([6, 7, 8]);
    expect(readMonths("Nov–Feb")).toEqual([1, 2, 11, 12]);
    expect(readMonths("1,2,12")).toEqual([1, 2, 12]);
    expect(readMonths("sometimes")).toBeUndefined();
  });

  it("reads a list of accepted hazard classes however it is written", () => {
    expect(readHazardClasses("HP8, HP14")).toEqual(["HP8", "HP14"]);
    expect(readHazardClasses("hp 8; hp 3")).toEqual(["HP8", "HP3"]);
    expect(readHazardClasses("8/14/8")).toEqual(["HP8", "HP14"]);
    expect(readHazardClasses("corrosive")).toBeUndefined();
  });

  it("reads the rule columns into their fields", () => {
    const { row, errors } = parseRow({ acceptedHazardClasses: "HP8", maxDistanceKm: "50", minAnnualQuantity: "5000" }, { decimalComma: false });
    expect(errors).toEqual([]);
    expect(row).toEqual({ acceptedHazardClasses: ["HP8"], maxDistanceKm: 50, minAnnualQuantity: 5000 });
    expect(parseRow({ acceptedHazardClasses: "acids" }, { decimalComma: false }).errors.map((e) => e.field)).toEqual(["acceptedHazardClasses"]);
  });

  it("takes an amount unit in a register as per year", () => {
    expect(annualUnit("MWh")).toBe("MWh/yr");
    expect(annualUnit("tonnes")).toBe("t/yr");
    expect(annualUnit("m³")).toBe("m3/yr");
    expect(annualUnit("MWh/yr")).toBe("MWh/yr");
    expect(annualUnit("kW")).toBe("kW");
  });

  it("reads a whole row and reports every unreadable cell", () => {
    const { row, errors } = parseRow(
      { companyName: " Acme A/S ", direction: "by-product", precision: "metered", hoursPerWeek: "24/7", country: "Denmark", ewcCode: "100102", lat: "x", temperatureC: "warm", quantity: "12", unit: "t" },
      { decimalComma: true },
    );
    expect(row).toMatchObject({ companyName: "Acme A/S", direction: "offer", precision: "measured", schedule: "24/7", country: "DK", ewcCode: "10 01 02", quantity: 12, unit: "t/yr" });
    expect(errors.map((e) => e.field)).toEqual(["lat", "temperatureC"]);
  });
});
