/**
 * Mandates: the organization lets a facilitator act for it — say interested in matches,
 * propose and decide proposals, move deals — until revoked or expired. The org_admin
 * grants (a facilitator from GET /facilitators, the acts as checkboxes, a note, an optional
 * end date) and revokes; members see the list. Steps taken under a mandate are recorded
 * as "by the facilitator on behalf of the organization".
 */
import { language, t } from "../i18n/index.ts";
import { get, send, post } from "../rest/http.ts";
import { MANDATE_ACTS, type Facilitator, type Mandate, type MandateAct, type Page } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { onSubmit } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";

const ACT_KEYS: Readonly<Record<MandateAct, string>> = { interest: "orgForms.mandates.actInterest", proposals: "orgForms.mandates.actProposals", deals: "orgForms.mandates.actDeals" };

/** What a mandate lets a facilitator do, in the current language. */
export const actLabel = (act: MandateAct) => t(ACT_KEYS[act]);

/** A day in the current language ("3. mar. 2026"). */
const day = (iso: string | null) => (iso ? new Intl.DateTimeFormat(language(), { dateStyle: "medium" }).format(new Date(iso)) : "—");

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
        h("td", {}, m.acts.map(actLabel).join("; ")),
        h("td", {}, day(m.grantedAt)),
        h("td", {}, m.expiresAt ? day(m.expiresAt) : t("orgForms.mandates.untilRevoked")),
        h("td", {}, m.live ? t("orgForms.mandates.live") : m.revokedAt ? t("orgForms.mandates.revokedOn", { date: day(m.revokedAt) }) : t("orgForms.mandates.expired")),
        h("td", {}, isAdmin && m.live ? h("button", { type: "button", "data-action": "revoke", onclick: () => void revoke(m) }, t("orgForms.mandates.revoke", { name: nameOf(m.facilitatorId) })) : null),
      ),
    );
    replaceChildren(
      section,
      h("h2", { id: "mandates-h" }, t("orgForms.mandates.title")),
      h("p", { class: "muted" }, t("orgForms.mandates.intro")),
      mandates.length
        ? h("table", { "aria-label": t("orgForms.mandates.table") }, h("thead", {}, h("tr", {}, [t("orgForms.mandates.facilitator"), t("orgForms.mandates.acts"), t("orgForms.mandates.granted"), t("orgForms.mandates.ends"), t("orgForms.mandates.status"), ""].map((x) => h("th", {}, x)))), h("tbody", {}, rows))
        : h("p", { class: "muted", id: "no-mandates" }, t("orgForms.mandates.none")),
      isAdmin ? grantForm() : h("p", { class: "muted" }, t("orgForms.mandates.adminOnly")),
    );
  }

  async function revoke(m: Mandate): Promise<void> {
    try {
      await send("DELETE", `${base}/${encodeURIComponent(m.id)}`);
      toast(t("orgForms.mandates.revoked", { name: nameOf(m.facilitatorId) }));
      await render();
    } catch (error) {
      toast(t("orgForms.mandates.revokeFailed", { message: error instanceof Error ? error.message : String(error) }), { kind: "error" });
    }
  }

  function grantForm(): HTMLFormElement {
    const who = h("select", { id: "mandate-facilitator", name: "facilitatorId" }, facilitators.map((f) => h("option", { value: f.id }, f.displayName ?? f.id)));
    const acts = MANDATE_ACTS.map((a) => h("input", { type: "checkbox", id: `mandate-act-${a}`, name: "acts", value: a, checked: true }));
    const note = h("input", { id: "mandate-note", name: "note", placeholder: t("orgForms.mandates.notePlaceholder") });
    const until = h("input", { id: "mandate-expires", name: "expiresAt", type: "date" });
    const form: HTMLFormElement = h(
      "form",
      { class: "mandate-form", "aria-labelledby": "mandate-form-h", novalidate: true },
      h("h3", { id: "mandate-form-h" }, t("orgForms.mandates.grant")),
      h("div", { class: "field" }, h("label", { for: "mandate-facilitator" }, t("orgForms.mandates.facilitator")), who),
      h("fieldset", { "data-field": "acts" }, h("legend", {}, t("orgForms.mandates.mayAct")), MANDATE_ACTS.map((a, i) => h("div", { class: "choice" }, acts[i]!, h("label", { for: `mandate-act-${a}` }, actLabel(a))))),
      h("div", { class: "field" }, h("label", { for: "mandate-note" }, t("orgForms.mandates.note")), note),
      h("div", { class: "field" }, h("label", { for: "mandate-expires" }, t("orgForms.mandates.endsOn")), until),
      h("div", { class: "form-summary", role: "alert" }),
      h("button", { type: "submit", class: "primary", disabled: facilitators.length === 0 }, t("orgForms.mandates.grantSubmit")),
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
        toast(t("orgForms.mandates.granted_toast", { name: nameOf(who.value) }));
        await render();
      },
    );
    return form;
  }

  await render();
  return section;
}
