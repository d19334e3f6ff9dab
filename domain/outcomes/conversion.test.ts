import { describe, expect, it } from "vitest";
import { funnelOf, funnelsBy } from "./conversion.ts";
import { aMatch, SUGGESTED_AT } from "./test-facts.ts";

describe("funnelOf", () => {
  it("counts each suggestion at every stage it got to", () => {
    const funnel = funnelOf([
      aMatch(),
      aMatch({ interested: 1, rejected: true }),
      aMatch({ interested: 2, reached: { negotiating: SUGGESTED_AT }, endings: [{ state: "failed", code: "price", after: "negotiating" }] }),
      aMatch({ interested: 2, reached: { negotiating: SUGGESTED_AT, reserved: SUGGESTED_AT, contracted: SUGGESTED_AT, live: SUGGESTED_AT } }),
    ]);
    expect(funnel).toMatchObject({ suggested: 4, interested: 3, mutual: 2, rejected: 1, negotiating: 2, contracted: 1, live: 1, failed: 1 });
    expect(funnel.acceptanceRate).toBe(0.5);
    expect(funnel.conversionRate).toBe(0.25);
  });

  it("counts a live match as live even when another of its deals failed", () => {
    const f = funnelOf([aMatch({ reached: { live: SUGGESTED_AT }, endings: [{ state: "cancelled", code: "timing", after: "suggested" }] })]);
    expect(f.live).toBe(1);
    expect(f.failed).toBe(0);
  });

  it("has no rates without suggestions", () => {
    expect(funnelOf([])).toMatchObject({ suggested: 0, acceptanceRate: null, conversionRate: null });
  });
});

describe("funnelsBy", () => {
  it("splits by key, biggest group first, and the groups add up to the whole", () => {
    const facts = [
      aMatch({ route: "facilitator", reached: { live: SUGGESTED_AT } }),
      aMatch({ route: "auto" }),
      aMatch({ route: "auto", reached: { negotiating: SUGGESTED_AT } }),
    ];
    const groups = funnelsBy(facts, (f) => f.route);
    expect(groups.map((g) => [g.key, g.suggested, g.live, g.acceptanceRate])).toEqual([
      ["auto", 2, 0, 0.5],
      ["facilitator", 1, 1, 1],
    ]);
    expect(groups.reduce((s, g) => s + g.suggested, 0)).toBe(funnelOf(facts).suggested);
  });

  it("orders groups of equal size by key", () => {
    expect(funnelsBy([aMatch({ region: "b" }), aMatch({ region: "a" })], (f) => f.region).map((g) => g.key)).toEqual(["a", "b"]);
  });
});
