import { describe, expect, it } from "vitest";
import { quantityScore } from "../../matching/factors/quantity.ts";
import { Thermal } from "../../matching/compatibility.ts";
import { peerCompatRows, peerScore, PEER_WEIGHTS } from "./postgis-matcher.ts";

const rule = { efficiency: 1, thermal: Thermal.None, radiusM: 10_000 };

describe("PostGIS peer score", () => {
  it("its quantity term is the engine's quantity factor for steady flows without losses", () => {
    for (const [sup, dem] of [[50, 100], [100, 100], [300, 100], [1, 1000]] as const) {
      const s = peerScore({ annualQuantity: sup, precision: "measured" }, { annualQuantity: dem, precision: "measured" }, rule, 10_000);
      // distance term 0 at the radius; quality 1; trust 1
      const expected = PEER_WEIGHTS[1] * quantityScore(sup, dem, 0, 0) + PEER_WEIGHTS[2] + PEER_WEIGHTS[3];
      expect(s).toBeCloseTo(expected, 12);
    }
  });

  it("falls with distance and rewards precision", () => {
    const a = { annualQuantity: 100, precision: "measured" } as const;
    const near = peerScore(a, a, rule, 1_000);
    const far = peerScore(a, a, rule, 9_000);
    expect(near).toBeGreaterThan(far);
    expect(peerScore({ ...a, precision: "rough" }, a, rule, 1_000)).toBeLessThan(near);
    expect(near).toBeCloseTo(0.3 * 0.9 + 0.3 + 0.2 + 0.2, 12);
  });

  it("rules out heat too cold for the need and halves quality when a temperature is missing", () => {
    const heat = { ...rule, thermal: Thermal.Heat };
    const need = { annualQuantity: 100, precision: "measured", temperatureC: 60 } as const;
    expect(peerScore({ annualQuantity: 100, precision: "measured", temperatureC: 62 }, need, heat, 0)).toBe(-1);
    const ok = peerScore({ annualQuantity: 100, precision: "measured", temperatureC: 90 }, need, heat, 0);
    const unknown = peerScore({ annualQuantity: 100, precision: "measured" }, need, heat, 0);
    expect(ok - unknown).toBeCloseTo(PEER_WEIGHTS[2] * 0.5, 12);
  });

  it("loads both directions of every compatibility rule", () => {
    const rows = peerCompatRows();
    expect(rows.length % 2).toBe(0);
    expect(rows.filter((r) => r.src_dir === "offer").length).toBe(rows.length / 2);
    expect(rows.every((r) => r.radius_m > 0 && r.efficiency > 0)).toBe(true);
  });
});
