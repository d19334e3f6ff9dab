/**
 * A proposal as the viewer may see it: the counterpart by name, or as the anonymous listing
 * ("an anonymous supplier") until the proposal is accepted (or its match revealed) — never
 * by id; the resource, status and deal; whose consent a contract still waits for; and the
 * next step in a sentence, as the server states it for this viewer.
 */
import type { Proposal } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { humanize } from "../ui/format.ts";

/** The user-visible words of this view, together for translation. */
const TEXT = {
  to: (name: string) => `To ${name}`,
  from: (name: string) => `From ${name}`,
  between: (from: string, to: string) => `${from} → ${to}`,
  you: "you",
  counterpart: "the counterpart",
  state: (status: string, deal: string) => `status ${status} · deal ${deal}`,
  consented: (who: string, waiting: string) => `Contract consented by ${who}${waiting ? `; waiting for ${waiting}` : ""}.`,
  nextStep: "Next step: ",
} as const;

/** Consents to contract as words: "you", the named party, or "the counterpart". */
function partyWord(id: string, p: Proposal, own: ReadonlySet<string>, names: ReadonlyMap<string, string>): string {
  if (id === "counterpart") return TEXT.counterpart;
  if (own.has(id)) return TEXT.you;
  if (id === p.fromOrg) return p.fromLabel;
  if (id === p.toOrg) return p.toLabel;
  return names.get(id) ?? TEXT.counterpart;
}

/** Who proposed to whom, from the viewer's side (own orgs) or as a facilitator (no own org). */
export function proposalParties(p: Proposal, own: ReadonlySet<string>): string {
  if (p.fromOrg !== null && own.has(p.fromOrg)) return TEXT.to(p.toLabel);
  if (p.toOrg !== null && own.has(p.toOrg)) return TEXT.from(p.fromLabel);
  return TEXT.between(p.fromLabel, p.toLabel);
}

export function proposalSummary(p: Proposal, own: ReadonlySet<string>, names: ReadonlyMap<string, string> = new Map()): (HTMLElement | string)[] {
  const consents = p.deal.contractConsents ?? [];
  const awaiting = p.deal.awaitingConsent ?? [];
  const words = (ids: readonly string[]) => ids.map((c) => partyWord(c, p, own, names)).join(" and ");
  return [
    h("strong", { class: "proposal-parties" }, proposalParties(p, own)),
    ` — ${p.resourceType ? `${humanize(p.resourceType)} · ` : ""}${TEXT.state(p.status, p.deal.state)}`,
    consents.length ? h("p", { class: "consents" }, TEXT.consented(words(consents), words(awaiting))) : null,
    p.nextStep ? h("p", { class: "next-step" }, h("strong", {}, TEXT.nextStep), p.nextStep) : null,
  ].filter((x): x is HTMLElement | string => x !== null);
}
