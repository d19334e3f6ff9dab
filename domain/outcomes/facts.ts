/**
 * What the outcomes projection knows about one suggested match: when and how it was
 * suggested, what its parties decided, and how far the deals made of it went. Built by the
 * repository (ledgers/outcomes.ts) from match_history, match_decisions, proposals and
 * their status history; everything in domain/outcomes/ is pure arithmetic on these facts.
 */
import type { DealReasonCode } from "../schemas/deal.ts";

/** The stages of a deal a suggestion can reach, in the order a deal passes them. */
export const OUTCOME_STAGES = ["negotiating", "reserved", "contracted", "live"] as const;
export type OutcomeStage = (typeof OUTCOME_STAGES)[number];

/** How a deal made of the match ended, when it did. */
export interface DealEnding {
  readonly state: "failed" | "cancelled";
  readonly code: DealReasonCode;
  /** The stage the deal had reached when it ended ("suggested" when it never moved). */
  readonly after: "suggested" | OutcomeStage;
}

/** One suggested match and what became of it. */
export interface MatchFacts {
  readonly matchId: string;
  /** The need the match was suggested for: precision@k ranks each need's list. */
  readonly demandFlowId: string;
  /** The score it was first suggested with: the ranked list as the parties saw it. */
  readonly score: number;
  readonly route: "auto" | "facilitator";
  /** The by-product's resource type ("unknown" when the flow is gone from the index). */
  readonly resourceType: string;
  /** Region code of the need's site (else the supply's); "unknown" when neither is placed. */
  readonly region: string;
  /** ISO 8601 instant of the first suggestion. */
  readonly suggestedAt: string;
  /** How many of the two parties said `interested`. */
  readonly interested: 0 | 1 | 2;
  /** True when a party said `rejected`. */
  readonly rejected: boolean;
  /** The first instant any deal of the match reached each stage it reached. */
  readonly reached: Readonly<Partial<Record<OutcomeStage, string>>>;
  /** Endings of the deals of the match (one per proposal that failed or was cancelled). */
  readonly endings: readonly DealEnding[];
}

/**
 * True when a deal of the match reached `stage` or a later one. Deals move forward one
 * stage at a time, so a later stage implies the earlier ones even where a history (one
 * written before this projection, say) lacks the intermediate line.
 */
export function reachedStage(facts: MatchFacts, stage: OutcomeStage): boolean {
  const from = OUTCOME_STAGES.indexOf(stage);
  return OUTCOME_STAGES.slice(from).some((s) => facts.reached[s] !== undefined);
}
