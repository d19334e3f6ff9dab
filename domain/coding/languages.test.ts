/**
 * The coding help in English, Danish and German: accuracy on each language's labelled set
 * (printed for the README), and the words of issue 15 a Danish or German user typed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RESOURCE_TYPE_IDS } from "../taxonomy.ts";
import { suggestCoding } from "./suggest.ts";

interface Labelled {
  readonly text: string;
  readonly resourceType: string;
}
const load = (name: string) => (JSON.parse(readFileSync(new URL(name, import.meta.url), "utf8")) as { items: Labelled[] }).items;
const SETS = { en: load("./labelled-descriptions.json"), da: load("./labelled-descriptions.da.json"), de: load("./labelled-descriptions.de.json") };

function accuracy(items: readonly Labelled[]) {
  const top1 = items.filter((i) => suggestCoding(i.text).resourceType === i.resourceType).length;
  const top3 = items.filter((i) => suggestCoding(i.text).candidates.some((c) => c.resourceType === i.resourceType)).length;
  return { n: items.length, top1: Math.round((top1 / items.length) * 1000) / 1000, top3: Math.round((top3 / items.length) * 1000) / 1000 };
}

describe("coding help in three languages", () => {
  for (const [language, items] of Object.entries(SETS)) {
    it(`codes at least 90% of the ${language} labelled set right (top 1), with at least 40 descriptions of taxonomy types`, () => {
      expect(items.length).toBeGreaterThanOrEqual(40);
      for (const item of items) expect(RESOURCE_TYPE_IDS, item.text).toContain(item.resourceType);
      const measured = accuracy(items);
      console.log(`coding help accuracy (${language}): ${JSON.stringify(measured)}`);
      expect(measured.top1).toBeGreaterThanOrEqual(0.9);
    }, 30_000);
  }

  it("reads the language each set is written in", () => {
    const share = (items: readonly Labelled[], language: string) => items.filter((i) => suggestCoding(i.text).language === language).length / items.length;
    expect(share(SETS.da, "da")).toBeGreaterThanOrEqual(0.6);
    expect(share(SETS.de, "de")).toBeGreaterThanOrEqual(0.6);
    expect(share(SETS.en, "en")).toBeGreaterThanOrEqual(0.95);
  }, 30_000);

  it("understands the words a Danish or German user typed (issue 15)", () => {
    const cases: [string, string][] = [
      ["spildvarme fra køleanlæg", "waste_heat_low"],
      ["Abwärme", "waste_heat_low"],
      ["Molke", "whey"],
      ["flyveaske", "fly_ash"],
      ["Klärschlamm", "sewage_sludge"],
      ["procesdamp", "steam"],
      ["Prozessabwärme 45 °C", "waste_heat_low"],
      ["Abwaerme aus der Kaelteanlage", "waste_heat_low"],
      ["overskudsvarmen fra serverne", "waste_heat_low"],
      ["gyllen fra stalden", "manure"],
    ];
    for (const [text, type] of cases) expect(suggestCoding(text).resourceType, text).toBe(type);
  });

  it("matches a Danish or German word inside a compound only at its head", () => {
    // "Klärschlammasche" is an ash of sewage sludge, not the sludge.
    expect(suggestCoding("Klärschlammasche aus der Monoverbrennung").resourceType).not.toBe("sewage_sludge");
    // A short Danish word ("pap", cardboard) does not hide inside an English one ("paper mill sludge").
    expect(suggestCoding("Paper mill sludge, 50% dry matter").resourceType).toBe("paper_sludge");
  });
});
