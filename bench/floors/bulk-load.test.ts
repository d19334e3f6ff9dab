import { describe, expect, it } from "vitest";
import { generateRegion } from "../../seed/generate-region.ts";
import { FLOW_COLUMNS } from "../../spatial/index-store.ts";
import { batches, bulkLoadRows, copyArray, FLOW_COPY_COLUMNS, floorVerdict, registerSlice, siteCopyLine, SITE_COPY_COLUMNS } from "./bulk-load.ts";

describe("ingest floor (bulk load)", () => {
  const region = generateRegion({ sites: 40, seed: 7, idPrefix: "floor" });

  it("takes the register's flows with exactly the sites and businesses they need", () => {
    const slice = registerSlice(region, 25);
    expect(slice.flows).toEqual(region.flows.slice(0, 25));
    const siteIds = new Set(slice.flows.map((f) => f.siteId));
    expect(new Set(slice.sites.map((s) => s.externalId))).toEqual(siteIds);
    expect(new Set(slice.businesses.map((b) => b.externalId))).toEqual(new Set(slice.sites.map((s) => s.businessId)));
  });

  it("prepares one graph row and one COPY line per flow, each line with every column", () => {
    const rows = bulkLoadRows(registerSlice(region, 25));
    expect(rows.flows).toHaveLength(25);
    expect(rows.flowLines).toHaveLength(25);
    expect(rows.siteLines).toHaveLength(rows.sites.length);
    for (const line of rows.flowLines) expect(line.endsWith("\n") && line.slice(0, -1).split("\t")).toHaveLength(FLOW_COPY_COLUMNS.length);
    expect(FLOW_COPY_COLUMNS).toHaveLength(FLOW_COLUMNS.length + 3);
    expect(rows.flows.every((f) => f.rel === "OFFERS" || f.rel === "NEEDS")).toBe(true);
  });

  it("writes a site's point as EWKT and escapes its text", () => {
    const line = siteCopyLine({ siteId: "s1", orgId: "b1", name: "Mill\tNorth", regionCode: null, countryCode: "DK", lat: 55.5, lon: 12.25, version: 1 });
    expect(line).toBe("s1\tb1\tMill\\tNorth\t\\N\tDK\tSRID=4326;POINT(12.25 55.5)\t1\n");
    expect(line.slice(0, -1).split("\t")).toHaveLength(SITE_COPY_COLUMNS.length);
  });

  it("quotes array elements so commas and quotes stay inside them", () => {
    expect(copyArray(null)).toBeNull();
    expect(copyArray([])).toBe("{}");
    expect(copyArray(["H1", 'a,"b"'])).toBe('{"H1","a,\\"b\\""}');
  });

  it("slices batches and refuses a size below one", () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => batches([1], 0)).toThrow(RangeError);
  });

  it("meets the aim at half the floor's rate, not below", () => {
    expect(floorVerdict(500, 1000)).toEqual({ ratio: 0.5, met: true });
    expect(floorVerdict(499, 1000).met).toBe(false);
  });
});
