/**
 * What the viewer of a proposal may do now, in the present tense ("Accept", "Withdraw"),
 * and the next step said in a sentence. Only acts the viewer's role allows are offered:
 * the receiver accepts or rejects, the proposer withdraws, either party (or a facilitator
 * under its mandate) moves the deal; a receiver is never offered "Withdraw".
 */
import { allowedDealTransitions } from "../../../domain/deal-lifecycle.ts";
import type { ProposalRecord } from "../../../ledgers/proposals.ts";
import type { ProposalViewContext } from "../../commands/proposals.ts";
import type { ProposalAction } from "../../../contract/proposals.ts";

const STATUS_LABELS = { accepted: "Accept", rejected: "Reject", withdrawn: "Withdraw" } as const;
const DEAL_LABELS: Record<string, string> = {
  negotiating: "Start negotiating",
  reserved: "Reserve",
  contracted: "Consent to contract",
  live: "Go live",
  failed: "Mark as failed",
  cancelled: "Cancel the deal",
};

/** The acts open to this viewer now. */
export function viewerActions(p: ProposalRecord, view: ProposalViewContext): ProposalAction[] {
  if (p.status === "pending") {
    const out: ProposalAction[] = [];
    if (view.decidesFor.has(p.toOrg)) out.push({ kind: "status", to: "accepted", label: STATUS_LABELS.accepted }, { kind: "status", to: "rejected", label: STATUS_LABELS.rejected });
    if (view.decidesFor.has(p.fromOrg)) out.push({ kind: "status", to: "withdrawn", label: STATUS_LABELS.withdrawn });
    return out;
  }
  if (p.status !== "accepted") return [];
  const actingFor = [p.fromOrg, p.toOrg].filter((o) => view.movesDealsFor.has(o));
  if (actingFor.length === 0) return [];
  return allowedDealTransitions(p.dealState)
    .filter((to) => to !== "contracted" || actingFor.some((o) => !p.contractConsents.includes(o)))
    .map((to) => ({ kind: "deal", to, label: DEAL_LABELS[to] ?? to, ...(to === "failed" || to === "cancelled" ? { needsReason: true } : {}) }));
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The next step as a stable code (for clients that say it in their own language, with the
 * parties' labels) and in an English sentence.
 */
export interface NextStep {
  readonly code: NextStepCode;
  readonly text: string;
}

/** Every next step a proposal can have; clients key their translations by it. */
export type NextStepCode =
  | "pending.decide"
  | "pending.waitOrWithdraw"
  | "pending.wait"
  | "rejected"
  | "withdrawn"
  | "suggested.act"
  | "suggested.wait"
  | "negotiating.act"
  | "negotiating.wait"
  | "reserved.consentBoth"
  | "reserved.consentYours"
  | "reserved.waiting"
  | "contracted"
  | "live"
  | "ended";

/** The next step, in one sentence and as a code, for this viewer. */
export function nextStepOf(p: ProposalRecord, labels: { from: string; to: string }, view: ProposalViewContext, actions: readonly ProposalAction[]): NextStep {
  const [code, text] = nextStepText(p, labels, view, actions);
  return { code, text: sentence(text) };
}

function nextStepText(p: ProposalRecord, labels: { from: string; to: string }, view: ProposalViewContext, actions: readonly ProposalAction[]): [NextStepCode, string] {
  const can = (to: string) => actions.some((a) => a.to === to);
  switch (p.status) {
    case "pending":
      if (can("accepted")) return ["pending.decide", `${labels.from} proposes this exchange: accept to start negotiating, or reject it.`];
      if (can("withdrawn")) return ["pending.waitOrWithdraw", `Waiting for ${labels.to} to accept or reject; you may withdraw the proposal until then.`];
      return ["pending.wait", `Waiting for ${labels.to} to accept or reject.`];
    case "rejected":
      return ["rejected", `${labels.to} rejected the proposal; the match is open for a new one.`];
    case "withdrawn":
      return ["withdrawn", `${labels.from} withdrew the proposal; the match is open for a new one.`];
  }
  const acts = actions.length > 0;
  switch (p.dealState) {
    case "suggested":
      return acts ? ["suggested.act", "Accepted: start negotiating the terms."] : ["suggested.wait", "Accepted: the parties start negotiating."];
    case "negotiating":
      return acts ? ["negotiating.act", "Agree the terms, then reserve the exchange."] : ["negotiating.wait", "The parties are negotiating the terms."];
    case "reserved": {
      const waiting = [p.fromOrg, p.toOrg].filter((o) => !p.contractConsents.includes(o));
      if (p.contractConsents.length === 0) return ["reserved.consentBoth", "Reserved: both parties consent to contract to make it binding."];
      const yours = waiting.some((o) => view.movesDealsFor.has(o));
      return yours
        ? ["reserved.consentYours", "The other party consented: consent to contract to make it binding."]
        : ["reserved.waiting", `Waiting for ${waiting.map((o) => (o === p.fromOrg ? labels.from : labels.to)).join(" and ")} to consent to the contract.`];
    }
    case "contracted":
      return ["contracted", "Contracted: go live when the exchange starts."];
    case "live":
      return ["live", "Live: the exchange is running."];
    default:
      return ["ended", "The deal ended; the match is open for a new proposal."];
  }
}
