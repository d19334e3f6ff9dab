import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OUTCOME_STAGES } from "./facts.ts";
import { matchPrecisionAtK, precisionAtK, rankedByNeed } from "./precision-at-k.ts";
import { aMatch, SUGGESTED_AT } from "./test-facts.ts";

describe("precisionAtK", () => {
  it("is the share of hits in each list's top k, averaged over lists", () => {
    // list 1: 1 of top 2; list 2: 2 of top 2 → (0.5 + 1) / 2
    expect(precisionAtK([[true, false, true], [true, true]], 2)).toBe(0.75);
  });

  it("judges a list shorter than k on the suggestions it had", () => {
    expect(precisionAtK([[true]], 3)).toBe(1);
    expect(precisionAtK([[false, true]], 5)).toBe(0.5);
  });

  it("ignores hits below the cut-off", () => {
    expect(precisionAtK([[false, false, true]], 2)).toBe(0);
    expect(precisionAtK([[false, false, true]], 3)).toBeCloseTo(1 / 3);
  });

  it("is null when there is no suggestion to judge", () => {
    expect(precisionAtK([], 3)).toBeNull();
    expect(precisionAtK([[], []], 3)).toBeNull();
  });

  it("skips empty lists instead of counting them as misses", () => {
    expect(precisionAtK([[], [true]], 1)).toBe(1);
  });

  it("refuses a k that is not a positive integer", () => {
    expect(() => precisionAtK([[true]], 0)).toThrow(RangeError);
    expect(() => precisionAtK([[true]], 1.5)).toThrow(RangeError);
  });

  const lists = fc.array(fc.array(fc.boolean(), { maxLength: 12 }), { maxLength: 20 });
  const k = fc.integer({ min: 1, max: 15 });

  it("always lies in [0, 1] (property)", () => {
    fc.assert(
      fc.property(lists, k, (l, kk) => {
        const p = precisionAtK(l, kk);
        return p === null ? l.every((x) => x.length === 0) : p >= 0 && p <= 1;
      }),
    );
  });

  it("never falls when more suggestions turn out well (property)", () => {
    fc.assert(
      fc.property(lists, k, fc.integer(), (l, kk, seed) => {
        // Turn some misses into hits: a superset of the facts.
        const more = l.map((list, i) => list.map((hit, j) => hit || ((seed + i * 31 + j * 7) & 3) === 0));
        const before = precisionAtK(l, kk);
        const after = precisionAtK(more, kk);
        return before === null ? after === null : after! >= before - 1e-12;
      }),
    );
  });
});

describe("rankedByNeed", () => {
  it("groups by need and ranks by score, ties by match id", () => {
    const a = aMatch({ matchId: "b", demandFlowId: "n1", score: 0.7 });
    const b = aMatch({ matchId: "a", demandFlowId: "n1", score: 0.7 });
    const c = aMatch({ matchId: "c", demandFlowId: "n1", score: 0.9 });
    const d = aMatch({ matchId: "d", demandFlowId: "n2", score: 0.1 });
    const ranked = rankedByNeed([a, b, c, d]);
    expect(ranked.map((l) => l.map((f) => f.matchId))).toEqual([["c", "a", "b"], ["d"]]);
  });
});

describe("matchPrecisionAtK", () => {
  it("counts a match whose deal reached the stage or a later one", () => {
    const best = aMatch({ demandFlowId: "n", score: 0.9, reached: { live: SUGGESTED_AT } });
    const second = aMatch({ demandFlowId: "n", score: 0.8 });
    expect(matchPrecisionAtK([best, second], "negotiating", 1)).toBe(1);
    expect(matchPrecisionAtK([best, second], "live", 2)).toBe(0.5);
  });

  it("ranks by the suggested score, so a good deal lower in the list misses at k = 1", () => {
    const top = aMatch({ demandFlowId: "n", score: 0.9 });
    const low = aMatch({ demandFlowId: "n", score: 0.2, reached: { negotiating: SUGGESTED_AT } });
    expect(matchPrecisionAtK([top, low], "negotiating", 1)).toBe(0);
  });

  it("is no higher for a later stage than for an earlier one (property)", () => {
    const stageArb = fc.option(fc.constantFrom(...OUTCOME_STAGES), { nil: undefined });
    const factsArb = fc.array(fc.record({ need: fc.integer({ min: 0, max: 4 }), score: fc.double({ min: 0, max: 1, noNaN: true }), stage: stageArb }), { maxLength: 30 });
    fc.assert(
      fc.property(factsArb, fc.integer({ min: 1, max: 6 }), (rows, kk) => {
        const facts = rows.map((r) => aMatch({ demandFlowId: `n${r.need}`, score: r.score, reached: r.stage ? { [r.stage]: SUGGESTED_AT } : {} }));
        const ps = OUTCOME_STAGES.map((s) => matchPrecisionAtK(facts, s, kk) ?? 0);
        return ps.every((p, i) => i === 0 || p <= ps[i - 1]! + 1e-12);
      }),
    );
  });
});
