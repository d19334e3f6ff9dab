/** "Propose this match": a message, then POST /proposals from the party's organization. */
import { newId, post } from "../rest/http.ts";
import type { Match, Proposal } from "../rest/types.ts";
import { h, uid } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";

/** The organization proposing: the party of the match that is not the counterpart. */
export function ownParty(match: Match): string | undefined {
  const parties = [match.supplyOrgId, match.demandOrgId].filter((o): o is string => !!o);
  return parties.find((o) => o !== match.counterpart.orgId);
}

export function renderProposeForm(match: Match, fromOrg: string | undefined, onCreated?: (p: Proposal) => void): HTMLElement {
  const id = uid("proposal-message");
  const message = h("textarea", { id, name: "message", rows: 3, required: true }, `We would like to explore taking up this ${match.counterpart.resourceType.replace(/_/g, " ")} exchange.`);
  const form: HTMLFormElement = h(
    "form",
    { class: "propose", "aria-label": "Propose this match" },
    h("label", { for: id }, "Message to the other party"),
    message,
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, "Propose partnership"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    const from = fromOrg ?? ownParty(match);
    try {
      const proposal = await post<Proposal>("/proposals", {
        externalId: newId("prop"),
        matchId: match.id,
        fromOrg: from,
        toOrg: match.counterpart.orgId,
        message: message.value,
      });
      form.replaceChildren(h("p", { class: "success", "data-testid": "proposal-created" }, `Proposal sent (${proposal.status}).`));
      toast(`Proposal sent to ${match.counterpart.orgName}.`);
      onCreated?.(proposal);
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}
