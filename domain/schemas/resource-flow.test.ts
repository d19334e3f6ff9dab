import { describe, expect, it } from "vitest";
import { fromZodError } from "../validation.ts";
import { ResourceFlowCreateSchema, ResourceFlowUpdateSchema, type ResourceFlowInput } from "./resource-flow.ts";

const breweryGrain: ResourceFlowInput = {
  externalId: "flow-brewery-grain",
  siteId: "site-brewery",
  direction: "offer",
  resourceType: "spent_grain",
  ewcCode: "02 07 02",
  quantity: { value: 40, unit: "t/day" },
  quality: { temperatureC: 60, purityPct: 95, hazardClass: "none" },
  availability: { schedule: { hoursPerWeek: 120 }, seasonality: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], start: "2025-01-01", end: "2030-12-31" },
  disposalCost: { eurPerUnit: 15 },
  precision: "measured",
  description: "Wet spent grain, 22 % dry matter, collected daily",
};

/** Fields named by a failed parse, as the API would report them. */
function fieldsOf(input: unknown, schema = ResourceFlowCreateSchema): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : fromZodError(result.error).errors!.map((e) => e.field);
}

describe("a brewery registers its spent grain", () => {
  it("and a complete, sensible flow parses", () => {
    expect(ResourceFlowCreateSchema.parse(breweryGrain)).toMatchObject({ resourceType: "spent_grain", precision: "measured" });
  });

  it("with only the essentials it parses too", () => {
    const { externalId, siteId, direction, resourceType, quantity, precision } = breweryGrain;
    expect(ResourceFlowCreateSchema.safeParse({ externalId, siteId, direction, resourceType, quantity, precision }).success).toBe(true);
  });

  it("24/7 is a valid schedule", () => {
    expect(ResourceFlowCreateSchema.safeParse({ ...breweryGrain, availability: { schedule: "24/7" } }).success).toBe(true);
  });
});

describe("bad input names the field to fix", () => {
  it("a resource type outside the taxonomy", () => {
    expect(fieldsOf({ ...breweryGrain, resourceType: "beer" })).toEqual(["resourceType"]);
  });

  it("a malformed EWC code", () => {
    expect(fieldsOf({ ...breweryGrain, ewcCode: "020702" })).toEqual(["ewcCode"]);
    expect(fieldsOf({ ...breweryGrain, ewcCode: "07 01 04*", quality: { hazardClass: "HP3" } })).toEqual([]);
  });

  it("a unit that doesn't exist or doesn't fit the resource, with the accepted list", () => {
    const result = ResourceFlowCreateSchema.safeParse({ ...breweryGrain, quantity: { value: 3, unit: "kW" } });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(["quantity", "unit"]);
    expect(issue.message).toMatch(/does not fit spent_grain; accepted: .*t\/yr/);
    expect(fieldsOf({ ...breweryGrain, quantity: { value: 3, unit: "bushels" } })).toEqual(["quantity.unit"]);
  });

  it("zero quantity, impossible temperature, purity above 100 %", () => {
    expect(fieldsOf({ ...breweryGrain, quantity: { value: 0, unit: "t/yr" } })).toEqual(["quantity.value"]);
    expect(fieldsOf({ ...breweryGrain, quality: { temperatureC: -300, purityPct: 120 } }).sort()).toEqual([
      "quality.purityPct",
      "quality.temperatureC",
    ]);
  });

  it("months outside 1..12, repeated months, and an end before the start", () => {
    expect(fieldsOf({ ...breweryGrain, availability: { seasonality: [0, 13] } }).sort()).toEqual([
      "availability.seasonality.0",
      "availability.seasonality.1",
    ]);
    expect(fieldsOf({ ...breweryGrain, availability: { seasonality: [1, 1] } })).toEqual(["availability.seasonality"]);
    expect(fieldsOf({ ...breweryGrain, availability: { start: "2026-01-01", end: "2025-01-01" } })).toEqual(["availability.end"]);
    expect(fieldsOf({ ...breweryGrain, availability: { schedule: { hoursPerWeek: 200 } } })).toEqual(["availability.schedule.hoursPerWeek"]);
  });

  it("price and disposal cost together, and a hazardous EWC entry declared harmless", () => {
    expect(fieldsOf({ ...breweryGrain, price: { eurPerUnit: 5 } })).toEqual(["disposalCost"]);
    expect(fieldsOf({ ...breweryGrain, ewcCode: "07 01 04*", quality: { hazardClass: "none" } })).toEqual(["quality.hazardClass"]);
  });

  it("a missing direction and precision", () => {
    const { direction: _d, precision: _p, ...rest } = breweryGrain;
    expect(fieldsOf(rest).sort()).toEqual(["direction", "precision"]);
  });
});

describe("updating a flow", () => {
  it("needs the version the caller saw and accepts any subset of fields", () => {
    expect(ResourceFlowUpdateSchema.safeParse({ version: 3, quantity: { value: 45, unit: "t/day" } }).success).toBe(true);
    expect(fieldsOf({ quantity: { value: 45, unit: "t/day" } }, ResourceFlowUpdateSchema as never)).toEqual(["version"]);
  });

  it("cannot move a flow to another site or change its id: the fields are refused by name, not dropped", () => {
    expect(fieldsOf({ version: 1, siteId: "elsewhere", externalId: "x" }, ResourceFlowUpdateSchema as never)).toEqual(["siteId", "externalId"]);
  });

  it("refuses an unknown field at any depth, naming it", () => {
    expect(fieldsOf({ version: 1, quality: { temperatureC: 60, colour: "red" } }, ResourceFlowUpdateSchema as never)).toEqual(["quality.colour"]);
  });

  it("checks the unit against the resource type when both change", () => {
    expect(fieldsOf({ version: 1, resourceType: "steam", quantity: { value: 1, unit: "m3/h" } }, ResourceFlowUpdateSchema as never)).toEqual([
      "quantity.unit",
    ]);
  });
});
