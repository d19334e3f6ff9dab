/** A suggested match's facts for tests: a fresh suggestion nobody acted on, with overrides. */
import type { MatchFacts } from "./facts.ts";

export const SUGGESTED_AT = "2026-01-01T00:00:00.000Z";

let n = 0;
export function aMatch(overrides: Partial<MatchFacts> = {}): MatchFacts {
  n += 1;
  return {
    matchId: `m-${String(n).padStart(4, "0")}`,
    demandFlowId: "need-1",
    score: 0.5,
    route: "auto",
    resourceType: "waste_heat_low",
    region: "DK01",
    suggestedAt: SUGGESTED_AT,
    interested: 0,
    rejected: false,
    reached: {},
    endings: [],
    ...overrides,
  };
}

/** The instant `hours` after SUGGESTED_AT. */
export const hoursLater = (hours: number) => new Date(Date.parse(SUGGESTED_AT) + hours * 3_600_000).toISOString();
