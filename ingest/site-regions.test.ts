import { describe, expect, it } from "vitest";
import type { Site } from "../domain/schemas/site.ts";
import { withPlace } from "./site-regions.ts";

const site: Site = { externalId: "s1", businessId: "b1", name: "Plant", lat: 53.54, lon: 9.97 };
const hamburg = { region: { level: "nuts3", code: "DE600", name: "Hamburg", distanceM: 0 }, country: "DE" };

describe("withPlace", () => {
  it("gives a site the located region and country", () => {
    expect(withPlace(site, hamburg)).toEqual({ ...site, region: "DE600", address: { country: "DE" } });
  });

  it("puts the located region and country over declared ones, keeping the rest of the address", () => {
    const declared = { ...site, region: "DK-85", address: { city: "Hamburg", country: "DK" } };
    expect(withPlace(declared, hamburg)).toEqual({ ...site, region: "DE600", address: { city: "Hamburg", country: "DE" } });
  });

  it("keeps what was declared where no boundary covers the point, and adds nothing to a bare site", () => {
    const declared = { ...site, region: "DK01", address: { country: "DK" } };
    const nowhere = { region: null, country: null };
    expect(withPlace(declared, nowhere)).toEqual(declared);
    expect(withPlace(site, nowhere)).toEqual(site);
    expect(withPlace(site, null)).toEqual(site);
  });
});
