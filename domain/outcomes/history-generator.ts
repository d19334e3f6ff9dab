/**
 * Plausible decision histories for suggested matches, drawn from a seeded PRNG, so the
 * outcomes projection can be tried on a generated region (npm run seed:outcomes). Pure:
 * the caller passes the matches, the seed and the instant histories stop at ("now");
 * the same inputs give the same histories, whatever order the matches come in (each
 * match draws from its own stream, seeded by the seed and the match id).
 *
 * The shape follows how brokered symbiosis deals go: better-scored matches are taken up
 * more often, most suggestions are ignored, a proposal is usually decided within days,
 * contracts take weeks to months, and deals fail for the coded reasons with price and
 * distance the most common. Every deal moves through deal-lifecycle.ts, so every
 * history is one the API itself could have written.
 */
import { startDeal, transitionDeal } from "../deal-lifecycle.ts";
import { Rng, WeightedPicker } from "../prng.ts";
import type { DealReasonCode, DealState, NegotiationLogEntry } from "../schemas/deal.ts";

/** A suggested match to write a history for. */
export interface SuggestedMatch {
  readonly matchId: string;
  readonly score: number;
  readonly route: "auto" | "facilitator";
  readonly suggestedAt: string;
  readonly supplyOrgId: string;
  readonly demandOrgId: string;
}

/** One party's decision on the match. */
export interface PlannedDecision {
  readonly orgId: string;
  readonly side: "supply" | "demand";
  readonly decision: "interested" | "rejected";
  readonly at: string;
}

/** The proposal made on the match, its decision and its deal's steps. */
export interface PlannedProposal {
  /** The supplier proposes (the demand side receives). */
  readonly proposedAt: string;
  readonly status: "pending" | "accepted" | "rejected";
  readonly decidedAt?: string;
  readonly dealState: DealState;
  /** The deal's log, first step first (empty while the proposal is pending). */
  readonly steps: readonly NegotiationLogEntry[];
}

/** What happened to one match. */
export interface PlannedHistory {
  readonly matchId: string;
  readonly decisions: readonly PlannedDecision[];
  readonly proposal?: PlannedProposal;
}

/** The actor written on every generated line, so generated history is told apart from real. */
export const GENERATOR_ACTOR = "seed-outcomes";

const FAILURE_REASONS = new WeightedPicker<DealReasonCode>(
  ["price", "distance", "quality", "regulatory", "volume", "timing", "counterparty"],
  (c) => ({ price: 30, distance: 18, quality: 14, regulatory: 10, volume: 12, timing: 10, counterparty: 6 })[c as string] ?? 1,
);

/** FNV-1a of a string: mixes the match id into the seed. */
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * When a match of a freshly generated region "was" suggested, for a history of the past
 * `days` days: drawn per match between `days` and 30 days before `now`, so most deals had
 * time to move. Seeded like planHistory.
 */
export function simulatedSuggestionTime(matchId: string, seed: number, now: string, days: number): string {
  const rng = new Rng(fnv1a(matchId, seed ^ 0x5bd1e995));
  const span = Math.max(0, days - 30) * DAY_MS;
  return new Date(Date.parse(now) - 30 * DAY_MS - rng.float() * span).toISOString();
}

/** Plans the history of one match up to `now`; steps that would fall after it have not happened yet. */
export function planHistory(match: SuggestedMatch, seed: number, now: string): PlannedHistory {
  const rng = new Rng(fnv1a(match.matchId, seed));
  const score = Math.min(1, Math.max(0, match.score));
  const end = Date.parse(now);
  // Facilitated matches move slower (a person brokers them) but are taken up more often.
  const pace = match.route === "facilitator" ? 1.6 : 1;
  let t = Date.parse(match.suggestedAt);
  const after = (medianHours: number): string | undefined => {
    t += rng.logNormal(medianHours * pace, 0.6) * HOUR_MS;
    return t <= end ? new Date(t).toISOString() : undefined;
  };

  const takeUp = 0.12 + 0.55 * score + (match.route === "facilitator" ? 0.1 : 0);
  if (!rng.chance(takeUp)) {
    // Ignored, or turned down by one side.
    if (!rng.chance(0.35)) return { matchId: match.matchId, decisions: [] };
    const at = after(96);
    const demand = rng.chance(0.5);
    return at === undefined
      ? { matchId: match.matchId, decisions: [] }
      : { matchId: match.matchId, decisions: [{ orgId: demand ? match.demandOrgId : match.supplyOrgId, side: demand ? "demand" : "supply", decision: "rejected", at }] };
  }

  const proposedAt = after(72);
  if (proposedAt === undefined) return { matchId: match.matchId, decisions: [] };
  const decisions: PlannedDecision[] = [{ orgId: match.supplyOrgId, side: "supply", decision: "interested", at: proposedAt }];
  const decidedAt = after(48);
  if (decidedAt === undefined) return { matchId: match.matchId, decisions, proposal: { proposedAt, status: "pending", dealState: "suggested", steps: [] } };

  let deal = startDeal();
  const step = (to: DealState, at: string, code?: DealReasonCode) =>
    (deal = transitionDeal(deal, { to, at, actor: GENERATOR_ACTOR, ...(code ? { reason: { code } } : {}) }));

  if (!rng.chance(0.45 + 0.4 * score)) {
    step("failed", decidedAt, "counterparty");
    return { matchId: match.matchId, decisions, proposal: { proposedAt, status: "rejected", decidedAt, dealState: deal.state, steps: deal.log } };
  }
  decisions.push({ orgId: match.demandOrgId, side: "demand", decision: "interested", at: decidedAt });
  step("negotiating", decidedAt);

  // negotiating → reserved → contracted → live, each a chance to fail for a coded reason.
  const path: readonly { to: DealState; medianHours: number; pass: number }[] = [
    { to: "reserved", medianHours: 24 * 20, pass: 0.55 + 0.3 * score },
    { to: "contracted", medianHours: 24 * 30, pass: 0.6 + 0.3 * score },
    { to: "live", medianHours: 24 * 45, pass: 0.9 },
  ];
  for (const next of path) {
    const at = after(next.medianHours);
    if (at === undefined) break;
    if (rng.chance(next.pass)) step(next.to, at);
    else {
      step("failed", at, FAILURE_REASONS.pick(rng));
      break;
    }
  }
  return { matchId: match.matchId, decisions, proposal: { proposedAt, status: "accepted", decidedAt, dealState: deal.state, steps: deal.log } };
}
