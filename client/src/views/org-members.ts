/**
 * Members: who acts for the organization, and in which role. The org_admin adds a person
 * who has an account (by e-mail), changes a role and removes someone; anyone may leave.
 * The last administrator cannot go — the server says so and the message is shown.
 */
import { t } from "../i18n/index.ts";
import { get, send } from "../rest/http.ts";
import type { Member, Page } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { onSubmit } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";

/** A role in words, in the current language. */
const roleLabel = (role: Member["role"]) => t(role === "org_admin" ? "orgForms.members.admin" : "orgForms.members.member");

export async function membersSection(orgId: string, isAdmin: boolean, me: string | null, onLeft: () => void): Promise<HTMLElement> {
  const section = h("section", { class: "card", "aria-labelledby": "members-h", id: "org-members" });
  const base = `/organizations/${encodeURIComponent(orgId)}/members`;

  async function act(what: string, run: () => Promise<unknown>, after: () => void | Promise<void> = render): Promise<void> {
    try {
      await run();
      toast(what);
      await after();
    } catch (error) {
      toast(error instanceof Error ? error.message : String(error), { kind: "error" });
    }
  }

  async function render(): Promise<void> {
    const members = (await get<Page<Member>>(base)).items;
    const rows = members.map((m) => {
      const self = m.userId === me;
      const other: Member["role"] = m.role === "org_admin" ? "org_member" : "org_admin";
      return h(
        "tr",
        { "data-member-id": m.userId, "data-role": m.role },
        h("td", {}, m.displayName, self ? t("orgForms.members.you") : ""),
        h("td", {}, m.email),
        h("td", {}, roleLabel(m.role)),
        h(
          "td",
          {},
          isAdmin ? h("button", { type: "button", "data-action": "role", onclick: () => void act(t("orgForms.members.nowRole", { name: m.displayName, role: roleLabel(other).toLowerCase() }), () => send("PUT", base, { email: m.email, role: other })) }, t("orgForms.members.make", { role: roleLabel(other).toLowerCase() })) : null,
          isAdmin || self
            ? h("button", { type: "button", "data-action": "remove", onclick: () => void act(self ? t("orgForms.members.left") : t("orgForms.members.removed", { name: m.displayName }), () => send("DELETE", `${base}/${encodeURIComponent(m.userId)}`), self ? onLeft : render) }, self ? t("orgForms.members.leave") : t("orgForms.members.remove", { name: m.displayName }))
            : null,
        ),
      );
    });
    replaceChildren(
      section,
      h("h2", { id: "members-h" }, t("orgForms.members.title", { count: members.length })),
      h("table", { "aria-label": t("orgForms.members.table") }, h("thead", {}, h("tr", {}, [t("orgForms.members.name"), t("orgForms.members.email"), t("orgForms.members.role"), ""].map((x) => h("th", {}, x)))), h("tbody", {}, rows)),
      isAdmin ? addForm() : h("p", { class: "muted" }, t("orgForms.members.adminOnly")),
    );
  }

  function addForm(): HTMLFormElement {
    const email = h("input", { id: "member-email", name: "email", type: "email", autocomplete: "off", required: true });
    const role = h("select", { id: "member-role", name: "role" }, h("option", { value: "org_member" }, roleLabel("org_member")), h("option", { value: "org_admin" }, roleLabel("org_admin")));
    const form: HTMLFormElement = h(
      "form",
      { class: "member-form", "aria-labelledby": "member-form-h", novalidate: true },
      h("h3", { id: "member-form-h" }, t("orgForms.members.add")),
      h("p", { class: "muted" }, t("orgForms.members.addHint")),
      h("div", { class: "field" }, h("label", { for: "member-email" }, t("orgForms.members.email")), email),
      h("div", { class: "field" }, h("label", { for: "member-role" }, t("orgForms.members.role")), role),
      h("div", { class: "form-summary", role: "alert" }),
      h("button", { type: "submit", class: "primary" }, t("orgForms.members.addSubmit")),
    );
    onSubmit(
      form,
      () => send("PUT", base, { email: email.value, role: role.value }),
      async () => {
        toast(t("orgForms.members.added", { email: email.value }));
        await render();
      },
    );
    return form;
  }

  await render();
  return section;
}
