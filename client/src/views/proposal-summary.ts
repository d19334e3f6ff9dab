/**
 * A proposal as the viewer may see it: the counterpart by name, or as the anonymous listing
 * ("an anonymous supplier") until the proposal is accepted (or its match revealed) — never
 * by id; the resource, status and deal; whose consent a contract still waits for; and the
 * next step in a sentence. Every word is the viewer's language (locales: propose.*): the
 * next step is said from the server's `nextStepCode`, its English sentence kept only for a
 * code this client does not know.
 */
import { t } from "../i18n/index.ts";
import { resourceName } from "../rest/resource-names.ts";
import type { Proposal } from "../rest/types.ts";
import { h } from "../ui/dom.ts";

/** How the viewer calls one side: its name, or the anonymous listing's word for it in the current language. */
export function sideLabel(p: Proposal, side: "from" | "to"): string {
  const name = side === "from" ? p.fromName : p.toName;
  if (name) return name;
  const org = side === "from" ? p.fromOrg : p.toOrg;
  if (org === null) {
    // The hidden side is the one whose role the proposal does not name.
    if (p.supplierOrg === null && p.consumerOrg !== null) return t("propose.summary.anonymousSupplier");
    if (p.consumerOrg === null && p.supplierOrg !== null) return t("propose.summary.anonymousConsumer");
  }
  return side === "from" ? p.fromLabel : p.toLabel;
}

/** A proposal status or deal state in words. */
export const statusWord = (status: string) => t(`propose.status.${status}`, { defaultValue: status });
export const dealWord = (state: string) => t(`propose.deal.${state}`, { defaultValue: state });

/** Consents to contract as words: "you", the named party, or "the counterpart". */
function partyWord(id: string, p: Proposal, own: ReadonlySet<string>, names: ReadonlyMap<string, string>): string {
  if (id === "counterpart") return t("propose.summary.counterpart");
  if (own.has(id)) return t("propose.summary.you");
  if (id === p.fromOrg) return sideLabel(p, "from");
  if (id === p.toOrg) return sideLabel(p, "to");
  return names.get(id) ?? t("propose.summary.counterpart");
}

/** Who proposed to whom, from the viewer's side (own orgs) or as a facilitator (no own org). */
export function proposalParties(p: Proposal, own: ReadonlySet<string>): string {
  if (p.fromOrg !== null && own.has(p.fromOrg)) return t("propose.summary.to", { name: sideLabel(p, "to") });
  if (p.toOrg !== null && own.has(p.toOrg)) return t("propose.summary.from", { name: sideLabel(p, "from") });
  return t("propose.summary.between", { from: sideLabel(p, "from"), to: sideLabel(p, "to") });
}

/** The next step in the viewer's language. */
export function nextStepText(p: Proposal, own: ReadonlySet<string>, names: ReadonlyMap<string, string> = new Map()): string {
  const waiting = (p.deal.awaitingConsent ?? []).map((c) => partyWord(c, p, own, names)).join(t("propose.summary.and"));
  const key = `propose.next.${p.nextStepCode}`;
  const said = p.nextStepCode ? t(key, { from: sideLabel(p, "from"), to: sideLabel(p, "to"), waiting }) : key;
  // An unknown code comes back as its key: the server's English sentence then.
  const text = said === key ? p.nextStep : said;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function proposalSummary(p: Proposal, own: ReadonlySet<string>, names: ReadonlyMap<string, string> = new Map()): (HTMLElement | string)[] {
  const consents = p.deal.contractConsents ?? [];
  const awaiting = p.deal.awaitingConsent ?? [];
  const words = (ids: readonly string[]) => ids.map((c) => partyWord(c, p, own, names)).join(t("propose.summary.and"));
  const state = t("propose.summary.state", { status: statusWord(p.status), deal: dealWord(p.deal.state) });
  return [
    h("strong", { class: "proposal-parties" }, proposalParties(p, own)),
    ` — ${p.resourceType ? `${resourceName(p.resourceType)} · ` : ""}${state}`,
    consents.length ? h("p", { class: "consents" }, awaiting.length ? t("propose.summary.consentedWaiting", { who: words(consents), waiting: words(awaiting) }) : t("propose.summary.consented", { who: words(consents) })) : null,
    p.nextStep ? h("p", { class: "next-step" }, h("strong", {}, t("propose.summary.nextStep")), nextStepText(p, own, names)) : null,
  ].filter((x): x is HTMLElement | string => x !== null);
}
