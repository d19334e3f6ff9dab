import { describe as group, expect, it } from "vitest";
import { describe, labelWordsIn, loadDescriptions } from "./descriptions.ts";
import { loadMapping } from "./mapping.ts";

const descriptions = loadDescriptions();
const mapping = loadMapping();

group("descriptions for the coding-help mode", () => {
  it("never use a word of the label they describe", () => {
    for (const [label, entry] of Object.entries(descriptions))
      for (const direction of ["offer", "need"] as const)
        for (const rule of entry[direction]) expect(labelWordsIn(label, rule.text), `${label} ${direction}: "${rule.text}"`).toEqual([]);
  });
  it("exist for every label of the engineer mapping, in each direction, for any company", () => {
    for (const label of Object.keys(mapping))
      for (const direction of ["offer", "need"] as const) expect(describe(descriptions, label, direction, ["99.99"]), `${label} ${direction}`).not.toBeNull();
  });
  it("are refined by NACE like the mapping", () => {
    expect(describe(descriptions, "fly_ash", "need", ["23.51"])).toMatch(/cementitious/);
    expect(labelWordsIn("fly_ash", "fly ash from the boiler")).toEqual(["fly", "ash"]);
  });
});
