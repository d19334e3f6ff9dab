import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { normalizeFlow } from "../domain/normalize-flow.ts";
import { loadHotmaps, parseHotmaps, type HotmapsImport } from "./hotmaps.ts";

const DATASET = process.env.HOTMAPS_CSV ?? "/work/shared/datasets/hotmaps-industrial-database/Industrial_Database.csv";
const present = existsSync(DATASET);

const HEADER =
  '"SiteID";"CompanyName";"SiteName";"Address";"CityCode";"City";"Country";"geom";"Subsector";"DataSource";"Emissions_ETS_2014";"Emissions_EPRTR_2014";"Production";"Fuel_Demand";"Excess_Heat_100-200C";"Excess_Heat_200-500C";"Excess_Heat_500C";"Excess_Heat_Total"';

describe("parsing a Hotmaps extract", () => {
  const text = [
    HEADER,
    '288;"AALBORG PORTLAND A/S";"AALBORG PORTLAND A/S";"Rørdalsvej 44";"9220";"Aalborg";"Denmark";"SRID=4326;POINT(9.976490263274 57.062538616191)";"Cement";"ETS/EPRTR";1718011.00;1720000.00;2700000.00;3000.00;0.00;450.00;0.00;450.00',
    '1386;"CONFIDENTIAL";"CONFIDENTIAL";"CONFIDENTIAL ";"CONFIDENTIAL";"CONFIDENTIAL";"Germany";;"Cement";"EPRTR";;;;;0.00;0.00;0.00;0.00',
    '9001;"Bad Geo";"Bad Geo";"";"";"";"Denmark";"SRID=4326;POINT(abc)";"Glass";"ETS";;;;;;;;',
    '9002;"Far North";"Far North";"";"";"";"Norway";"SRID=4326;POINT(10 95)";"Glass";"ETS";;;;;;;;',
  ].join("\n");
  const result = parseHotmaps(text);

  it("maps a row with geometry to a business, a site and one offer per heat band", () => {
    expect(result.businesses).toEqual([
      expect.objectContaining({ name: "AALBORG PORTLAND A/S", naceCode: "23.51" }),
    ]);
    expect(result.sites[0]).toMatchObject({
      externalId: "hotmaps-site-288",
      lat: 57.062538616191,
      lon: 9.976490263274,
      address: { street: "Rørdalsvej 44", postcode: "9220", city: "Aalborg", country: "DK" },
    });
    expect(result.flows).toEqual([
      expect.objectContaining({
        externalId: "hotmaps-flow-288-200-500c",
        direction: "offer",
        resourceType: "waste_heat_high",
        quantity: { value: 450, unit: "GWh/yr" },
        quality: { temperatureC: 350 },
        precision: "estimated",
      }),
    ]);
    expect(normalizeFlow(result.flows[0]!).normalized.annual).toBe(450_000);
  });

  it("reports rows without geometry, with bad geometry or invalid coordinates by line number", () => {
    expect(result.skipped).toEqual([
      { line: 3, siteId: "1386", reason: "no geometry" },
      { line: 4, siteId: "9001", reason: expect.stringMatching(/^geom:/) },
      { line: 5, siteId: "9002", reason: expect.stringMatching(/site\.lat/) },
    ]);
  });

  it("refuses a file that isn't the Hotmaps database", () => {
    expect(() => parseHotmaps("a;b;c\n1;2;3")).toThrow(/not a Hotmaps/);
  });
});

describe.skipIf(!present)(`the whole Hotmaps industrial database${present ? "" : ` (SKIPPED: dataset not found at ${DATASET}; set HOTMAPS_CSV)`}`, () => {
  let data: HotmapsImport;
  beforeAll(async () => {
    data = await loadHotmaps(DATASET);
  });

  it("loads: 5,029 rows, 4,505 with geometry, the 524 others skipped with their line", () => {
    expect(data.stats.rows).toBe(5_029);
    expect(data.stats.withGeometry).toBe(4_505);
    expect(data.sites).toHaveLength(4_505);
    expect(data.skipped).toHaveLength(524);
    expect(data.skipped.every((s) => s.reason === "no geometry" && s.line >= 2 && s.line <= 5_030)).toBe(true);
  });

  it("finds 1,057 rows with excess heat, 980 of them placed on the map, ≈ 93.7 TWh/yr in all rows", () => {
    expect(data.stats.rowsWithExcessHeat).toBe(1_057);
    expect(data.stats.sitesWithExcessHeat).toBe(980);
    const allRows = data.records.reduce((sum, r) => sum + (r.excessHeatTotal ?? 0), 0);
    expect(allRows / 1_000).toBeCloseTo(93.7, 1);
    expect(data.stats.excessHeatGWh).toBeLessThan(allRows);
    expect(new Set(data.flows.map((f) => f.resourceType))).toEqual(new Set(["waste_heat_high"]));
  });

  it("knows Aalborg Portland: ≈ 450 GWh/yr at 200–500 °C", () => {
    const flows = data.flows.filter((f) => f.siteId === "hotmaps-site-288");
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ quantity: { value: 450, unit: "GWh/yr" }, quality: { temperatureC: 350 } });
  });

  it("knows the Statoil refinery at Kalundborg, on the map but without a heat estimate", () => {
    const site = data.sites.find((s) => s.externalId === "hotmaps-site-285");
    expect(site).toMatchObject({ address: { city: "Kalundborg", country: "DK" } });
    expect(site!.lat).toBeCloseTo(55.654, 2);
    expect(data.businesses.find((b) => b.externalId === site!.businessId)?.naceCode).toBe("19.20");
    expect(data.flows.some((f) => f.siteId === "hotmaps-site-285")).toBe(false);
  });

  it("groups sites of one company under one business", () => {
    expect(data.businesses.length).toBeLessThan(data.sites.length);
    const perBusiness = new Map<string, number>();
    for (const s of data.sites) perBusiness.set(s.businessId, (perBusiness.get(s.businessId) ?? 0) + 1);
    expect(Math.max(...perBusiness.values())).toBeGreaterThan(5);
  });
});
