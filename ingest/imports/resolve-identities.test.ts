import { describe, expect, it } from "vitest";
import { ChunkResolver, resolveFlow, type KnownBusiness } from "./resolve-identities.ts";
import { nameKey } from "./identity.ts";

const portland: KnownBusiness = {
  id: "aalborg-portland",
  name: "Aalborg Portland",
  naceCode: "23.51",
  sites: [{ id: "ap-rordal", name: "Rørdal works", lat: 57.0555, lon: 9.932, flows: [{ id: "ap-kiln-heat", direction: "offer", resourceType: "waste_heat_high" }] }],
};
const known = new Map([[nameKey(portland.name), [portland]]]);
const row = (over: object) => ({ companyName: "Aalborg Portland A/S", lat: 57.053, lon: 9.93, direction: "offer" as const, resourceType: "waste_heat_high", ...over });

describe("deduplication of a chunk", () => {
  it("resolves a known company with a site nearby to it, recording the merge", () => {
    const r = new ChunkResolver(known).resolve(10, row({}));
    expect(r).toMatchObject({ businessId: "aalborg-portland", siteId: "ap-rordal", knownBusiness: portland, knownSite: portland.sites[0] });
    expect("merges" in r && r.merges.map((m) => [m.entityType, m.intoId])).toEqual([["business", "aalborg-portland"], ["site", "ap-rordal"]]);
  });

  it("treats the same name far away as another company", () => {
    const r = new ChunkResolver(known).resolve(2, row({ lat: 55.5, lon: 11.9 }));
    expect(r).toMatchObject({ businessId: expect.stringMatching(/^b-/), knownBusiness: undefined });
  });

  it("gives rows of one new company in one chunk one business and, in the same grid cell, one site", () => {
    const resolver = new ChunkResolver(new Map());
    const a = resolver.resolve(2, row({ companyName: "Novo Nordisk A/S", lat: 55.672, lon: 11.093 }));
    const b = resolver.resolve(3, row({ companyName: "NOVO NORDISK", lat: 55.6722, lon: 11.0932 }));
    const far = resolver.resolve(4, row({ companyName: "Novo Nordisk", lat: 55.69, lon: 11.093 }));
    expect(b).toMatchObject({ businessId: (a as { businessId: string }).businessId, siteId: (a as { siteId: string }).siteId });
    expect(far).toMatchObject({ businessId: (a as { businessId: string }).businessId });
    expect((far as { siteId: string }).siteId).not.toBe((a as { siteId: string }).siteId);
  });

  it("keeps a flow the company declared itself, and writes the register's own flows", () => {
    const kept = resolveFlow(10, row({}), "ap-rordal", portland.sites[0]);
    expect(kept).toMatchObject({ write: false, flowId: "ap-kiln-heat", merge: { entityType: "flow", intoId: "ap-kiln-heat" } });
    expect(resolveFlow(10, row({ direction: "need", resourceType: "fly_ash" }), "ap-rordal", portland.sites[0])).toMatchObject({ write: true, flowId: expect.stringMatching(/^f-/) });
    expect(resolveFlow(10, row({ flowId: "mine" }), "ap-rordal", portland.sites[0])).toEqual({ write: true, flowId: "mine" });
  });

  it("puts every row of an organization's own file under that organization", () => {
    const r = new ChunkResolver(new Map(), portland).resolve(2, row({ companyName: undefined, lat: 57.2, lon: 10 }));
    expect(r).toMatchObject({ businessId: "aalborg-portland", knownBusiness: portland, knownSite: undefined, siteId: expect.stringMatching(/^s-/) });
  });
});

describe("deduplication across the chunks of one import", () => {
  it("resolves to a business an earlier chunk created, even before it is written, and reports what it created", () => {
    const first = new ChunkResolver(new Map());
    const a = first.resolve(2, row({ companyName: "Novo Nordisk A/S", lat: 55.672, lon: 11.093 })) as { businessId: string; siteId: string };
    const created = first.created();
    expect(created.businesses).toEqual([{ id: a.businessId, nameKey: "novo nordisk", lat: 55.672, lon: 11.093 }]);

    const pending = new Map([["novo nordisk", [{ id: a.businessId, sites: created.sites.map(({ id, lat, lon }) => ({ id, lat, lon })) }]]]);
    // 1.5 km away, across an H3 cell edge: without the pending record this would be a new business.
    const later = new ChunkResolver(new Map(), undefined, { businesses: pending, ownerSites: [] }).resolve(900, row({ companyName: "NOVO NORDISK", lat: 55.6855, lon: 11.093 }));
    expect(later).toMatchObject({ businessId: a.businessId, knownBusiness: undefined, merges: [] });
  });
});
