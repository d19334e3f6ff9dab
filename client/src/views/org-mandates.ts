/**
 * Mandates: the organization lets a facilitator act for it — say interested in matches,
 * propose and decide proposals, move deals — until revoked or expired. The org_admin
 * grants (a facilitator from GET /facilitators, the acts as checkboxes, a note, an optional
 * end date) and revokes; members see the list. Steps taken under a mandate are recorded
 * as "by the facilitator on behalf of the organization".
 */
import { get, send, post } from "../rest/http.ts";
import { MANDATE_ACTS, type Facilitator, type Mandate, type MandateAct, type Page } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { onSubmit } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";

export const ACT_LABELS: Readonly<Record<MandateAct, string>> = {
  interest: "Say interested / not interested in matches",
  proposals: "Propose, accept, reject and withdraw proposals",
  deals: "Move deals (reserve, consent to contract, go live, end)",
};

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");

export async function mandatesSection(orgId: string, isAdmin: boolean): Promise<HTMLElement> {
  const section = h("section", { class: "card", "aria-labelledby": "mandates-h", id: "org-mandates" });
  const base = `/organizations/${encodeURIComponent(orgId)}/mandates`;
  const facilitators = await get<Page<Facilitator>>("/facilitators").then((p) => p.items).catch(() => [] as Facilitator[]);
  const nameOf = (id: string) => facilitators.find((f) => f.id === id)?.displayName ?? id;

  async function render(): Promise<void> {
    const mandates = (await get<Page<Mandate>>(base)).items;
    const rows = mandates.map((m) =>
      h(
        "tr",
        { "data-mandate-id": m.id, "data-live": String(m.live) },
        h("td", {}, nameOf(m.facilitatorId)),
        h("td", {}, m.acts.join(", ")),
        h("td", {}, day(m.grantedAt)),
        h("td", {}, m.expiresAt ? day(m.expiresAt) : "until revoked"),
        h("td", {}, m.live ? "live" : m.revokedAt ? `revoked ${day(m.revokedAt)}` : "expired"),
        h("td", {}, isAdmin && m.live ? h("button", { type: "button", "data-action": "revoke", onclick: () => void revoke(m) }, `Revoke ${nameOf(m.facilitatorId)}`) : null),
      ),
    );
    replaceChildren(
      section,
      h("h2", { id: "mandates-h" }, "Facilitator mandates"),
      h("p", { class: "muted" }, "A facilitator acts for your organization only under a mandate you grant; every step is recorded on your behalf."),
      mandates.length
        ? h("table", { "aria-label": "Mandates" }, h("thead", {}, h("tr", {}, ["Facilitator", "Acts", "Granted", "Ends", "Status", ""].map((t) => h("th", {}, t)))), h("tbody", {}, rows))
        : h("p", { class: "muted", id: "no-mandates" }, "No mandates: no facilitator may act for you."),
      isAdmin ? grantForm() : h("p", { class: "muted" }, "Only an administrator of the organization grants or revokes mandates."),
    );
  }

  async function revoke(m: Mandate): Promise<void> {
    try {
      await send("DELETE", `${base}/${encodeURIComponent(m.id)}`);
      toast(`Mandate of ${nameOf(m.facilitatorId)} revoked.`);
      await render();
    } catch (error) {
      toast(`Could not revoke: ${error instanceof Error ? error.message : String(error)}`, { kind: "error" });
    }
  }

  function grantForm(): HTMLFormElement {
    const who = h("select", { id: "mandate-facilitator", name: "facilitatorId" }, facilitators.map((f) => h("option", { value: f.id }, f.displayName ?? f.id)));
    const acts = MANDATE_ACTS.map((a) => h("input", { type: "checkbox", id: `mandate-act-${a}`, name: "acts", value: a, checked: true }));
    const note = h("input", { id: "mandate-note", name: "note", placeholder: "optional" });
    const until = h("input", { id: "mandate-expires", name: "expiresAt", type: "date" });
    const form: HTMLFormElement = h(
      "form",
      { class: "mandate-form", "aria-labelledby": "mandate-form-h", novalidate: true },
      h("h3", { id: "mandate-form-h" }, "Grant a mandate"),
      h("div", { class: "field" }, h("label", { for: "mandate-facilitator" }, "Facilitator"), who),
      h("fieldset", { "data-field": "acts" }, h("legend", {}, "May act for you to"), MANDATE_ACTS.map((a, i) => h("div", { class: "choice" }, acts[i]!, h("label", { for: `mandate-act-${a}` }, ACT_LABELS[a])))),
      h("div", { class: "field" }, h("label", { for: "mandate-note" }, "Note"), note),
      h("div", { class: "field" }, h("label", { for: "mandate-expires" }, "Ends on (optional)"), until),
      h("div", { class: "form-summary", role: "alert" }),
      h("button", { type: "submit", class: "primary", disabled: facilitators.length === 0 }, "Grant mandate"),
    );
    onSubmit(
      form,
      () =>
        post(base, {
          facilitatorId: who.value,
          acts: acts.filter((a) => a.checked).map((a) => a.value as MandateAct),
          ...(note.value ? { note: note.value } : {}),
          ...(until.value ? { expiresAt: new Date(`${until.value}T23:59:59Z`).toISOString() } : {}),
        }),
      async () => {
        toast(`Mandate granted to ${nameOf(who.value)}.`);
        await render();
      },
    );
    return form;
  }

  await render();
  return section;
}
