/**
 * Where a match's disclosure stands for your organization, and your decision on it:
 * "Interested" / "Not interested" (POST /matches/:id/decision). Both parties interested
 * reveals each to the other with its contact; a decline tells the other side only that.
 * The element's data-disclosure says which state is shown (anonymous, public, waiting,
 * revealed, declined).
 */
import { post } from "../rest/http.ts";
import { isAnonymous, type DecisionResult, type Match } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { toast } from "../ui/toast.ts";
import { t } from "../i18n/index.ts";

/** What the decision changed, for the view to refresh. */
export type DecisionChange = (result: DecisionResult) => void;

function contactLine(m: Match): HTMLElement {
  const c = m.counterpart;
  const contact = isAnonymous(c) ? null : (c.contact ?? null);
  if (!contact) return h("p", { class: "contact muted" }, t("decision.noContact"));
  return h(
    "p",
    { class: "contact" },
    t("decision.contact"),
    h("strong", {}, contact.name),
    " · ",
    h("a", { href: `mailto:${contact.email}` }, contact.email),
    contact.phone ? [" · ", h("a", { href: `tel:${contact.phone}` }, contact.phone)] : null,
  );
}

/** The disclosure block of a party's match, or null for views without one (facilitators). */
export function renderDecision(m: Match, onChanged: DecisionChange): HTMLElement | null {
  const d = m.disclosure;
  if (!d) return null;
  const host = h("section", { class: "disclosure", "aria-label": t("decision.region"), "aria-live": "polite" });
  const summary = h("div", { class: "form-summary", role: "alert" });

  const decide = async (decision: "interested" | "rejected", buttons: HTMLButtonElement[]) => {
    buttons.forEach((b) => (b.disabled = true));
    replaceChildren(summary);
    try {
      const result = await post<DecisionResult>(`/matches/${encodeURIComponent(m.id)}/decision`, { decision });
      if (result.state === "revealed") toast(t("decision.bothRevealed", { name: isAnonymous(m.counterpart) ? t("decision.theOtherParty") : m.counterpart.orgName }));
      else if (result.state === "declined") toast(t("decision.youDeclined"));
      else toast(t("decision.recorded"));
      show(result.state === "declined" ? "declined-you" : result.state === "revealed" ? "revealed-pending" : "waiting");
      onChanged(result);
    } catch (error) {
      buttons.forEach((b) => (b.disabled = false));
      summary.append(h("p", {}, error instanceof Error ? error.message : String(error)));
    }
  };

  const buttons = (withInterested: boolean): HTMLElement => {
    const yes = h("button", { type: "button", class: "primary", "data-action": "interested" }, t("decision.interested"));
    const no = h("button", { type: "button", class: "secondary", "data-action": "rejected" }, t("decision.notInterested"));
    const all = withInterested ? [yes, no] : [no];
    yes.addEventListener("click", () => void decide("interested", all));
    no.addEventListener("click", () => void decide("rejected", all));
    return h("div", { class: "decision-buttons" }, withInterested ? yes : null, no);
  };

  type Shown = "anonymous" | "public" | "waiting" | "revealed" | "revealed-pending" | "declined-you" | "declined-them";
  const show = (state: Shown) => {
    host.dataset.disclosure = state.startsWith("declined") ? "declined" : state === "revealed-pending" ? "revealed" : state;
    const status = (text: string) => h("p", { class: "disclosure-state" }, text);
    switch (state) {
      case "anonymous":
        return replaceChildren(host, status(t("decision.anonymous")), buttons(true), summary);
      case "public":
        return replaceChildren(host, status(t("decision.public")), buttons(true), summary);
      case "waiting":
        return replaceChildren(host, status(t("decision.waiting")), buttons(false), summary);
      case "revealed":
        return replaceChildren(host, contactLine(m));
      case "revealed-pending":
        return replaceChildren(host, status(t("decision.loadingContact")));
      case "declined-you":
        return replaceChildren(host, status(t("decision.declinedYou")));
      case "declined-them":
        return replaceChildren(host, status(t("decision.declinedThem")));
    }
  };

  if (d.state === "revealed") show("revealed");
  else if (d.state === "declined") show(d.yourDecision === "rejected" ? "declined-you" : "declined-them");
  else if (d.yourDecision === "interested") show("waiting");
  else show(d.state);
  return host;
}
