/** Builders of valid domain documents for tests; override what the story is about. */
import type { Business } from "../../domain/schemas/business.ts";
import type { Site } from "../../domain/schemas/site.ts";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";

let counter = 0;
const next = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export function aBusiness(overrides: Partial<Business> = {}): Business {
  return { externalId: next("biz"), name: "Nordic Dairy A/S", naceCode: "10.51", size: "medium", ...overrides };
}

export function aSite(businessId: string, overrides: Partial<Site> = {}): Site {
  return { externalId: next("site"), businessId, name: "Main plant", lat: 55.68, lon: 11.1, region: "DK-85", ...overrides };
}

export function aFlow(siteId: string, overrides: Partial<ResourceFlow> = {}): ResourceFlow {
  return {
    externalId: next("flow"),
    siteId,
    direction: "offer",
    resourceType: "waste_heat_low",
    quantity: { value: 1200, unit: "MWh/yr" },
    quality: { temperatureC: 55 },
    precision: "estimated",
    ...overrides,
  };
}
