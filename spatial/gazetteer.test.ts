import { describe, expect, it } from "vitest";
import { placesInBox, searchKey, searchPlaces } from "./gazetteer.ts";

describe("gazetteer", () => {
  it("finds Kalundborg by name, a Danish town first", () => {
    const [first] = searchPlaces("kalundb", 5);
    expect(first).toMatchObject({ name: "Kalundborg", country: "DK" });
  });

  it("ignores case and diacritics", () => {
    expect(searchKey("København")).toBe("kobenhavn");
    expect(searchKey("Münster")).toBe("munster");
  });

  it("names the largest places in a box first, so a zoomed-out map shows the cities", () => {
    const zealand = placesInBox({ west: 10.8, south: 54.9, east: 12.8, north: 56.2 }, 3);
    expect(zealand.map((p) => p.name)).toContain("Copenhagen");
    expect(zealand[0]!.population).toBeGreaterThanOrEqual(zealand[2]!.population);
    const aroundKalundborg = placesInBox({ west: 11.0, south: 55.6, east: 11.2, north: 55.75 }, 20);
    expect(aroundKalundborg.map((p) => p.name)).toContain("Kalundborg");
  });
});
