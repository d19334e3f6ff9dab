import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseNace } from "../nace.ts";
import { NACE_CLASSES, suggestNace } from "./suggest-nace.ts";

// Company descriptions as companies write them on a sign-up form, with the class a
// statistician would give them.
const COMPANIES: [description: string, nace: string][] = [
  ["we brew beer and malt barley", "11.05"],
  ["Craft brewery with taproom, 20,000 hl a year", "11.05"],
  ["Maltings supplying malt to brewers and distillers", "11.06"],
  ["Dairy making cheese and butter from 300 million litres of milk", "10.51"],
  ["Pig farm with 800 sows and finishers", "01.46"],
  ["Greenhouse grower of tomatoes and cucumbers", "01.13"],
  ["Coal-fired power station with 600 MW electricity generation", "35.11"],
  ["Municipal district heating utility", "35.30"],
  ["Oil refinery processing 5 Mt of crude a year", "19.20"],
  ["We make plasterboard and gypsum wallboard", "23.62"],
  ["Cement works with two kilns", "23.51"],
  ["Colocation data centre, 20 MW IT load", "63.11"],
  ["Wastewater treatment plant for 250,000 people", "37.00"],
  ["Sawmill producing sawn timber and planed boards", "16.10"],
  ["Industrial bakery baking bread for supermarkets", "10.71"],
  ["Recirculating trout fish farm", "03.22"],
  ["Electric arc furnace steel works", "24.10"],
  ["Injection moulding of plastic parts for the car industry", "22.29"],
  ["Waste-to-energy incinerator burning household waste", "38.21"],
  ["Slaughterhouse for pigs and cattle", "10.11"],
  ["Vi er et bryggeri og brygger øl", "11.05"],
  ["Mejeri med osteproduktion", "10.51"],
  ["Svinebrug med 800 søer", "01.46"],
  ["Vi driver et renseanlæg for kommunen", "37.00"],
  ["Kraftvarmeværk der leverer fjernvarme og el", "35.11"],
  ["Gartneri med tomater i væksthus", "01.13"],
  ["Brauerei mit eigener Mälzerei", "11.05"],
  ["Molkerei mit Käserei", "10.51"],
  ["Wir betreiben ein Rechenzentrum", "63.11"],
  ["Zementwerk mit Drehrohrofen", "23.51"],
  ["Kläranlage des Abwasserverbands", "37.00"],
  ["Sägewerk für Fichtenholz", "16.10"],
];

describe("NACE suggestion", () => {
  it("suggests beer manufacture for a brewery that also malts (the issue's example)", () => {
    const s = suggestNace("we brew beer and malt barley");
    expect(s.best).toMatchObject({ nace: "11.05", label: "Manufacture of beer", section: "C" });
    expect(s.best!.matched).toEqual(expect.arrayContaining(["brew", "beer"]));
    expect(s.alternatives.map((a) => a.nace)).toContain("11.06");
    expect(s.expectations.matchedOn).toBe("class");
    expect(s.expectations.flows.map((f) => f.resourceType)).toContain("spent_grain");
  });

  it("codes at least 90% of the companies of three languages to the right class", () => {
    const wrong = COMPANIES.filter(([text, nace]) => suggestNace(text).best?.nace !== nace);
    console.log(`NACE suggestion accuracy: ${JSON.stringify({ n: COMPANIES.length, top1: 1 - wrong.length / COMPANIES.length, wrong })}`);
    expect(wrong.length / COMPANIES.length).toBeLessThanOrEqual(0.1);
  });

  it("says so when it knows no word of the description", () => {
    expect(suggestNace("miscellaneous stuff")).toMatchObject({ best: null, confidence: 0, alternatives: [], expectations: { matchedOn: null, flows: [] } });
  });

  it("knows only real NACE classes, each once", () => {
    const codes = NACE_CLASSES.map((c) => c.nace);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(parseNace(code)?.code, code).toBe(code);
    expect(codes.length).toBeGreaterThanOrEqual(80);
  });

  it("is more confident of a clear description than of a vague one", () => {
    expect(suggestNace("brewery brewing beer").confidence).toBeGreaterThan(suggestNace("insulin and enzymes").confidence);
  });

  it("never changes its class for a named town, customer or CO2 claim (property)", () => {
    const context = fc.oneof(
      fc.constantFrom("Kalundborg", "Aalborg Portland", "Stadtwerke Flensburg", "North Jutland").map((p) => `, supplying ${p}`),
      fc.integer({ min: 1, max: 90_000 }).map((n) => `, saves ${n} t CO2 a year`),
      fc.constantFrom("Arla Foods A/S", "BASF SE", "Müller GmbH").map((c) => `, owned by ${c}`),
    );
    fc.assert(
      fc.property(fc.constantFrom(...COMPANIES.map(([t]) => t)), context, (text, extra) => {
        expect(suggestNace(text + extra).best?.nace).toBe(suggestNace(text).best?.nace);
      }),
      { numRuns: 100 },
    );
  }, 30_000);
});
