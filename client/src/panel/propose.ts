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

export function renderProposeForm(match: Match, onCreated?: (p: Proposal) => void): HTMLElement | null {
  if (match.disclosure?.state === "declined") return null;
  const id = uid("proposal-message");
  const anonymous = isAnonymous(match.counterpart);
  const message = h("textarea", { id, name: "message", rows: 3, required: true }, `We would like to explore taking up this ${match.counterpart.resourceType.replace(/_/g, " ")} exchange.`);
  const form: HTMLFormElement = h(
    "form",
    { class: "propose", "aria-label": "Propose this match" },
    h("label", { for: id }, "Message to the other party"),
    message,
    anonymous ? h("p", { class: "muted" }, "Proposing counts as your “interested”. You stay anonymous to each other until they accept.") : null,
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, "Propose partnership"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    try {
      const proposal = await post<Proposal>("/proposals", { externalId: newId("prop"), matchId: match.id, message: message.value });
      form.replaceChildren(h("p", { class: "success", "data-testid": "proposal-created" }, `Proposal sent (${proposal.status}).`));
      toast(`Proposal sent to ${anonymous ? "the other party" : counterpartName(match)}.`);
      onCreated?.(proposal);
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}
