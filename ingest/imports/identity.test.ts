import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivedBusinessId, derivedSiteId, nameKey } from "./identity.ts";

describe("business identity", () => {
  it("compares names without legal form, case, accents and punctuation", () => {
    expect(nameKey("Aalborg Portland A/S")).toBe("aalborg portland");
    expect(nameKey("AALBORG PORTLAND")).toBe("aalborg portland");
    expect(nameKey("Müller Milch GmbH & Co. KG")).toBe("muller milch");
    expect(nameKey("The Carlsberg Group")).toBe("carlsberg");
    expect(nameKey("Ørsted A/S")).toBe("oersted");
    expect(nameKey("A/S")).toBe("a s");
  });

  it("is idempotent and ignores any legal form appended", () => {
    const word = fc.stringMatching(/^[A-Za-z]{3,10}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.constantFrom("A/S", "GmbH", "Ltd.", "S.A.", "ApS", "AB"), (words, form) => {
        const name = words.join(" ");
        expect(nameKey(nameKey(name))).toBe(nameKey(name));
        if (nameKey(name) !== "" && !words.some((w) => ["as", "gmbh", "ltd", "sa", "aps", "ab", "the", "co", "and", "group", "se", "ag", "kg", "bv", "nv", "oy", "inc", "corp", "plc", "llc", "ug", "ev", "ks", "is", "amba", "asa", "sas", "sarl", "spa", "srl", "ohg", "mbh", "og", "und", "company", "limited", "holding", "holdings", "oyj", "corporation"].includes(w.toLowerCase()))) {
          expect(nameKey(`${name} ${form}`)).toBe(nameKey(name));
        }
      }),
    );
  });

  it("derives the same ids for the same company nearby and different ones far away", () => {
    const key = nameKey("Novo Nordisk A/S");
    expect(derivedBusinessId(key, 55.672, 11.093)).toBe(derivedBusinessId(key, 55.6721, 11.0931));
    expect(derivedBusinessId(key, 55.672, 11.093)).not.toBe(derivedBusinessId(key, 55.4, 12.1));
    expect(derivedSiteId("b-1", 55.672, 11.093)).toMatch(/^s-[A-Za-z0-9]{16}$/);
  });
});
