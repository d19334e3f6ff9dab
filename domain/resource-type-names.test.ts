import { describe, expect, it } from "vitest";
import { RESOURCE_TYPES } from "./taxonomy.ts";
import { resourceTypeNames, translatedResourceTypes } from "./resource-type-names.ts";

describe("resource type names", () => {
  it("names every type of the taxonomy in Danish and German, and only types that exist", () => {
    const ids = RESOURCE_TYPES.map((t) => t.id);
    expect([...translatedResourceTypes()].sort()).toEqual([...ids].sort());
    for (const t of RESOURCE_TYPES) {
      const n = resourceTypeNames(t.id, t.label);
      expect(n.en).toBe(t.label);
      expect(n.da.length).toBeGreaterThan(2);
      expect(n.de.length).toBeGreaterThan(2);
    }
  });

  it("says Molke for whey in German and flyveaske for fly ash in Danish", () => {
    expect(resourceTypeNames("whey", "Whey").de).toBe("Molke");
    expect(resourceTypeNames("fly_ash", "Fly ash").da).toBe("Flyveaske");
  });
});
