import { describe, expect, it } from "vitest";
import { replayDealLog } from "../deal-lifecycle.ts";
import { planHistory, simulatedSuggestionTime, type SuggestedMatch } from "./history-generator.ts";

const NOW = "2026-12-01T00:00:00.000Z";
const matches: SuggestedMatch[] = Array.from({ length: 400 }, (_, i) => ({
  matchId: `m-${i}`,
  score: (i % 10) / 10,
  route: i % 4 === 0 ? "facilitator" : "auto",
  suggestedAt: "2026-01-15T08:00:00.000Z",
  supplyOrgId: `s-${i}`,
  demandOrgId: `d-${i}`,
}));

describe("planHistory", () => {
  it("gives the same history for the same seed, whatever the order of the matches", () => {
    const forward = matches.map((m) => planHistory(m, 7, NOW));
    const backward = [...matches].reverse().map((m) => planHistory(m, 7, NOW)).reverse();
    expect(backward).toEqual(forward);
    expect(matches.map((m) => planHistory(m, 8, NOW))).not.toEqual(forward);
  });

  it("writes only legal deal histories, in time order, never after now", () => {
    for (const m of matches) {
      const h = planHistory(m, 1, NOW);
      if (!h.proposal) continue;
      expect(replayDealLog(h.proposal.steps)).toBe(h.proposal.dealState);
      const times = [h.proposal.proposedAt, ...h.proposal.steps.map((s) => s.at)].map(Date.parse);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse(NOW));
      expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(m.suggestedAt));
    }
  });

  it("takes better-scored matches further, and some all the way to live", () => {
    const went = (lo: number, hi: number) => {
      const group = matches.filter((m) => m.score >= lo && m.score < hi);
      return group.filter((m) => planHistory(m, 3, NOW).proposal?.status === "accepted").length / group.length;
    };
    expect(went(0.7, 1)).toBeGreaterThan(went(0, 0.3));
    const states = matches.map((m) => planHistory(m, 3, NOW).proposal?.dealState);
    expect(states).toContain("live");
    expect(states).toContain("failed");
  });

  it("stops at now: a match suggested a moment ago has no history yet", () => {
    const h = planHistory({ ...matches[9]!, suggestedAt: NOW }, 3, NOW);
    expect(h.decisions).toEqual([]);
    expect(h.proposal).toBeUndefined();
  });

  it("records the proposer's interest, and the receiver's when accepted", () => {
    for (const m of matches) {
      const h = planHistory(m, 5, NOW);
      if (h.proposal?.status === "accepted") expect(h.decisions.map((d) => [d.side, d.decision])).toEqual([["supply", "interested"], ["demand", "interested"]]);
      if (h.proposal?.status === "rejected") expect(h.decisions.map((d) => d.side)).toEqual(["supply"]);
    }
  });
});

describe("simulatedSuggestionTime", () => {
  it("falls between days and 30 days before now, the same for the same seed and match", () => {
    const times = matches.map((m) => Date.parse(simulatedSuggestionTime(m.matchId, 42, NOW, 365)));
    const day = 86_400_000;
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(NOW) - 365 * day);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse(NOW) - 30 * day);
    expect(simulatedSuggestionTime("m-1", 42, NOW, 365)).toBe(simulatedSuggestionTime("m-1", 42, NOW, 365));
    expect(new Set(times).size).toBeGreaterThan(300);
  });
});
