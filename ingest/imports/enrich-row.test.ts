import { describe, expect, it } from "vitest";
import { enrichRow } from "./enrich-row.ts";
import { dataQuality } from "../../domain/data-quality.ts";
import { flowDocument } from "./documents.ts";

const base = { companyName: "Mejeri Nord", lat: 55.7, lon: 11.1 };

describe("completing a row", () => {
  it("fills a missing quantity, temperature and schedule from the NACE class, flagged and rough", () => {
    const { row, estimated, errors } = enrichRow({ ...base, naceCode: "10.51", direction: "offer", resourceType: "waste_heat_low" }, new Map());
    expect(errors).toEqual([]);
    expect(row).toMatchObject({ quantity: 4000, unit: "MWh/yr", temperatureC: 38, schedule: "24/7", precision: "rough" });
    expect(estimated).toEqual(["quantity", "temperatureC", "schedule"]);
  });

  it("asks for the quantity when no template knows the resource at that activity", () => {
    const { errors } = enrichRow({ ...base, naceCode: "62.01", direction: "offer", resourceType: "fly_ash" }, new Map());
    expect(errors).toEqual([expect.objectContaining({ field: "quantity", reason: expect.stringMatching(/no typical figure for fly_ash/) })]);
  });

  it("codes a description, and a correction people made wins", () => {
    const coded = enrichRow({ ...base, direction: "offer", description: "spent brewer's grains", quantity: 10, unit: "t/yr" }, new Map());
    expect(coded.row.resourceType).toBe("spent_grain");
    expect(coded.estimated).toContain("resourceType");
    const corrected = enrichRow({ ...base, direction: "offer", description: "spent brewer's grains", quantity: 10, unit: "t/yr" }, new Map([["spent brewer grain", { description: "x", resourceType: "feed" }]]));
    expect(corrected.row.resourceType).toBe("feed");
  });

  it("maps a taxonomy label to its id and refuses an unknown type with a suggestion", () => {
    expect(enrichRow({ ...base, direction: "offer", resourceType: "fly_ash", quantity: 1, unit: "t/yr" }, new Map()).row.resourceType).toBe("fly_ash");
    const unknown = enrichRow({ ...base, direction: "offer", resourceType: "hot_stuff", quantity: 1, unit: "t/yr" }, new Map());
    expect(unknown.errors).toEqual([expect.objectContaining({ field: "resourceType", reason: expect.stringContaining('"hot_stuff" is not a resource type') })]);
  });

  it("scores an estimated flow below the same flow declared in full", () => {
    const filled = enrichRow({ ...base, naceCode: "10.51", direction: "offer", resourceType: "waste_heat_low" }, new Map());
    const estimated = flowDocument(filled.row, "f1", "s1", filled.estimated).doc!;
    const declared = flowDocument({ ...filled.row, precision: "measured", price: 12 }, "f1", "s1", []).doc!;
    expect(dataQuality(estimated).score).toBeLessThan(dataQuality(declared).score);
    expect(dataQuality(estimated).gaps).toEqual(expect.arrayContaining(["quantity", "quality.temperatureC", "availability.schedule", "precision"]));
    expect(dataQuality(declared).score).toBeGreaterThanOrEqual(90);
  });
});
