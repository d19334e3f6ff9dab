/**
 * A proposal in one line, as the viewer may see it: the counterpart named, or "an
 * anonymous counterpart" until the proposal is accepted (or its match revealed); the
 * resource, status and deal; and whose consent a contract still waits for.
 */
import type { Proposal } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { humanize } from "../ui/format.ts";

const ANONYMOUS = "an anonymous counterpart";

/** Consents to contract as words: "you", the named party, or "the counterpart". */
function partyWord(id: string, own: ReadonlySet<string>, names: ReadonlyMap<string, string>): string {
  if (id === "counterpart") return "the counterpart";
  if (own.has(id)) return "you";
  return names.get(id) ?? id;
}

/** Who proposed to whom, from the viewer's side (own orgs) or as a facilitator (no own org). */
export function proposalParties(p: Proposal, own: ReadonlySet<string>, names: ReadonlyMap<string, string> = new Map()): string {
  const name = (id: string | null) => (id === null ? ANONYMOUS : (names.get(id) ?? id));
  if (p.fromOrg !== null && own.has(p.fromOrg)) return `To ${name(p.toOrg)}`;
  if (p.toOrg !== null && own.has(p.toOrg)) return `From ${name(p.fromOrg)}`;
  return `${name(p.fromOrg)} → ${name(p.toOrg)}`;
}

export function proposalSummary(p: Proposal, own: ReadonlySet<string>, names: ReadonlyMap<string, string> = new Map()): (HTMLElement | string)[] {
  const consents = p.deal.contractConsents ?? [];
  const awaiting = p.deal.awaitingConsent ?? [];
  return [
    h("strong", { class: "proposal-parties" }, proposalParties(p, own, names)),
    ` — ${p.resourceType ? `${humanize(p.resourceType)} · ` : ""}status ${p.status} · deal ${p.deal.state}`,
    consents.length
      ? h("p", { class: "consents" }, `Contract consented by ${consents.map((c) => partyWord(c, own, names)).join(" and ")}${awaiting.length ? `; waiting for ${awaiting.map((c) => partyWord(c, own, names)).join(" and ")}` : ""}.`)
      : null,
  ].filter((x): x is HTMLElement | string => x !== null);
}
