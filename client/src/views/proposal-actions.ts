/**
 * The next steps of a proposal: decide it (Accept / Reject / Withdraw) or move the deal,
 * each with a note. The buttons are the acts the server says the viewer may take now
 * (`actions`, present-tense labels), so a receiver is never offered "Withdraw". If-Match
 * carries the version seen.
 *
 * Every step is a party's own act (DESIGN.md "Consent"): the receiver accepts or rejects,
 * the proposer withdraws, and each deal step is taken for one party — by its members, or
 * by a facilitator under the party's mandate (`proposals` for decisions, `deals` for deal
 * steps). Steps the viewer may not take are not offered; a facilitator is told which
 * mandate a step needs instead. Contracting needs both parties' consent: the first party's
 * request is recorded and the deal waits, reserved, for the other's.
 */
import { t } from "../i18n/index.ts";
import { send } from "../rest/http.ts";
import type { MandateAct, Proposal } from "../rest/types.ts";
import { h, uid } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";
import { dealWord } from "./proposal-summary.ts";

const REASONS = ["price", "distance", "quality", "regulatory", "volume", "timing", "counterparty", "other"];

/** The label of an act: the viewer's language, the server's (English) label for one this client does not know. */
const actLabel = (to: string, fallback: string) => t(`propose.actions.${to}`, { defaultValue: fallback });

/** For whom the viewer may act: as a member of its own organizations, or under mandates. */
export interface Acting {
  /** May the viewer take `act` for this organization (null: an organization not named to you)? */
  can(act: MandateAct, orgId: string | null): boolean;
  /** True for a facilitator (a missing mandate is then explained). */
  readonly facilitator: boolean;
  /** A name for an organization id. */
  name(orgId: string | null): string;
}

/** Acting as a member of these organizations. */
export const asMember = (orgIds: Iterable<string>): Acting => {
  const own = new Set(orgIds);
  return { can: (_act, orgId) => orgId !== null && own.has(orgId), facilitator: false, name: (o) => o ?? t("propose.summary.counterpart") };
};

/** Missing mandates, one line per act and set of organizations. */
function groupNeeds(needs: readonly { act: MandateAct; step: string; orgs: (string | null)[] }[]) {
  const out = new Map<string, { act: MandateAct; steps: string[]; orgs: (string | null)[] }>();
  for (const n of needs) {
    const key = `${n.act}|${n.orgs.join(",")}`;
    const g = out.get(key) ?? { act: n.act, steps: [], orgs: n.orgs };
    g.steps.push(n.step);
    out.set(key, g);
  }
  return [...out.values()];
}

export function proposalActions(p: Proposal, onChanged: (p: Proposal) => void, acting?: Acting): HTMLElement | null {
  const parties = [p.fromOrg, p.toOrg];
  const consents = new Set(p.deal.contractConsents ?? []);
  const needs: { act: MandateAct; step: string; orgs: (string | null)[] }[] = [];

  // What the server offers this viewer; the rest only explains a facilitator's missing mandates.
  const offered = p.actions ?? [];
  const statusActions = offered.filter((a) => a.kind === "status");
  const statusSteps = statusActions.map((a) => a.to);
  for (const s of p.allowedStatuses ?? []) {
    if (statusSteps.includes(s) || !acting?.facilitator) continue;
    const decider = s === "withdrawn" ? p.fromOrg : p.toOrg;
    if (!acting.can("proposals", decider)) needs.push({ act: "proposals", step: t(s === "withdrawn" ? "propose.actions.stepWithdrawing" : s === "accepted" ? "propose.actions.stepAccepting" : "propose.actions.stepRejecting"), orgs: [decider] });
  }
  const dealFor = parties.filter((o) => !acting || acting.can("deals", o));
  let waiting: string | null = null;
  const dealActions = offered.filter((a) => a.kind === "deal");
  const dealSteps = dealActions.map((a) => a.to);
  for (const s of p.deal?.allowedNext ?? []) {
    if (dealSteps.includes(s)) continue;
    if (dealFor.length === 0) {
      if (acting?.facilitator) needs.push({ act: "deals", step: t("propose.actions.stepDeal", { state: dealWord(s) }), orgs: parties });
    } else if (s === "contracted" && acting && dealFor.every((o) => o === null || consents.has(o))) {
      waiting = t("propose.actions.waiting", { who: dealFor.map((o) => acting.name(o)).join(t("propose.summary.and")) });
    }
  }
  if (!statusSteps.length && !dealSteps.length && !needs.length && !waiting) return null;

  const noteId = uid("note");
  const reasonId = uid("reason");
  const note = h("input", { id: noteId, name: "note", placeholder: t("propose.actions.notePlaceholder") });
  const reason = h("select", { id: reasonId, name: "reason.code", "data-field": "reason.code" }, h("option", { value: "" }, "—"), REASONS.map((r) => h("option", { value: r }, t(`propose.reasons.${r}`))));
  const form: HTMLFormElement = h(
    "form",
    { class: "proposal-actions", "aria-label": t("propose.actions.form") },
    statusSteps.length || dealSteps.length ? [h("label", { for: noteId }, t("propose.actions.note")), note] : null,
    dealSteps.some((s) => s === "failed" || s === "cancelled") ? [h("label", { for: reasonId }, t("propose.actions.reason")), reason] : null,
    waiting ? h("p", { class: "consent-waiting", "data-testid": "consent-waiting" }, waiting) : null,
    groupNeeds(needs).map((n) =>
      h(
        "p",
        { class: "needs-mandate", "data-needs-mandate": n.act },
        t("propose.actions.needsMandate", { steps: n.steps.join(", "), act: n.act, orgs: n.orgs.map((o) => acting!.name(o)).join(t("propose.actions.or")) }),
      ),
    ),
    h("div", { class: "form-summary", role: "alert" }),
  );
  const act = async (kind: "status" | "deal", to: string) => {
    clearFormErrors(form);
    const body =
      kind === "status"
        ? { status: to, version: p.version, ...(note.value ? { note: note.value } : {}) }
        : {
            to,
            version: p.version,
            ...(note.value ? { note: note.value } : {}),
            ...(to === "failed" || to === "cancelled" ? { reason: { code: reason.value || "other", ...(note.value ? { note: note.value } : {}) } } : {}),
          };
    try {
      const { body: updated } = await send<Proposal>("POST", `/proposals/${encodeURIComponent(p.id)}/${kind}`, body, { "if-match": `"${p.version}"` });
      const consented = kind === "deal" && to === "contracted" && updated.deal.state !== "contracted";
      const said = updated.status === "accepted" ? t("propose.actions.doneAccepted") : updated.status === "rejected" ? t("propose.actions.doneRejected") : updated.status === "withdrawn" ? t("propose.actions.doneWithdrawn") : updated.status;
      toast(kind === "status" ? said : consented ? t("propose.actions.consentRecorded") : t("propose.actions.dealMoved", { state: dealWord(updated.deal.state) }));
      onChanged(updated);
    } catch (error) {
      showFormErrors(form, error);
    }
  };
  for (const a of statusActions) form.append(h("button", { type: "button", "data-action": `status:${a.to}`, onclick: () => void act("status", a.to) }, actLabel(a.to, a.label)));
  for (const a of dealActions) {
    const label = actLabel(a.to, a.label);
    const text = a.to === "contracted" && acting?.facilitator && dealFor.length > 1 ? t("propose.actions.forBoth", { label }) : label;
    form.append(h("button", { type: "button", "data-action": `deal:${a.to}`, onclick: () => void act("deal", a.to) }, text));
  }
  return form;
}
