import { describe, expect, it } from "vitest";
import { fingerprintOf } from "./persist-if-changed.ts";
import type { StoredMatch } from "./stored-match.ts";

const row = (over: Partial<StoredMatch> = {}): StoredMatch => ({
  id: "m_1",
  supplyFlowId: "f-s",
  demandFlowId: "f-d",
  supplyOrgId: "A",
  demandOrgId: "B",
  supplyVersion: 1,
  demandVersion: 1,
  supplyQuantity: 13_100,
  demandQuantity: 10_000,
  offerType: "waste_heat_low",
  needType: "space_heating",
  score: 0.7,
  route: "auto",
  distanceKm: 1,
  annualValueEur: 100,
  factors: "{}",
  economics: "{}",
  relaxed: false,
  updatedAt: "2026-12-02T10:00:00.000Z",
  ...over,
});

describe("the fingerprint of a flow's result", () => {
  it("is the same for the same rows, whenever they were computed", () => {
    expect(fingerprintOf([row(), row({ id: "m_2" })])).toBe(fingerprintOf([row({ updatedAt: "later" }), row({ id: "m_2", factors: '{"x":1}' })]));
  });

  it("changes with a match's id, score, route or either flow's version, and with the order", () => {
    const base = fingerprintOf([row(), row({ id: "m_2" })]);
    for (const changed of [{ id: "m_3" }, { score: 0.71 }, { route: "facilitator" as const }, { supplyVersion: 2 }, { demandVersion: 2 }]) {
      expect(fingerprintOf([row(changed), row({ id: "m_2" })])).not.toBe(base);
    }
    expect(fingerprintOf([row({ id: "m_2" }), row()])).not.toBe(base);
    expect(fingerprintOf([])).not.toBe(base);
  });
});
