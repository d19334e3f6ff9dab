import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anonymousSide, matchAudiences } from "./match-audience.ts";
import { aMatchEvent } from "./test-helpers.ts";

const to = (emissions: ReturnType<typeof matchAudiences>, room: string) => emissions.filter((e) => e.rooms.includes(room)).map((e) => e.payload);

describe("who hears what of a match event", () => {
  it("each party gets its own side in full and the undisclosed counterpart as a resource type in an H3 cell", () => {
    const out = matchAudiences(aMatchEvent(), { supply: false, demand: false });
    const [forDemand] = to(out, "org:org-demand:match");
    expect(forDemand).toMatchObject({ disclosure: "anonymous", demandFlowId: "flow-demand", supplyFlowId: null, supplyOrgId: null, demand: { siteId: "site-demand" } });
    expect(forDemand!.supply.siteId).toBeNull();
    expect(forDemand!.supply.cell).toMatch(/^87/); // res 7
    expect(forDemand!.supply.resourceType).toBe("waste_heat_low");
    const text = JSON.stringify(forDemand);
    for (const secret of ["org-supply", "flow-supply", "site-supply", "55.61234"]) expect(text).not.toContain(secret);
    expect(to(out, "facilitators")).toHaveLength(0);
  });

  it("names the counterpart once it is disclosed (public, or both said interested)", () => {
    const out = matchAudiences(aMatchEvent(), { supply: true, demand: false });
    expect(to(out, "org:org-demand:match")[0]).toMatchObject({ disclosure: "named", supplyOrgId: "org-supply", supply: { siteId: "site-supply", lat: 55.61234 } });
    expect(to(out, "org:org-supply:match")[0]).toMatchObject({ disclosure: "anonymous", demandOrgId: null });
  });

  it("sends facilitator-routed matches in full to facilitators", () => {
    const out = matchAudiences(aMatchEvent({ route: "facilitator" }), { supply: false, demand: false });
    expect(to(out, "facilitators")[0]).toMatchObject({ supplyOrgId: "org-supply", demandOrgId: "org-demand", disclosure: "named" });
  });

  it("tells the other party a rejected match was declined, not the one who declined", () => {
    const out = matchAudiences(aMatchEvent(), { supply: false, demand: false }, "org-demand");
    expect(to(out, "org:org-supply:match")[0]!.reason).toBe("declined");
    expect(to(out, "org:org-demand:match")[0]!.reason).toBeUndefined();
  });

  it("property: an anonymous copy holds no id, name or coordinate of the counterpart, and nearby sites share a cell", () => {
    const id = fc.stringMatching(/^[a-z][a-z0-9-]{5,20}$/);
    fc.assert(
      fc.property(id, id, id, fc.double({ min: -60, max: 70, noNaN: true }), fc.double({ min: -170, max: 170, noNaN: true }), (org, flow, site, lat, lon) => {
        const m = aMatchEvent({ supplyOrgId: `o-${org}`, supplyFlowId: `f-${flow}`, supply: { siteId: `s-${site}`, lat, lon, resourceType: "steam" } });
        const [seen] = to(matchAudiences(m, { supply: false, demand: false }), "org:org-demand:match");
        const text = JSON.stringify(seen);
        expect(text).not.toContain(`o-${org}`);
        expect(text).not.toContain(`f-${flow}`);
        expect(text).not.toContain(`s-${site}`);
        // The shown point is the cell centre: the same for a site a few metres away.
        const near = anonymousSide({ siteId: "x", lat: lat + 1e-6, lon, resourceType: "steam" });
        expect(near.cell === seen!.supply.cell ? near.lat : seen!.supply.lat).toBe(seen!.supply.lat);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
