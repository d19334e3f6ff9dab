import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EWC_CHAPTERS, EWC_CODES, EWC_SOURCE, ewcCodeProblem, findEwcCode, starred } from "./ewc.ts";
import { EwcCodeSchema } from "./schemas/resource-flow.ts";
import { RESOURCE_TYPES, findResourceType } from "./taxonomy.ts";

const raw = JSON.parse(readFileSync(new URL("./ewc-codes.json", import.meta.url), "utf8")) as {
  source: { counts: { codes: number; hazardous: number } };
  codes: { code: string; hazardous: boolean }[];
};

describe("list of waste", () => {
  it("holds every six-digit code of Decision 2014/955/EU once, with its source", () => {
    expect(EWC_CODES.length).toBe(842);
    expect(new Set(EWC_CODES.map((c) => c.code)).size).toBe(EWC_CODES.length);
    for (const c of EWC_CODES) expect(c.code).toMatch(/^\d{2} \d{2} \d{2}$/);
    expect(String(EWC_SOURCE.legalTextUrl)).toContain("data.europa.eu/eli/dec/2014/955");
    expect(EWC_SOURCE.machineReadableCopy).toBeTruthy();
    expect(EWC_SOURCE.licence).toBeTruthy();
    expect(raw.source.counts.codes).toBe(EWC_CODES.length);
  });

  it("maps every code to a resource type of the taxonomy", () => {
    for (const c of EWC_CODES) expect(findResourceType(c.resourceType), starred(c)).toBeDefined();
  });

  it("keeps each code's hazardous mark through the mapping", () => {
    const hazardous = EWC_CODES.filter((c) => c.hazardous).length;
    expect(hazardous).toBe(raw.source.counts.hazardous);
    raw.codes.forEach((c, i) => expect(EWC_CODES[i]!.hazardous).toBe(c.hazardous));
    // A starred pickling acid stays hazardous although its type is a recoverable acid.
    expect(findEwcCode("11 01 05*")).toMatchObject({ hazardous: true, resourceType: "hydrochloric_acid" });
    expect(findEwcCode("010309")).toMatchObject({ hazardous: false, resourceType: "bauxite_residue" });
  });

  it("gives every chapter and sub-chapter a title", () => {
    for (const c of EWC_CODES) {
      expect(EWC_CHAPTERS[c.code.slice(0, 2)], c.code).toBeTruthy();
      expect(EWC_CHAPTERS[c.code.slice(0, 5)], c.code).toBeTruthy();
    }
  });

  it("maps the codes a resource type lists to that type, with the same star", () => {
    for (const type of RESOURCE_TYPES) {
      for (const code of type.ewc) {
        const entry = findEwcCode(code);
        expect(entry, `${type.id}: ${code}`).toBeDefined();
        expect(starred(entry!), `${type.id}: ${code}`).toBe(code);
        const listing = RESOURCE_TYPES.filter((t) => t.ewc.includes(code)).map((t) => t.id);
        expect(listing, `${type.id}: ${code}`).toContain(entry!.resourceType);
      }
    }
  });

  it("maps the heavy-industry by-products of issue 12 to their own types", () => {
    expect(findEwcCode("16 08 02*")?.resourceType).toBe("spent_catalyst");
    expect(findEwcCode("16 11 01*")?.resourceType).toBe("spent_pot_lining");
    expect(findEwcCode("10 02 07*")?.resourceType).toBe("metal_bearing_residue");
    expect(findEwcCode("10 02 10")?.resourceType).toBe("mill_scale");
    expect(findEwcCode("19 12 10")?.resourceType).toBe("refuse_derived_fuel");
    expect(findEwcCode("20 03 01")?.resourceType).toBe("mixed_industrial_waste");
    expect(findEwcCode("06 01 02*")?.resourceType).toBe("hydrochloric_acid");
    expect(findEwcCode("99 99 99")).toBeUndefined();
  });

  it("refuses a flow's code that is not in the list or carries the wrong star", () => {
    expect(ewcCodeProblem("10 01 02")).toBeUndefined();
    expect(ewcCodeProblem("07 01 04*")).toBeUndefined();
    expect(ewcCodeProblem("99 01 01")).toMatch(/not an entry/);
    expect(ewcCodeProblem("16 08 02")).toBe('is a hazardous entry of the list of waste: write "16 08 02*"');
    expect(ewcCodeProblem("10 01 02*")).toBe('is not a hazardous entry of the list of waste: write "10 01 02"');
    expect(EwcCodeSchema.safeParse("16 08 02*").success).toBe(true);
    const wrongStar = EwcCodeSchema.safeParse("16 08 02");
    expect(wrongStar.success).toBe(false);
    expect(wrongStar.error?.issues.map((i) => i.message)).toEqual(['is a hazardous entry of the list of waste: write "16 08 02*"']);
    expect(EwcCodeSchema.safeParse("abc").error?.issues).toHaveLength(1);
  });
});

