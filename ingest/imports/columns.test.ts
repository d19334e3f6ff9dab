import { describe, expect, it } from "vitest";
import { applyMapping, mapColumns, normalizeHeader, unitInHeader } from "./columns.ts";

describe("header mapping", () => {
  it("recognises English, Danish and German registers", () => {
    const { mapping, problems } = mapColumns(["Virksomhed", "NACE", "Breddegrad", "Længdegrad", "Udbud/behov", "Ressource", "Mængde", "Enhed", "Temperatur (°C)", "Bemærkning"]);
    expect(problems).toEqual([]);
    expect(mapping.columns).toEqual({
      Virksomhed: "companyName",
      NACE: "naceCode",
      Breddegrad: "lat",
      Længdegrad: "lon",
      "Udbud/behov": "direction",
      Ressource: "resourceType",
      Mængde: "quantity",
      Enhed: "unit",
      "Temperatur (°C)": "temperatureC",
    });
    expect(mapping.ignored).toEqual(["Bemærkning"]);
    expect(mapColumns(["Unternehmen", "Breitengrad", "Längengrad", "Bezeichnung", "Menge"]).mapping.columns).toMatchObject({ Unternehmen: "companyName", Bezeichnung: "description", Menge: "quantity" });
  });

  it("maps a consumer's own rules: accepted hazard classes, maximum distance, minimum quantity", () => {
    const { mapping } = mapColumns(["Company", "Lat", "Lon", "Direction", "Resource", "Quantity", "Accepted hazard classes", "Max distance (km)", "Minimum quantity (t/yr)"]);
    expect(mapping.columns).toMatchObject({
      "Accepted hazard classes": "acceptedHazardClasses",
      "Max distance (km)": "maxDistanceKm",
      "Minimum quantity (t/yr)": "minAnnualQuantity",
    });
    expect(mapColumns(["Firma", "Breitengrad", "Längengrad", "Menge", "Mindestmenge", "Max Entfernung"]).mapping.columns).toMatchObject({ Mindestmenge: "minAnnualQuantity", "Max Entfernung": "maxDistanceKm" });
  });

  it("lets an explicit mapping win and reports a field that does not exist", () => {
    const { mapping, problems } = mapColumns(["Firm name", "Y", "X", "What"], { "Firm name": "companyName", What: "description", Y: "latitude" });
    // The unknown field is reported; the column still maps by its own name (Y = latitude).
    expect(mapping.columns).toEqual({ "Firm name": "companyName", What: "description", X: "lon", Y: "lat" });
    expect(problems).toEqual([expect.objectContaining({ field: "mapping.Y", message: expect.stringContaining('"latitude" is not an import field') })]);
  });

  it("names every missing essential column at once", () => {
    const { problems } = mapColumns(["Remarks"]);
    expect(problems.map((p) => p.field)).toEqual(["companyName", "lat", "resourceType"]);
    expect(mapColumns(["Latitude", "Longitude", "Resource"], {}, { forOneOrganization: true }).problems).toEqual([]);
  });

  it("takes a unit from a quantity header and ignores the first of two columns claiming a field only for the second", () => {
    expect(unitInHeader("Quantity (t/yr)")).toBe("t/yr");
    expect(normalizeHeader(" Quantity (t/yr) ")).toBe("quantity");
    const { mapping } = mapColumns(["Company", "Name", "lat", "lon", "Quantity (t/yr)", "description"]);
    expect(mapping.headerUnits).toEqual({ quantity: "t/yr" });
    expect(mapping.ignored).toEqual(["Name"]);
    expect(applyMapping(mapping, { Company: "A", Name: "B", lat: "1", lon: "", description: null })).toEqual({ companyName: "A", lat: "1" });
  });
});
