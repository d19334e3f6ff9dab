/**
 * Whether others see the organization before mutual interest: `confidential` (the
 * default — an anonymous listing, and only H3 cells on the map) or `public` (named on
 * others' maps and matches from the start). Its contact is shared only after both parties
 * of a match said interested, either way. Only the organization's org_admin changes it
 * (PATCH /organizations/:id with the version seen).
 */
import { t } from "../i18n/index.ts";
import { get, send } from "../rest/http.ts";
import type { OrgDisclosure, Organization } from "../rest/types.ts";
import { h, replaceChildren, uid } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";

/** The choices, in the current language (read at each render, so a language switch shows). */
const choices = (): readonly { value: OrgDisclosure; label: string; hint: string }[] => [
  { value: "confidential", label: t("orgForms.disclosure.confidential"), hint: t("orgForms.disclosure.confidentialHint") },
  { value: "public", label: t("orgForms.disclosure.public"), hint: t("orgForms.disclosure.publicHint") },
];

export async function disclosureSection(orgId: string, isAdmin: boolean): Promise<HTMLElement> {
  const section = h("section", { class: "card", "aria-labelledby": "disclosure-h", id: "org-disclosure" });
  let org = await get<Organization>(`/organizations/${encodeURIComponent(orgId)}`);

  const render = () => {
    section.dataset.disclosure = org.disclosure;
    const title = h("h2", { id: "disclosure-h" }, t("orgForms.disclosure.title"));
    const current = h("p", { class: "disclosure-current" }, t("orgForms.disclosure.now"), h("strong", {}, t(org.disclosure === "public" ? "orgForms.disclosure.public" : "orgForms.disclosure.confidential")));
    if (!isAdmin) return replaceChildren(section, title, current, h("p", { class: "muted" }, choices().find((c) => c.value === org.disclosure)!.hint), h("p", { class: "muted" }, t("orgForms.disclosure.adminOnly")));
    const name = uid("disclosure");
    const form: HTMLFormElement = h(
      "form",
      { "aria-labelledby": "disclosure-h" },
      h(
        "fieldset",
        {},
        h("legend", {}, t("orgForms.disclosure.legend")),
        choices().map((c) => {
          const id = `${name}-${c.value}`;
          return h("div", { class: "choice" }, h("input", { type: "radio", id, name: "disclosure", value: c.value, checked: org.disclosure === c.value }), h("label", { for: id }, h("strong", {}, c.label), " — ", c.hint));
        }),
      ),
      h("div", { class: "form-summary", role: "alert" }),
      h("button", { type: "submit", class: "primary" }, t("orgForms.disclosure.save")),
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      clearFormErrors(form);
      const chosen = (form.querySelector<HTMLInputElement>('input[name="disclosure"]:checked')?.value ?? org.disclosure) as OrgDisclosure;
      try {
        const { body } = await send<Organization>("PATCH", `/organizations/${encodeURIComponent(orgId)}`, { disclosure: chosen, version: org.version }, { "if-match": `"${org.version}"` });
        org = body;
        toast(t(org.disclosure === "public" ? "orgForms.disclosure.nowPublic" : "orgForms.disclosure.nowConfidential"));
        render();
      } catch (error) {
        showFormErrors(form, error);
      }
    });
    replaceChildren(section, title, current, form);
  };
  render();
  return section;
}
