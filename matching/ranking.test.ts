import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareCandidates, diversityCap, rankTopN } from "./ranking.ts";

describe("rankTopN", () => {
  it("caps one supplier's share so others get seen", () => {
    const scores = Float64Array.of(0.9, 0.89, 0.88, 0.87, 0.5, 0.4);
    const orgs = Int32Array.of(1, 1, 1, 1, 2, 3);
    expect([...rankTopN(scores, orgs, 4, 0.5)]).toEqual([0, 1, 4, 5]);
  });
  it("skips rejected candidates and breaks ties by position", () => {
    expect([...rankTopN(Float64Array.of(-4, 0.5, 0.5), Int32Array.of(1, 2, 3), 3, 1)]).toEqual([1, 2]);
  });
  it("breaks equal scores by net value, then distance, then id, whatever the input order", () => {
    const scores = Float64Array.of(0.5, 0.5, 0.5, 0.5, 0.5);
    const keys = { valueEur: Float64Array.of(10, 20, 20, 20, 20), distanceKm: Float64Array.of(1, 3, 2, 2, 2), ids: ["e", "d", "c", "b", "a"] };
    // value 20 first; among those the closest (2 km); among those the smallest id.
    expect([...rankTopN(scores, Int32Array.of(1, 2, 3, 4, 5), 5, 1, keys)]).toEqual([4, 3, 2, 1, 0]);
    expect(compareCandidates(scores, keys, 4, 3)).toBeLessThan(0);
    expect(compareCandidates(scores, keys, 0, 0)).toBe(0);
  });
  it("puts the counterpart whose plant usually has such a flow first among equal scores, before value", () => {
    const scores = Float64Array.of(0.5, 0.5, 0.6);
    const keys = { typical: Uint8Array.of(0, 1, 0), valueEur: Float64Array.of(99, 10, 10), distanceKm: Float64Array.of(1, 9, 9), ids: ["a", "b", "c"] };
    // The higher score still wins; between the equal ones the typical producer beats a higher value and a shorter distance.
    expect([...rankTopN(scores, Int32Array.of(1, 2, 3), 3, 1, keys)]).toEqual([2, 1, 0]);
    expect([...rankTopN(scores, Int32Array.of(1, 2, 3), 3, 1, { ...keys, typical: undefined })]).toEqual([2, 0, 1]);
  });
  it("is sorted, bounded by N and respects the cap (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: 0, max: 5 })), { maxLength: 60 }),
        fc.integer({ min: 1, max: 15 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (rows, n, share) => {
          const scores = Float64Array.from(rows, (r) => r[0]);
          const orgs = Int32Array.from(rows, (r) => r[1]);
          const picked = [...rankTopN(scores, orgs, n, share)];
          expect(picked.length).toBeLessThanOrEqual(n);
          // Sorted by score; scores within 1e-6 are a tie the keys decide (ranking.ts).
          for (let i = 1; i < picked.length; i++) expect(scores[picked[i - 1]!]!).toBeGreaterThanOrEqual(scores[picked[i]!]! - 1e-6);
          const counts = new Map<number, number>();
          for (const k of picked) {
            expect(scores[k]!).toBeGreaterThanOrEqual(0);
            counts.set(orgs[k]!, (counts.get(orgs[k]!) ?? 0) + 1);
          }
          for (const c of counts.values()) expect(c).toBeLessThanOrEqual(diversityCap(n, share));
        },
      ),
    );
  });
});

describe("compareCandidates", () => {
  it("treats scores that differ by float noise as a tie, so the closer of two otherwise equal supplies ranks first", () => {
    const scores = Float64Array.from([0.4055377020530892, 0.4055377020530886]);
    const keys = { valueEur: Float64Array.from([-19_000, -19_000]), distanceKm: Float64Array.from([6, 0.8]), ids: ["far", "closer"] };
    expect([...rankTopN(scores, Int32Array.from([0, 1]), 2, 1, keys)]).toEqual([1, 0]);
    // A real difference still decides before any key.
    scores[1] = 0.405;
    expect([...rankTopN(scores, Int32Array.from([0, 1]), 2, 1, keys)]).toEqual([0, 1]);
  });
});
