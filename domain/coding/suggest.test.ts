import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
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
});
