import { describe, expect, it } from "vitest";
import { compileFlows, pairKey } from "./table.ts";
import { need, offer } from "./test-helpers.ts";

describe("compileFlows", () => {
  it("interns orgs and marks partnerships, facilitators and rejections both ways", () => {
    const a = offer("fly_ash", { orgId: "A" });
    const b = need("cement_raw_material", { orgId: "B" });
    const t = compileFlows([a, b], {
      partnerships: new Map([["A", new Set(["B"])]]),
      facilitators: new Map([
        ["A", new Set(["f1"])],
        ["B", new Set(["f1"])],
      ]),
      rejectedPairs: new Set([pairKey(a.id, b.id)]),
      successfulExchanges: new Map([["B", 3]]),
    });
    expect(t.orgIds).toEqual(["A", "B"]);
    expect(t.partners.has(0 * 2 + 1) && t.partners.has(1 * 2 + 0)).toBe(true);
    expect(t.sharedFacilitator.has(1)).toBe(true);
    expect(t.rejected.has(0 * 2 + 1) && t.rejected.has(1 * 2 + 0)).toBe(true);
    expect([...t.orgHistory]).toEqual([0, 3]);
    expect(pairKey("x", "y")).toBe(pairKey("y", "x"));
  });

  it("refuses unknown resource types and bad dates", () => {
    expect(() => compileFlows([offer("unobtainium")])).toThrow(/unknown resource type "unobtainium"/);
    expect(() => compileFlows([offer("co2", { availability: { months: 1, start: "soon" } })])).toThrow(/invalid ISO date/);
  });
});
