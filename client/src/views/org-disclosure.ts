/**
 * Whether others see the organization before mutual interest: `confidential` (the
 * default — an anonymous listing, and only H3 cells on the map) or `public` (named on
 * others' maps and matches from the start). Its contact is shared only after both parties
 * of a match said interested, either way. Only the organization's org_admin changes it
 * (PATCH /organizations/:id with the version seen).
 */
import { get, send } from "../rest/http.ts";
import type { OrgDisclosure, Organization } from "../rest/types.ts";
import { h, replaceChildren, uid } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";

const CHOICES: readonly { value: OrgDisclosure; label: string; hint: string }[] = [
  { value: "confidential", label: "Confidential", hint: "Others see you only as an anonymous listing (resource, bands, region, NACE section) and your sites only as map cells, until both of you say interested in a match." },
  { value: "public", label: "Public", hint: "Your name and sites show on others' maps and matches from the start. Your contact is still shared only after mutual interest." },
];

export async function disclosureSection(orgId: string, isAdmin: boolean): Promise<HTMLElement> {
  const section = h("section", { class: "card", "aria-labelledby": "disclosure-h", id: "org-disclosure" });
  let org = await get<Organization>(`/organizations/${encodeURIComponent(orgId)}`);

  const render = () => {
    section.dataset.disclosure = org.disclosure;
    const title = h("h2", { id: "disclosure-h" }, "Visibility to other organizations");
    const current = h("p", { class: "disclosure-current" }, "Now: ", h("strong", {}, org.disclosure === "public" ? "Public" : "Confidential"));
    if (!isAdmin) return replaceChildren(section, title, current, h("p", { class: "muted" }, CHOICES.find((c) => c.value === org.disclosure)!.hint), h("p", { class: "muted" }, "Only an administrator of the organization can change this."));
    const name = uid("disclosure");
    const form: HTMLFormElement = h(
      "form",
      { "aria-labelledby": "disclosure-h" },
      h(
        "fieldset",
        {},
        h("legend", {}, "Who may see your name before mutual interest"),
        CHOICES.map((c) => {
          const id = `${name}-${c.value}`;
          return h("div", { class: "choice" }, h("input", { type: "radio", id, name: "disclosure", value: c.value, checked: org.disclosure === c.value }), h("label", { for: id }, h("strong", {}, c.label), " — ", c.hint));
        }),
      ),
      h("div", { class: "form-summary", role: "alert" }),
      h("button", { type: "submit", class: "primary" }, "Save visibility"),
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      clearFormErrors(form);
      const chosen = (form.querySelector<HTMLInputElement>('input[name="disclosure"]:checked')?.value ?? org.disclosure) as OrgDisclosure;
      try {
        const { body } = await send<Organization>("PATCH", `/organizations/${encodeURIComponent(orgId)}`, { disclosure: chosen, version: org.version }, { "if-match": `"${org.version}"` });
        org = body;
        toast(org.disclosure === "public" ? "Your organization is now public." : "Your organization is now confidential.");
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
