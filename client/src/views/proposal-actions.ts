/**
 * The next steps of a proposal: decide it (accept / reject / withdraw) or move the deal,
 * each with a note. If-Match carries the version seen.
 *
 * Every step is a party's own act (DESIGN.md "Consent"): the receiver accepts or rejects,
 * the proposer withdraws, and each deal step is taken for one party — by its members, or
 * by a facilitator under the party's mandate (`proposals` for decisions, `deals` for deal
 * steps). Steps the viewer may not take are not offered; a facilitator is told which
 * mandate a step needs instead. Contracting needs both parties' consent: the first party's
 * request is recorded and the deal waits, reserved, for the other's.
 */
import { send } from "../rest/http.ts";
import type { MandateAct, Proposal } from "../rest/types.ts";
import { h, uid } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";

const REASONS = ["price", "distance", "quality", "regulatory", "volume", "timing", "counterparty", "other"];

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
  return { can: (_act, orgId) => orgId !== null && own.has(orgId), facilitator: false, name: (o) => o ?? "the counterpart" };
};

const label = (s: string) => s[0]!.toUpperCase() + s.slice(1);

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

  const statusSteps = (p.allowedStatuses ?? []).filter((s) => {
    if (!acting) return true;
    const decider = s === "withdrawn" ? p.fromOrg : p.toOrg;
    if (acting.can("proposals", decider)) return true;
    if (acting.facilitator) needs.push({ act: "proposals", step: s === "withdrawn" ? "Withdrawing" : s === "accepted" ? "Accepting" : "Rejecting", orgs: [decider] });
    return false;
  });
  const dealFor = parties.filter((o) => !acting || acting.can("deals", o));
  let waiting: string | null = null;
  const dealSteps = (p.deal?.allowedNext ?? []).filter((s) => {
    if (dealFor.length === 0) {
      if (acting?.facilitator) needs.push({ act: "deals", step: `Deal → ${s}`, orgs: parties });
      return false;
    }
    if (s !== "contracted" || !acting) return true;
    // Contracting: only parties that have not consented yet.
    const fresh = dealFor.filter((o) => o !== null && !consents.has(o));
    if (fresh.length === 0) {
      waiting = `Contract consented for ${dealFor.map((o) => acting.name(o)).join(" and ")}; waiting for the other party's consent.`;
      return false;
    }
    return true;
  });
  if (!statusSteps.length && !dealSteps.length && !needs.length && !waiting) return null;

  const noteId = uid("note");
  const reasonId = uid("reason");
  const note = h("input", { id: noteId, name: "note", placeholder: "optional note" });
  const reason = h("select", { id: reasonId, name: "reason.code", "data-field": "reason.code" }, h("option", { value: "" }, "—"), REASONS.map((r) => h("option", { value: r }, r)));
  const form: HTMLFormElement = h(
    "form",
    { class: "proposal-actions", "aria-label": `Next step for proposal ${p.id}` },
    statusSteps.length || dealSteps.length ? [h("label", { for: noteId }, "Note "), note] : null,
    dealSteps.some((s) => s === "failed" || s === "cancelled") ? [h("label", { for: reasonId }, " Reason (if it ends) "), reason] : null,
    waiting ? h("p", { class: "consent-waiting", "data-testid": "consent-waiting" }, waiting) : null,
    groupNeeds(needs).map((n) =>
      h(
        "p",
        { class: "needs-mandate", "data-needs-mandate": n.act },
        `${n.steps.join(", ")}: needs a “${n.act}” mandate from ${n.orgs.map((o) => acting!.name(o)).join(" or ")} — ask its administrator to grant one on their Organization page.`,
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
      toast(kind === "status" ? `Proposal ${updated.status}.` : consented ? "Consent to contract recorded; waiting for the other party." : `Deal ${updated.deal.state}.`);
      onChanged(updated);
    } catch (error) {
      showFormErrors(form, error);
    }
  };
  for (const s of statusSteps) form.append(h("button", { type: "button", "data-action": `status:${s}`, onclick: () => void act("status", s) }, label(s)));
  for (const s of dealSteps) {
    const text = s === "contracted" ? (acting?.facilitator && dealFor.length > 1 ? "Consent to contract (for both)" : "Consent to contract") : `Deal → ${s}`;
    form.append(h("button", { type: "button", "data-action": `deal:${s}`, onclick: () => void act("deal", s) }, text));
  }
  return form;
}
