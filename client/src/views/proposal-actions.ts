/**
 * A proposal's next steps, as the server allows them (allowedStatuses, deal.allowedNext):
 * decide (accept / reject / withdraw) or move the deal, each with a note. If-Match carries
 * the version seen.
 */
import { send } from "../rest/http.ts";
import type { Proposal } from "../rest/types.ts";
import { h, uid } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";

const REASONS = ["price", "distance", "quality", "regulatory", "volume", "timing", "counterparty", "other"];

export function proposalActions(p: Proposal, onChanged: (p: Proposal) => void): HTMLElement | null {
  const statusSteps = p.allowedStatuses ?? [];
  const dealSteps = p.deal?.allowedNext ?? [];
  if (!statusSteps.length && !dealSteps.length) return null;
  const noteId = uid("note");
  const reasonId = uid("reason");
  const note = h("input", { id: noteId, name: "note", placeholder: "optional note" });
  const reason = h("select", { id: reasonId, name: "reason.code", "data-field": "reason.code" }, h("option", { value: "" }, "—"), REASONS.map((r) => h("option", { value: r }, r)));
  const form: HTMLFormElement = h(
    "form",
    { class: "proposal-actions", "aria-label": `Next step for proposal ${p.id}` },
    h("label", { for: noteId }, "Note "),
    note,
    dealSteps.some((s) => s === "failed" || s === "cancelled") ? [h("label", { for: reasonId }, " Reason (if it ends) "), reason] : null,
    h("div", { class: "form-summary", role: "alert" }),
  );
  const act = async (kind: "status" | "deal", to: string) => {
    clearFormErrors(form);
    const body =
      kind === "status"
        ? { status: to, ...(note.value ? { note: note.value } : {}) }
        : { to, ...(note.value ? { note: note.value } : {}), ...(to === "failed" || to === "cancelled" ? { reason: { code: reason.value || "other", ...(note.value ? { note: note.value } : {}) } } : {}) };
    try {
      const { body: updated } = await send<Proposal>("POST", `/proposals/${encodeURIComponent(p.id)}/${kind}`, body, { "if-match": `"${p.version}"` });
      toast(`Proposal ${kind === "status" ? updated.status : `deal ${updated.deal.state}`}.`);
      onChanged(updated);
    } catch (error) {
      showFormErrors(form, error);
    }
  };
  for (const s of statusSteps) form.append(h("button", { type: "button", "data-action": `status:${s}`, onclick: () => void act("status", s) }, s[0]!.toUpperCase() + s.slice(1)));
  for (const s of dealSteps) form.append(h("button", { type: "button", "data-action": `deal:${s}`, onclick: () => void act("deal", s) }, `Deal → ${s}`));
  return form;
}
