import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MapSiteRow } from "../../../spatial/map-sites.ts";
import { mapFeatures } from "./presenter.ts";

const row = (o: Partial<MapSiteRow> = {}): MapSiteRow => ({ siteId: "site-1", orgId: "org-a", name: "Plant A", lat: 55.6761, lon: 12.5683, role: "supplier", resourceTypes: ["waste_heat_low"], ...o });

describe("map features", () => {
  it("shows your own and public organizations' sites as named points", () => {
    const features = mapFeatures([row(), row({ siteId: "site-2", orgId: "org-pub", name: "Open Co" })], new Set(["org-a"]), new Set(["org-pub"]));
    expect(features.map((f) => [f.properties.kind, f.id, "name" in f.properties ? f.properties.name : null])).toEqual([
      ["site", "site-1", "Plant A"],
      ["site", "site-2", "Open Co"],
    ]);
    expect(features[0]!.properties.own).toBe(true);
    expect(features[1]!.properties.own).toBe(false);
  });

  it("names the organization of a named site, never of a confidential one", () => {
    const names = new Map([["org-a", "Alpha Mejeri A/S"], ["org-pub", "Open Co GmbH"], ["org-x", "Secret Gartneri ApS"]]);
    const features = mapFeatures([row(), row({ siteId: "site-2", orgId: "org-pub" }), row({ siteId: "secret-1", orgId: "org-x" })], new Set(["org-a"]), new Set(["org-pub"]), names);
    expect(features.map((f) => ("orgName" in f.properties ? f.properties.orgName : null))).toEqual(["Alpha Mejeri A/S", "Open Co GmbH", null]);
    expect(JSON.stringify(features)).not.toContain("Secret");
  });

  it("shows a confidential organization's sites only as an H3 cell with resource types and roles", () => {
    const features = mapFeatures(
      [row({ siteId: "secret-1", orgId: "org-x" }), row({ siteId: "secret-2", orgId: "org-y", lat: 55.6762, lon: 12.5684, role: "consumer", resourceTypes: ["space_heating"] })],
      new Set(["org-a"]),
      new Set(),
    );
    expect(features).toHaveLength(1);
    expect(features[0]!.properties).toMatchObject({ kind: "cell", role: "both", resourceTypes: ["space_heating", "waste_heat_low"], sites: 2, own: false });
    const text = JSON.stringify(features);
    for (const secret of ["secret-1", "secret-2", "org-x", "org-y", "Plant A", "55.6761", "12.5683"]) expect(text).not.toContain(secret);
  });

  it("property: no confidential site's id, name or organization ever appears, and its point is within ~3 km", () => {
    const id = fc.stringMatching(/^[a-z]{6,12}$/);
    fc.assert(
      fc.property(id, id, id, fc.double({ min: -60, max: 70, noNaN: true }), fc.double({ min: -179, max: 179, noNaN: true }), (siteId, orgId, name, lat, lon) => {
        const [f] = mapFeatures([row({ siteId: `s-${siteId}`, orgId: `o-${orgId}`, name: `n-${name}`, lat, lon })], new Set(["org-a"]), new Set());
        const text = JSON.stringify(f);
        expect(text).not.toContain(`s-${siteId}`);
        expect(text).not.toContain(`o-${orgId}`);
        expect(text).not.toContain(`n-${name}`);
        const [flon, flat] = f!.geometry.coordinates;
        expect(Math.abs(flat - lat)).toBeLessThan(0.03);
        expect(Math.abs(flon - lon) * Math.cos((lat * Math.PI) / 180)).toBeLessThan(0.03);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
