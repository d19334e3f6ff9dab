/**
 * The consumer's own rules (accepted hazard classes, maximum distance, minimum annual
 * quantity): a pair that breaks one is refused with a reason that names the rule, and a
 * match's near misses include it.
 */
import { describe, expect, it } from "vitest";
import { explainPair, matchFlow } from "./match-flow.ts";
import { need, north, offer } from "./test-helpers.ts";

const acid = (over: Parameters<typeof offer>[1] = {}) => offer("sulphuric_acid", { hazardClass: "HP8", annualQuantity: 4_000, ...over });

describe("a consumer's hazard rule", () => {
  it("refuses a corrosive offer to a need that accepts no hazard class, naming the class", () => {
    const v = explainPair(acid(), need("fertiliser"));
    expect(v.rejection).toBe("hazard");
    expect(v.reason).toBe("hazard class HP8 (corrosive) not accepted by the need (it accepts no hazardous input)");
    expect(v.counterfactual).toBe("feasible if the need accepts hazard class HP8 (corrosive), with a permit and handling for it");
  });

  it("names what the need does accept", () => {
    const v = explainPair(acid(), need("fertiliser", { acceptsHazardClasses: ["HP3", "HP14"] }));
    expect(v.reason).toBe("hazard class HP8 (corrosive) not accepted by the need (it accepts HP3, HP14)");
  });

  it("matches when the need accepts the class", () => {
    expect(explainPair(acid(), need("fertiliser", { acceptsHazardClasses: ["HP8"] })).passed).toBe(true);
  });

  it('reads hazardClass "none" as declared non-hazardous, even for a type hazardous by default', () => {
    expect(explainPair(acid({ hazardClass: "none" }), need("fertiliser")).passed).toBe(true);
    const undeclared = explainPair(acid({ hazardClass: undefined }), need("fertiliser"));
    expect(undeclared.rejection).toBe("hazard");
    expect(undeclared.reason).toMatch(/^sulphuric_acid is hazardous by default and declares no hazard class/);
  });

  it("offers a hazard near miss, never a relaxed match", () => {
    const n = need("fertiliser");
    const r = matchFlow(n, [acid()]);
    expect(r.matches).toHaveLength(0);
    expect(r.nearMisses).toEqual([
      expect.objectContaining({
        constraint: "hazard",
        reason: "hazard class HP8 (corrosive) not accepted by the need (it accepts no hazardous input)",
        rule: "hazard class HP8 (corrosive) not accepted by the need",
      }),
    ]);
  });
});

describe("a party's maximum distance", () => {
  const far = { lat: north(55.66, 74) };

  it("names the need's maximum distance when it is the binding limit", () => {
    const v = explainPair(acid(), need("fertiliser", { ...far, acceptsHazardClasses: ["HP8"], maxDistanceKm: 50 }));
    expect(v.rejection).toBe("distance");
    expect(v.reason).toBe("74 km exceeds the need's maximum distance of 50 km");
  });

  it("is never relaxed by the fallback, and names the rule without the figures for an anonymous listing", () => {
    const n = need("fertiliser", { ...far, acceptsHazardClasses: ["HP8"], maxDistanceKm: 50 });
    expect(matchFlow(n, [acid()]).matches).toEqual([]);
    expect(matchFlow(n, [acid()]).nearMisses.map((x) => [x.reason, x.rule])).toEqual([["74 km exceeds the need's maximum distance of 50 km", "beyond the need's maximum distance"]]);
  });

  it("names the offer's maximum distance when it is the binding limit", () => {
    const v = explainPair(acid({ maxDistanceKm: 40 }), need("fertiliser", { ...far, acceptsHazardClasses: ["HP8"] }));
    expect(v.reason).toBe("74 km exceeds the offer's maximum distance of 40 km");
  });

  it("passes within the limit, and a limit never widens the type's radius", () => {
    expect(explainPair(acid(), need("fertiliser", { ...far, acceptsHazardClasses: ["HP8"], maxDistanceKm: 80 })).passed).toBe(true);
    const beyond = explainPair(acid({ maxDistanceKm: 400 }), need("fertiliser", { lat: north(55.66, 250), acceptsHazardClasses: ["HP8"], maxDistanceKm: 400 }));
    expect(beyond.rejection).toBe("distance");
    expect(beyond.reason).toBe("250 km apart, beyond the 200 km radius for sulphuric_acid");
  });
});

describe("a need's minimum annual quantity", () => {
  it("names what the supply delivers against the minimum, in the need's unit", () => {
    // 1 t of acid makes 1.35 t of ammonium sulphate (matching/compatibility.json), so 889 t/yr delivers 1,200.
    const v = explainPair(acid({ annualQuantity: 1_200 / 1.35 }), need("fertiliser", { acceptsHazardClasses: ["HP8"], minAnnualQuantity: 5_000 }));
    expect(v.rejection).toBe("quantity");
    expect(v.reason).toBe("1,200 t/yr below the need's minimum of 5,000 t/yr");
  });

  it("passes at the minimum", () => {
    expect(explainPair(acid({ annualQuantity: 5_000 / 1.35 + 1 }), need("fertiliser", { acceptsHazardClasses: ["HP8"], minAnnualQuantity: 5_000 })).passed).toBe(true);
  });
});
