import { describe, expect, it } from "vitest";
import { generateRegion } from "./generate-region.ts";
import { demoAccountSpecs, demoOrgsOfBusinesses, demoOrgsOfRegion, formatDemoAccounts } from "./demo-accounts.ts";

describe("demo accounts", () => {
  it("pick the first dairy, greenhouse and brewery of a generated region", () => {
    const region = generateRegion({ sites: 300, seed: 42 });
    const orgs = demoOrgsOfRegion(region);
    expect(orgs.map((o) => o.slug)).toEqual(["dairy", "greenhouse", "brewery"]);
    for (const org of orgs) {
      const i = region.sites.findIndex((s) => s.businessId === org.orgId);
      expect(region.siteTemplateIds[i]).toBe(org.slug);
      expect(region.businesses.find((b) => b.externalId === org.orgId)?.name).toBe(org.orgName);
    }
  });

  it("leave out templates a tiny region lacks", () => {
    expect(demoOrgsOfRegion(generateRegion({ sites: 1, seed: 1 }), ["no_such_template"])).toEqual([]);
  });

  it("prefer the named company of a sector, else the first of its NACE code", () => {
    const businesses = [
      { externalId: "c1", name: "Other Cement", naceCode: "23.51" },
      { externalId: "c2", name: "AALBORG PORTLAND A/S", naceCode: "23.51" },
      { externalId: "r1", name: "Some Refinery", naceCode: "19.20" },
    ];
    expect(demoOrgsOfBusinesses(businesses)).toEqual([
      { slug: "cement", orgId: "c2", orgName: "AALBORG PORTLAND A/S" },
      { slug: "refinery", orgId: "r1", orgName: "Some Refinery" },
    ]);
  });

  it("are an admin, a facilitator and an org_admin plus an org_member per organization", () => {
    const specs = demoAccountSpecs([{ slug: "dairy", orgId: "b1", orgName: "Mejeri A/S" }]);
    expect(specs.map((s) => [s.email, s.role, s.org?.orgId])).toEqual([
      ["admin@turash.local", "admin", undefined],
      ["facilitator@turash.local", "facilitator", undefined],
      ["dairy@turash.local", "org_admin", "b1"],
      ["dairy.staff@turash.local", "org_member", "b1"],
    ]);
    const lines = formatDemoAccounts(specs.map((s) => ({ ...s, created: true })));
    expect(lines[0]).toContain('password "turash-demo"');
    expect(lines[3]).toMatch(/dairy@turash\.local\s+org_admin\s+Mejeri A\/S \[b1\]/);
  });
});
