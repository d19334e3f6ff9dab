import { describe, expect, it } from "vitest";
import { naceClasses, parseDatasetFile } from "./dataset.ts";

const company = (id: string, extra: object = {}) => ({ id, name: id, nace: "23.51", lat: 1, lon: 2, coord_precision: "site", outputs: [], inputs: [], ...extra });
const exchange = (id: string, extra: object = {}) => ({
  id, from: "A", to: "B", resource: "steam", resource_detail: null, quantity: null, unit: null, year: null, start_year: null, end_year: null,
  status: "active", confidence: "high", source: ["S1"], notes: null, ...extra,
});

describe("parseDatasetFile", () => {
  it("keeps good records and reports each bad one by file and index", () => {
    const json = {
      sources: [{ id: "S1", type: "paper", citation: "a paper", url: null, supports: null }],
      parks: [
        {
          name: "P",
          companies: [company("A"), company("B"), { id: "C", name: "C" }],
          exchanges: [exchange("E1"), exchange("E2", { status: "rumoured" }), exchange("E3", { to: "Z" }), exchange("E4", { source: [] })],
        },
        { companies: [] },
      ],
    };
    const { areas, bad } = parseDatasetFile("x.json", json, new Set());
    expect(areas).toHaveLength(1);
    expect(areas[0]!.companies.map((c) => c.id)).toEqual(["A", "B"]);
    expect(areas[0]!.exchanges.map((e) => e.id)).toEqual(["E1"]);
    expect(bad.map((b) => `${b.file} ${b.at}`)).toEqual([
      "x.json parks[0].companies[2]",
      "x.json parks[0].exchanges[1]",
      "x.json parks[0].exchanges[2]",
      "x.json parks[0].exchanges[3]",
      "x.json parks[1]",
    ]);
    expect(bad[2]!.problem).toMatch(/no \(valid\) company Z/);
  });
  it("reports a file that is not a dataset", () => {
    expect(parseDatasetFile("y.json", { hello: 1 }, new Set()).bad[0]).toMatchObject({ file: "y.json", at: "(file)" });
  });
});

describe("naceClasses", () => {
  it("splits lists and drops words", () => {
    expect(naceClasses("23.51; 23.52")).toEqual(["23.51", "23.52"]);
    expect(naceClasses("various")).toEqual([]);
    expect(naceClasses("24")).toEqual(["24"]);
  });
});
