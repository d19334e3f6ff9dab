import { describe, expect, it } from "vitest";
import { detectLanguage, fold, readDescription, stemWord, words } from "./text.ts";

describe("reading a description", () => {
  it("spells Danish and German letters out, so both spellings meet", () => {
    expect(fold("Abwärme Kälteanlage")).toBe(fold("Abwaerme Kaelteanlage"));
    expect(words("spildvarme fra køleanlæg")).toEqual(["spildvarme", "fra", "koeleanlaeg"]);
    expect(words("Klärschlamm, Gießerei")).toEqual(["klaerschlamm", "giesserei"]);
  });

  it("keeps formulas whole instead of stemming them", () => {
    expect(stemWord("h2s")).toBe("h2s");
    expect(words("NH4Cl and (NH4)2SO4")).toEqual(["nh4cl", "and", "nh4", "2so4"]);
    expect(stemWord("grains")).toBe("grain");
  });

  it("tells English, Danish and German apart by their function words", () => {
    expect(detectLanguage("surplus heat from the compressors")).toBe("en");
    expect(detectLanguage("spildvarme fra køleanlæg til vores naboer")).toBe("da");
    expect(detectLanguage("Abwärme aus der Kälteanlage für unsere Halle")).toBe("de");
    expect(detectLanguage("aske fra kraftværket")).toBe("da");
    // One word gives no evidence of its language; the vocabulary of all three still applies.
    expect(detectLanguage("Molke")).toBe("en");
  });

  it("drops a named destination, a company and a CO2 savings claim as context", () => {
    const read = readDescription("Surplus heat to North Jutland Power Station, saves 31,000 t CO2 a year");
    expect(read.ignored.join(" | ")).toMatch(/North Jutland Power Station/);
    expect(read.ignored.join(" | ")).toMatch(/31,000 t CO2/);
    expect(read.clauses.flatMap((c) => c.tokens)).not.toContain("power");
    expect(readDescription("fly ash sold to Aalborg Portland A/S").clauses.flatMap((c) => c.tokens)).not.toContain("portland");
    expect(readDescription("Abwärme, Lieferung an die Stadtwerke Flensburg GmbH").ignored.join(" ")).toMatch(/Stadtwerke Flensburg/);
  });

  it("drops what a flow replaces, in all three languages", () => {
    for (const text of ["alternative fuel to replace petcoke", "alternativt brændsel i stedet for kul", "Ersatzbrennstoff statt Kohle"]) {
      const kept = readDescription(text).clauses.flatMap((c) => c.tokens);
      expect(kept.some((t) => /petcoke|kul$|kohle/.test(t)), text).toBe(false);
    }
  });

  it("keeps codes and formulas that look like names (FGD, HCl, EAF)", () => {
    const tokens = readDescription("by-product HCl from the EAF plant at Kalundborg").clauses.flatMap((c) => c.tokens);
    expect(tokens).toContain("hcl");
    expect(tokens).toContain("eaf");
    expect(tokens).not.toContain("kalundborg");
  });

  it("does not take German nouns for names", () => {
    expect(readDescription("Schlamm aus der Kläranlage").clauses.flatMap((c) => c.tokens)).toContain("klaeranlage");
  });

  it("weighs the material above its source and its source above its use", () => {
    const { clauses } = readDescription("bio-solids from municipal wastewater treatment, dewatered, for land spreading");
    expect(clauses.map((c) => c.role)).toEqual(["material", "source", "material", "use"]);
    const [material, source, , use] = clauses.map((c) => c.weight);
    expect(material).toBeGreaterThan(source!);
    expect(source).toBeGreaterThan(use!);
  });
});
