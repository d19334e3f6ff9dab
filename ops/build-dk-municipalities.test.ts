import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDkMunicipalities } from "./build-dk-municipalities.ts";
import { danishMunicipalities, danishMunicipalitiesFile } from "../spatial/danish-municipalities.ts";

const dagi = {
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { KOMKODE: "0326", KOMNAVN: "Kalundborg" }, geometry: { type: "Polygon", coordinates: [[[11.087654321, 55.676543219, -999], [11.1, 55.7, -999], [11.2, 55.6, -999], [11.087654321, 55.676543219, -999]]] } },
    { type: "Feature", properties: { KOMKODE: "0101", KOMNAVN: "København" }, geometry: { type: "MultiPolygon", coordinates: [[[[12.5, 55.6, -999], [12.6, 55.7, -999], [12.55, 55.65, -999], [12.5, 55.6, -999]]]] } },
  ],
};

describe("building the shipped Danish municipalities from DAGI", () => {
  it("drops z, rounds to 5 decimals, names each kommune officially and says where it comes from", () => {
    const built = buildDkMunicipalities(dagi);

    expect(built.features.map((f) => f.properties)).toEqual([
      { KOMKODE: "0326", KOMNAVN: "Kalundborg Kommune" },
      { KOMKODE: "0101", KOMNAVN: "Københavns Kommune" },
    ]);
    expect(built.features[0]!.geometry).toEqual({ type: "Polygon", coordinates: [[[11.08765, 55.67654], [11.1, 55.7], [11.2, 55.6], [11.08765, 55.67654]]] });
    expect(built.features[1]!.geometry!.coordinates).toEqual([[[[12.5, 55.6], [12.6, 55.7], [12.55, 55.65], [12.5, 55.6]]]]);
    expect(built).toMatchObject({ generated_by: expect.stringMatching(/^ops\/build-dk-municipalities\.ts/), source: expect.stringMatching(/2014-02-13, scale 1:500,000/), licence: expect.stringMatching(/attribution/) });
  });

  it("refuses a feature without a 4-digit code", () => {
    expect(() => buildDkMunicipalities({ type: "FeatureCollection", features: [{ ...dagi.features[0]!, properties: { KOMKODE: "326", KOMNAVN: "Kalundborg" } }] })).toThrow(/4-digit KOMKODE/);
  });

  it("the shipped file has every kommune in 2-D and stays small", () => {
    const shipped = danishMunicipalities();

    expect(new Set(shipped.features.map((f) => f.properties?.KOMKODE)).size).toBe(99);
    expect(shipped.features).toHaveLength(311);
    expect(JSON.stringify(shipped.features.map((f) => f.geometry?.coordinates)).match(/-999/)).toBeNull();
    expect(statSync(danishMunicipalitiesFile()).size).toBeLessThan(1_500_000);
  });
});
