import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceKm } from "../domain/geodesy.ts";
import { normalizeFlow } from "../domain/normalize-flow.ts";
import { BusinessCreateSchema } from "../domain/schemas/business.ts";
import { ResourceFlowCreateSchema } from "../domain/schemas/resource-flow.ts";
import { SiteCreateSchema } from "../domain/schemas/site.ts";
import { findResourceType } from "../domain/taxonomy.ts";
import { generateRegion } from "./generate-region.ts";
import { PLANT_TEMPLATES } from "../domain/plant-templates.ts";
import { TOWNS } from "./towns.ts";

describe("plant templates", () => {
  it("use only resource types from the taxonomy and units that fit them", () => {
    for (const template of PLANT_TEMPLATES)
      for (const flow of template.flows) {
        expect(findResourceType(flow.resourceType), `${template.id} → ${flow.resourceType}`).toBeDefined();
      }
  });

  it("cover the industries a symbiosis region is made of", () => {
    const naces = new Set(PLANT_TEMPLATES.map((t) => t.nace));
    for (const nace of ["10.51", "11.05", "63.11", "35.11", "23.51", "24.10", "01.13", "03.22", "17.12", "20.14", "35.30", "37.00", "16.10", "10.39", "10.11", "35.21", "23.62", "01.46", "19.20", "23.11", "24.51"])
      expect(naces).toContain(nace);
  });
});

describe("a region of 2,000 sites around Danish and North German towns", () => {
  const region = generateRegion({ sites: 2_000, seed: 42 });
  const templateOf = new Map(region.sites.map((s, i) => [s.externalId, region.siteTemplateIds[i]]));

  it("is the same every time for the same seed, and different for another", () => {
    const again = generateRegion({ sites: 2_000, seed: 42 });
    expect(JSON.stringify(again.flows)).toBe(JSON.stringify(region.flows));
    expect(JSON.stringify(again.sites)).toBe(JSON.stringify(region.sites));
    expect(JSON.stringify(again.businesses)).toBe(JSON.stringify(region.businesses));
    expect(JSON.stringify(generateRegion({ sites: 2_000, seed: 43 }).sites)).not.toBe(JSON.stringify(region.sites));
  });

  it("is a prefix of every bigger region of the same seed: growing it changes none of the existing records", () => {
    for (const [small, big] of [[5, 10], [5, 90], [300, 2_000]] as const) {
      const a = generateRegion({ sites: small, seed: 42 });
      const b = generateRegion({ sites: big, seed: 42 });
      expect(b.sites.slice(0, small)).toEqual(a.sites);
      expect(b.flows.slice(0, a.flows.length)).toEqual(a.flows);
      expect(b.businesses.slice(0, a.businesses.length)).toEqual(a.businesses);
      expect(b.parks.slice(0, a.parks.length)).toEqual(a.parks);
    }
  });

  it("has exactly the sites asked for, each run by a known business and declaring at least one flow", () => {
    expect(region.sites).toHaveLength(2_000);
    const businessIds = new Set(region.businesses.map((b) => b.externalId));
    const withFlows = new Set(region.flows.map((f) => f.siteId));
    for (const site of region.sites) {
      expect(businessIds.has(site.businessId)).toBe(true);
      expect(withFlows.has(site.externalId)).toBe(true);
    }
  });

  it("has unique external ids", () => {
    const ids = [...region.businesses, ...region.sites, ...region.flows].map((x) => x.externalId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("clusters sites around the towns, none further than 40 km, most within 15 km", () => {
    const nearest = region.sites.map((s) => Math.min(...TOWNS.map((t) => distanceKm(s, t))));
    expect(Math.max(...nearest)).toBeLessThan(40);
    expect(nearest.filter((d) => d < 15).length / nearest.length).toBeGreaterThan(0.7);
  });

  it("has plausible proportions: SMEs dominate, heavy industry is rare, offers and needs both abound", () => {
    const sizes = new Map<string, number>();
    for (const b of region.businesses) sizes.set(b.size!, (sizes.get(b.size!) ?? 0) + 1);
    const large = (sizes.get("large") ?? 0) / region.businesses.length;
    expect(large).toBeGreaterThan(0.02);
    expect(large).toBeLessThan(0.25);
    expect((sizes.get("micro") ?? 0) + (sizes.get("small") ?? 0)).toBeGreaterThan(region.businesses.length / 2);

    const offers = region.flows.filter((f) => f.direction === "offer").length / region.flows.length;
    expect(offers).toBeGreaterThan(0.4);
    expect(offers).toBeLessThan(0.7);
    const perSite = region.flows.length / region.sites.length;
    expect(perSite).toBeGreaterThan(2);
    expect(perSite).toBeLessThan(6);

    const kinds = region.siteTemplateIds;
    const share = (id: string) => kinds.filter((k) => k === id).length / kinds.length;
    expect(share("metalworks")).toBeGreaterThan(share("cement") * 10);
    expect(share("refinery")).toBeLessThan(0.01);
  });

  it("declares quantities in many units, which normalize back to realistic magnitudes", () => {
    expect(new Set(region.flows.map((f) => f.quantity.unit)).size).toBeGreaterThan(20);
    const heatOfDataCentres = region.flows
      .filter((f) => templateOf.get(f.siteId) === "data_centre" && f.resourceType === "waste_heat_low")
      .map((f) => normalizeFlow(f).normalized.annual)
      .sort((a, b) => a - b);
    const median = heatOfDataCentres[Math.floor(heatOfDataCentres.length / 2)]!;
    expect(median).toBeGreaterThan(15_000); // MWh/yr: a few MW of IT load
    expect(median).toBeLessThan(100_000);
  });

  it("gives heat flows temperatures in their band and hazardous wastes a hazard class", () => {
    for (const f of region.flows) {
      if (f.resourceType === "waste_heat_low" && f.direction === "offer") expect(f.quality?.temperatureC).toBeLessThan(90);
      if (f.resourceType === "waste_heat_high" && f.direction === "offer") expect(f.quality?.temperatureC).toBeGreaterThanOrEqual(90);
      if (findResourceType(f.resourceType)?.hazardous) expect(f.quality?.hazardClass).toMatch(/^HP\d+$/);
    }
  });
});

describe("property: every generated region validates against the schemas", () => {
  it("for any seed and size", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), fc.integer({ min: 1, max: 120 }), (seed, sites) => {
        const region = generateRegion({ sites, seed });
        expect(region.sites).toHaveLength(sites);
        for (const b of region.businesses) expect(BusinessCreateSchema.safeParse(b).error?.issues).toBeUndefined();
        for (const s of region.sites) expect(SiteCreateSchema.safeParse(s).error?.issues).toBeUndefined();
        for (const f of region.flows) {
          expect(ResourceFlowCreateSchema.safeParse(f).error?.issues).toBeUndefined();
          expect(normalizeFlow(f).normalized.annual).toBeGreaterThan(0);
        }
      }),
      { numRuns: 40 },
    );
  }, 30_000);
});

describe("scale", () => {
  // How fast it generates is `npm run bench:generate`'s to measure (bench/results/generate-region.json),
  // not a test's: a timing assert flakes on a busy machine.
  it("generates 100,000 sites with distinct ids, every flow at one of them", () => {
    const region = generateRegion({ sites: 100_000, seed: 1 });
    expect(region.sites).toHaveLength(100_000);
    expect(region.flows.length).toBeGreaterThan(250_000);
    const siteIds = new Set(region.sites.map((s) => s.externalId));
    expect(siteIds.size).toBe(100_000);
    expect(region.flows.filter((f) => !siteIds.has(f.siteId))).toEqual([]);
  }, 60_000);
});
