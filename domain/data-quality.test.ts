import { describe, expect, it } from "vitest";
import { dataQuality } from "./data-quality.ts";

const full = {
  precision: "measured" as const,
  resourceType: "waste_heat_low",
  quality: { temperatureC: 45 },
  availability: { schedule: "24/7" as const },
  price: { eurPerUnit: 12 },
  description: "condenser heat",
};

describe("data-quality score", () => {
  it("gives a fully declared, measured heat flow full marks", () => {
    expect(dataQuality(full)).toEqual({ score: 100, gaps: [] });
  });

  it("names what is missing, worst first for an estimated resource type", () => {
    const q = dataQuality({ precision: "rough", resourceType: "fly_ash", estimatedFields: ["resourceType", "quantity"] });
    expect(q.gaps).toEqual(["resourceType", "precision", "quantity", "quality", "availability.schedule", "availability.seasonality", "price", "ewcCode", "description"]);
    expect(q.score).toBe(0);
  });

  it("never rises when a field becomes estimated", () => {
    for (const field of ["quantity", "temperatureC", "schedule", "resourceType"] as const) {
      expect(dataQuality({ ...full, estimatedFields: [field] }).score).toBeLessThan(100);
    }
  });

  it("asks materials for an EWC code but not energy", () => {
    const ash = { ...full, resourceType: "fly_ash", quality: { hazardClass: "none" } };
    expect(dataQuality(ash).gaps).toEqual(["ewcCode"]);
    expect(dataQuality({ ...ash, ewcCode: "10 01 02" }).score).toBe(100);
  });
});
