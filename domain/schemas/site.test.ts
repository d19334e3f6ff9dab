import { describe, expect, it } from "vitest";
import { SiteCreateSchema } from "./site.ts";

describe("a dairy's site", () => {
  const site = { externalId: "site-1", businessId: "biz-1", name: "Holstebro plant", lat: 56.36, lon: 8.62, address: { city: "Holstebro", country: "DK" } };

  it("has coordinates on Earth", () => {
    expect(SiteCreateSchema.safeParse(site).success).toBe(true);
    const bad = SiteCreateSchema.safeParse({ ...site, lat: 91, lon: -181, address: { country: "Denmark" } });
    expect(bad.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["address.country", "lat", "lon"]);
  });

  it("and a sane external id", () => {
    expect(SiteCreateSchema.safeParse({ ...site, externalId: "has space" }).error?.issues[0]?.path).toEqual(["externalId"]);
  });
});
