import { describe, expect, it } from "vitest";
import neo4j from "neo4j-driver";
import type { RankedMatch } from "../matching/index.ts";
import { decodeStoredMatch, storedJson, storedMatch } from "./stored-match.ts";

const ranked = {
  supplyFlowId: "f-s",
  demandFlowId: "f-d",
  supplyOrgId: "org-s",
  demandOrgId: "org-d",
  offerType: "waste_heat_low",
  needType: "space_heating",
  score: 0.71,
  distanceKm: 2.5,
  route: { decision: "facilitator", drivers: ["low precision"] },
  factors: [{ name: "distance", score: 0.9, reason: "2.5 km" }],
  economics: { annualSavingsEur: 12_000, capexEur: 40_000 },
} as unknown as RankedMatch;

describe("a stored match", () => {
  it("reads back what storedMatch writes, unchanged", () => {
    const flows = new Map([["f-s", { version: 3, annualQuantity: 13_100 }], ["f-d", { version: 5, annualQuantity: 10_000 }]]);
    const row = storedMatch("m_1", ranked, flows, true, "2026-12-02T10:00:00.000Z");
    expect(row).toMatchObject({ supplyVersion: 3, demandVersion: 5, supplyQuantity: 13_100, demandQuantity: 10_000, route: "facilitator", annualValueEur: 12_000, relaxed: true });
    expect(decodeStoredMatch({ ...row })).toEqual(row);
  });

  it("turns Neo4j integers into numbers and gives what older nodes lack its default", () => {
    const m = decodeStoredMatch({ id: "m_2", supplyFlowId: "a", demandFlowId: "b", supplyOrgId: "A", demandOrgId: "B", offerType: "steam", needType: "steam", score: 0.5, route: "auto", supplyVersion: neo4j.int(7) });
    expect(m).toMatchObject({ supplyVersion: 7, demandVersion: 0, distanceKm: 0, annualValueEur: 0, supplyQuantity: 0, demandQuantity: 0, factors: "{}", economics: "{}", relaxed: false, updatedAt: "" });
  });

  it("reads its JSON members as objects, and anything else as {}", () => {
    expect(storedJson('{"capexEur":5}')).toEqual({ capexEur: 5 });
    for (const text of ["not json", "null", "[1,2]", "3", ""]) expect(storedJson(text)).toEqual({});
  });
});
