import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findEwcCode, starred } from "../ewc.ts";
import { RESOURCE_TYPE_IDS } from "../taxonomy.ts";
import { correctionKey, suggestCoding, temperaturesIn, type Correction } from "./suggest.ts";

const labelled = (JSON.parse(readFileSync(new URL("./labelled-descriptions.json", import.meta.url), "utf8")) as {
  items: { text: string; resourceType: string }[];
}).items;

describe("coding help", () => {
  it("codes brewer's grains with its EWC code", () => {
    const s = suggestCoding("spent brewer's grains");
    expect(s.resourceType).toBe("spent_grain");
    expect(s.ewcCode).toBe("02 07 02");
    expect(s.confidence).toBeGreaterThan(0.5);
  });

  it("uses the written temperature to tell low- from high-grade heat", () => {
    expect(suggestCoding("waste heat at 45 °C").resourceType).toBe("waste_heat_low");
    expect(suggestCoding("waste heat at 300 °C").resourceType).toBe("waste_heat_high");
    expect(temperaturesIn("from 30-40C and 55 °C")).toEqual([40, 55]);
  });

  it("picks the EWC code that the words point at", () => {
    expect(suggestCoding("aluminium turnings").ewcCode).toBe("12 01 03");
    expect(suggestCoding("steel swarf").ewcCode).toBe("12 01 01");
    expect(suggestCoding("FGD gypsum").ewcCode).toBe("10 01 05");
  });

  it("says so when it knows no word of the description", () => {
    const s = suggestCoding("miscellaneous stuff");
    expect(s).toMatchObject({ resourceType: null, confidence: 0, method: "none" });
  });

  it("lets a person's correction win for the same description", () => {
    const corrections = new Map<string, Correction>([[correctionKey("Grüner Abfall"), { description: "Grüner Abfall", resourceType: "food_waste" }]]);
    const s = suggestCoding("grüner  abfall", corrections);
    expect(s).toMatchObject({ resourceType: "food_waste", confidence: 1, method: "correction" });
  });

  it("labels only taxonomy types in its labelled set, at least 200 of them", () => {
    expect(labelled.length).toBeGreaterThanOrEqual(200);
    for (const item of labelled) expect(RESOURCE_TYPE_IDS).toContain(item.resourceType);
  });

  it("codes at least 85% of the labelled descriptions right (top 1) and 95% within its top 3", () => {
    let top1 = 0;
    let top3 = 0;
    for (const item of labelled) {
      const s = suggestCoding(item.text);
      if (s.resourceType === item.resourceType) top1++;
      if (s.candidates.some((c) => c.resourceType === item.resourceType)) top3++;
    }
    const accuracy = { top1: top1 / labelled.length, top3: top3 / labelled.length, n: labelled.length };
    console.log(`coding help accuracy: ${JSON.stringify(accuracy)}`);
    expect(accuracy.top1).toBeGreaterThanOrEqual(0.85);
    expect(accuracy.top3).toBeGreaterThanOrEqual(0.95);
  });

  it("knows the heavy-industry by-products of issue 12, with their EWC codes", () => {
    const cases: [text: string, type: string, ewc: string | null][] = [
      ["refinery off-gas to the fuel gas header", "refinery_fuel_gas", null],
      ["red mud from the Bayer process", "bauxite_residue", "01 03 09"],
      ["microsilica from the ferrosilicon furnace", "silica_fume", "10 08 16"],
      ["spent FCC catalyst", "spent_catalyst", "16 08 04"],
      ["spent pickle liquor from the galvanising line", "hydrochloric_acid", "11 01 05*"],
      ["ammonium sulphate crystals", "ammonium_salts", "06 03 14"],
      ["EAF dust from the steel plant", "metal_bearing_residue", "10 02 07*"],
      ["zinc dross and skimmings", "metal_bearing_residue", "10 05 03*"],
      ["mixed commercial waste from the site", "mixed_industrial_waste", null],
      ["SRF pellets", "refuse_derived_fuel", "19 12 10"],
      ["spent pot lining, first cut carbon", "spent_pot_lining", "16 11 01*"],
      ["alternative fuel for the kiln (co-processing)", "alternative_fuel", null],
    ];
    for (const [text, type, ewc] of cases) {
      const s = suggestCoding(text);
      expect(s.resourceType, text).toBe(type);
      if (ewc) expect(s.ewcCode, text).toBe(ewc);
    }
  });

  it("suggests only codes of the list of waste, with their star", () => {
    const index = JSON.parse(readFileSync(new URL("./keyword-index.json", import.meta.url), "utf8")) as {
      types: Record<string, unknown>;
      ewc: Record<string, [string, string[]][]>;
    };
    for (const id of Object.keys(index.types)) expect(RESOURCE_TYPE_IDS).toContain(id);
    for (const [id, entries] of Object.entries(index.ewc)) {
      expect(RESOURCE_TYPE_IDS).toContain(id);
      for (const [code] of entries) expect(starred(findEwcCode(code)!), `${id}: ${code}`).toBe(code);
    }
  });
});

