/**
 * The lifecycle of proposals and of the deals behind them, as pure state machines.
 * Nothing here reads a clock or a database: callers pass the time and the actor, and get
 * back the new state plus the log entry to store, or a typed error.
 *
 *   proposal: pending → accepted | rejected | withdrawn
 *   deal:     suggested → negotiating → reserved → contracted → live
 *             (reserved may fall back to negotiating when a reservation lapses)
 *             any non-terminal state → failed | cancelled, with a coded reason
 */
import { errors, type TurashError } from "./errors.ts";
import {
  TERMINAL_DEAL_STATES,
  type AttachmentMeta,
  type DealReason,
  type DealState,
  type NegotiationLogEntry,
} from "./schemas/deal.ts";
import type { ProposalLogEntry, ProposalStatus } from "./schemas/proposal.ts";

const ENDINGS = ["failed", "cancelled"] as const satisfies readonly DealState[];

/** Legal next states of a deal. */
export const DEAL_TRANSITIONS: Readonly<Record<DealState, readonly DealState[]>> = Object.freeze({
  suggested: ["negotiating", ...ENDINGS],
  negotiating: ["reserved", ...ENDINGS],
  reserved: ["contracted", "negotiating", ...ENDINGS],
  contracted: ["live", ...ENDINGS],
  // A live partnership can still end (plant closes, contract terminated).
  live: [...ENDINGS],
  failed: [],
  cancelled: [],
});

/** Legal next statuses of a proposal. */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalStatus, readonly ProposalStatus[]>> = Object.freeze({
  pending: ["accepted", "rejected", "withdrawn"],
  accepted: [],
  rejected: [],
  withdrawn: [],
});

/** Where every deal starts. */
export const INITIAL_DEAL_STATE: DealState = "suggested";

/** The states a deal may move to from `from` (empty when terminal). */
export function allowedDealTransitions(from: DealState): readonly DealState[] {
  return DEAL_TRANSITIONS[from];
}

/** The statuses a proposal may move to from `from` (empty when decided). */
export function allowedProposalTransitions(from: ProposalStatus): readonly ProposalStatus[] {
  return PROPOSAL_TRANSITIONS[from];
}

/** True for failed and cancelled. */
export function isTerminalDealState(state: DealState): boolean {
  return (TERMINAL_DEAL_STATES as readonly DealState[]).includes(state);
}

/** True when a deal may go from `from` to `to`. */
export function canTransitionDeal(from: DealState, to: DealState): boolean {
  return DEAL_TRANSITIONS[from].includes(to);
}

/** The ILLEGAL_TRANSITION error for a deal move, or undefined when the move is legal. */
export function checkDealTransition(from: DealState, to: DealState): TurashError | undefined {
  return canTransitionDeal(from, to) ? undefined : errors.illegalTransition("deal", from, to, DEAL_TRANSITIONS[from]);
}

/** The ILLEGAL_TRANSITION error for a proposal move, or undefined when the move is legal. */
export function checkProposalTransition(from: ProposalStatus, to: ProposalStatus): TurashError | undefined {
  return PROPOSAL_TRANSITIONS[from].includes(to)
    ? undefined
    : errors.illegalTransition("proposal", from, to, PROPOSAL_TRANSITIONS[from]);
}

/** What a deal needs for the machine: its state and its log so far. */
export interface DealProgress {
  readonly state: DealState;
  readonly log: readonly NegotiationLogEntry[];
  readonly reason?: DealReason;
}

/** One requested move of a deal. */
export interface DealStep {
  readonly to: DealState;
  /** External id of the user or system making the move. */
  readonly actor: string;
  /** ISO 8601 instant of the move (the caller's clock, so this stays pure). */
  readonly at: string;
  readonly note?: string;
  readonly attachments?: readonly AttachmentMeta[];
  /** Required when moving to failed or cancelled; refused otherwise. */
  readonly reason?: DealReason;
}

/** A new deal in its initial state with an empty log. */
export function startDeal(): DealProgress {
  return { state: INITIAL_DEAL_STATE, log: [] };
}

/**
 * Moves a deal one step, returning a new deal (the input is not changed) whose log ends
 * with the entry for this step.
 * @throws TurashError ILLEGAL_TRANSITION (with `allowed`), or VALIDATION_FAILED when the
 *   reason is missing/unexpected or the step is dated before the last one
 */
export function transitionDeal<D extends DealProgress>(deal: D, step: DealStep): D {
  const illegal = checkDealTransition(deal.state, step.to);
  if (illegal) throw illegal;
  const ending = isTerminalDealState(step.to);
  if (ending && step.reason === undefined)
    throw errors.validationFailed([{ field: "reason", message: `is required when a deal ends as ${step.to}` }]);
  if (!ending && step.reason !== undefined)
    throw errors.validationFailed([{ field: "reason", message: "is only given when a deal fails or is cancelled" }]);
  const last = deal.log.at(-1);
  if (last && Date.parse(step.at) < Date.parse(last.at))
    throw errors.validationFailed([{ field: "at", message: `must not be before the previous step (${last.at})` }]);
  const entry: NegotiationLogEntry = {
    at: step.at,
    actor: step.actor,
    from: deal.state,
    to: step.to,
    attachments: [...(step.attachments ?? [])],
    ...(step.note === undefined ? {} : { note: step.note }),
    ...(step.reason === undefined ? {} : { reason: step.reason }),
  };
  return {
    ...deal,
    state: step.to,
    log: [...deal.log, entry],
    ...(step.reason === undefined ? {} : { reason: step.reason }),
  } as D;
}

/**
 * Replays a stored log from the initial state and returns the state it ends in, so an
 * audit or the reconciler can prove a history is legal.
 * @throws TurashError ILLEGAL_TRANSITION at the first illegal entry, or VALIDATION_FAILED
 *   when an entry's `from` does not match the state reached so far
 */
export function replayDealLog(log: readonly NegotiationLogEntry[]): DealState {
  let state = INITIAL_DEAL_STATE;
  log.forEach((entry, i) => {
    if (entry.from !== state)
      throw errors.validationFailed([{ field: `log.${i}.from`, message: `is ${entry.from} but the deal was ${state}` }]);
    const illegal = checkDealTransition(state, entry.to);
    if (illegal) throw illegal;
    state = entry.to;
  });
  return state;
}

/** One requested decision on a proposal. */
export interface ProposalStep {
  readonly to: ProposalStatus;
  readonly actor: string;
  readonly at: string;
  readonly note?: string;
}

/**
 * Decides a proposal, returning the updated proposal and the history entry to store.
 * @throws TurashError ILLEGAL_TRANSITION naming the allowed statuses
 */
export function transitionProposal<P extends { readonly status: ProposalStatus }>(
  proposal: P,
  step: ProposalStep,
): { proposal: P; entry: ProposalLogEntry } {
  const illegal = checkProposalTransition(proposal.status, step.to);
  if (illegal) throw illegal;
  const entry: ProposalLogEntry = {
    at: step.at,
    actor: step.actor,
    from: proposal.status,
    to: step.to,
    ...(step.note === undefined ? {} : { note: step.note }),
  };
  return { proposal: { ...proposal, status: step.to }, entry };
}

/**
 * What a proposal decision means for its deal: accepted opens negotiation, rejected
 * fails the deal (the counterparty said no), withdrawn cancels it. Pending: nothing.
 */
export function dealStepForProposal(status: ProposalStatus): { to: DealState; reason?: DealReason } | undefined {
  switch (status) {
    case "pending":
      return undefined;
    case "accepted":
      return { to: "negotiating" };
    case "rejected":
      return { to: "failed", reason: { code: "counterparty", note: "proposal rejected" } };
    case "withdrawn":
      return { to: "cancelled", reason: { code: "counterparty", note: "proposal withdrawn" } };
  }
}
