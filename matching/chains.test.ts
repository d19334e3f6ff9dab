import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chainShares, chainValue, findChains, type ChainEdge } from "./chains.ts";

const edge = (a: string, b: string, value: number): ChainEdge => ({
  supplyOrgId: a,
  demandOrgId: b,
  supplyFlowId: `${a}.out`,
  demandFlowId: `${b}.in`,
  annualValueEur: value,
});

describe("chains", () => {
  // brewery → pig farm (spent grain), pig farm → biogas (manure), biogas → crop farm (digestate)
  const edges = [edge("brewery", "pigs", 300), edge("pigs", "biogas", 100), edge("biogas", "crops", 50), edge("x", "y", 10)];

  it("finds 2- and 3-hop chains, most valuable first", () => {
    const chains = findChains(edges);
    expect(chains.map((c) => c.orgs.join(">"))).toEqual(["brewery>pigs>biogas>crops", "brewery>pigs>biogas", "pigs>biogas>crops"]);
    expect(chains[0]!.totalValueEur).toBe(450);
  });

  it("splits each exchange's value between its two parties", () => {
    const shares = chainShares(["brewery", "pigs", "biogas", "crops"], edges.slice(0, 3));
    expect(shares).toEqual({ brewery: 150, pigs: 200, biogas: 75, crops: 25 });
  });

  it("ignores cycles and self-loops", () => {
    const chains = findChains([edge("a", "b", 1), edge("b", "a", 1), edge("a", "a", 5)]);
    expect(chains).toEqual([]);
  });

  it("shares always sum to the chain's value (property)", () => {
    const org = fc.constantFrom("a", "b", "c", "d", "e");
    fc.assert(
      fc.property(fc.array(fc.tuple(org, org, fc.double({ min: 0.01, max: 1000, noNaN: true })), { maxLength: 15 }), (rows) => {
        for (const c of findChains(rows.map(([a, b, v]) => edge(a, b, v)))) {
          const sum = Object.values(c.shares).reduce((x, y) => x + y, 0);
          expect(sum).toBeCloseTo(c.totalValueEur, 6);
          expect(chainValue(c.orgs, c.edges, (1 << c.orgs.length) - 1)).toBeCloseTo(c.totalValueEur, 6);
          expect(new Set(c.orgs).size).toBe(c.orgs.length);
        }
      }),
    );
  });
});
