import { describe, expect, it } from "vitest";
import { loadDescriptions } from "./descriptions.ts";
import { loadMapping } from "./mapping.ts";
import { codingChooser, engineerChooser, hazardDeclaration } from "./modes.ts";
import type { Rest } from "./rest.ts";

const mapping = loadMapping();
const descriptions = loadDescriptions();

/** A coding help that answers `type` for every description (the route itself is tested in api/). */
function codingHelpSaying(type: string | null): Rest {
  return {
    call: async <T>() => ({ resourceType: type, reason: "stub" }) as T,
    login: async () => "token",
  };
}

describe("the coding mode's registration", () => {
  it("keeps the company's hazard declarations: the supplier's class and the consumer's accepted classes", async () => {
    const engineerOffer = await engineerChooser(mapping)({ label: "waste_solvent", direction: "offer", nace: ["20.14"], token: "t" });
    const engineerNeed = await engineerChooser(mapping)({ label: "waste_solvent", direction: "need", nace: ["23.51"], token: "t" });
    expect(engineerOffer.hazardClass).toBe("HP3");
    const choose = codingChooser(codingHelpSaying("solvents"), mapping, descriptions);
    const offer = await choose({ label: "waste_solvent", direction: "offer", nace: ["20.14"], token: "t" });
    const need = await choose({ label: "waste_solvent", direction: "need", nace: ["23.51"], token: "t" });
    expect(offer).toMatchObject({ type: "solvents", hazardClass: engineerOffer.hazardClass });
    expect(need.acceptedHazardClasses).toEqual(engineerNeed.acceptedHazardClasses);
    expect(need.hazardClass).toBeUndefined();
  });

  it("takes only the type from the coding help, and declares nothing the engineer would not", async () => {
    const choose = codingChooser(codingHelpSaying("fly_ash"), mapping, descriptions);
    const ash = await choose({ label: "fly_ash", direction: "offer", nace: ["35.11"], token: "t" });
    expect(ash).toMatchObject({ type: "fly_ash", expected: "fly_ash" });
    expect(ash.hazardClass).toBeUndefined();
    expect(ash.acceptedHazardClasses).toBeUndefined();
    const none = await codingChooser(codingHelpSaying(null), mapping, descriptions)({ label: "waste_solvent", direction: "offer", nace: ["20.14"], token: "t" });
    expect(none.type).toBeNull();
    expect(hazardDeclaration({ type: null, why: "no type" })).toEqual({});
  });
});
