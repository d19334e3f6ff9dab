/**
 * "Propose this match": a message, then POST /proposals with the match only — the server
 * knows which party you are and who the other is, so nothing of an anonymous counterpart
 * is needed or sent. Proposing counts as your "interested"; the other party accepting it
 * is theirs, which reveals you to each other.
 */
import { newId, post } from "../rest/http.ts";
import { isAnonymous, type Match, type Proposal } from "../rest/types.ts";
import { h, uid } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";
import { counterpartName } from "./counterpart.ts";
import { t } from "../i18n/index.ts";
import { resourceName } from "../rest/resource-names.ts";

export function renderProposeForm(match: Match, onCreated?: (p: Proposal) => void): HTMLElement | null {
  if (match.disclosure?.state === "declined") return null;
  const id = uid("proposal-message");
  const anonymous = isAnonymous(match.counterpart);
  const message = h("textarea", { id, name: "message", rows: 3, required: true }, t("propose.defaultMessage", { what: resourceName(match.counterpart.resourceType).toLowerCase() }));
  const form: HTMLFormElement = h(
    "form",
    { class: "propose", "aria-label": t("propose.form") },
    h("label", { for: id }, t("propose.message")),
    message,
    anonymous ? h("p", { class: "muted" }, t("propose.anonymousNote")) : null,
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, t("propose.submit")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    try {
      const proposal = await post<Proposal>("/proposals", { externalId: newId("prop"), matchId: match.id, message: message.value });
      form.replaceChildren(h("p", { class: "success", "data-testid": "proposal-created" }, t("propose.sent", { status: proposal.status })));
      toast(t("propose.sentTo", { name: anonymous ? t("decision.theOtherParty") : counterpartName(match) }));
      onCreated?.(proposal);
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}
