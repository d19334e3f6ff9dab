/**
 * Members: who acts for the organization, and in which role. The org_admin adds a person
 * who has an account (by e-mail), changes a role and removes someone; anyone may leave.
 * The last administrator cannot go — the server says so and the message is shown.
 */
import { get, send } from "../rest/http.ts";
import type { Member, Page } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { onSubmit } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";

const ROLE_LABELS: Readonly<Record<Member["role"], string>> = { org_admin: "Administrator", org_member: "Member" };

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
        h("td", {}, m.displayName, self ? " (you)" : ""),
        h("td", {}, m.email),
        h("td", {}, ROLE_LABELS[m.role]),
        h(
          "td",
          {},
          isAdmin ? h("button", { type: "button", "data-action": "role", onclick: () => void act(`${m.displayName} is now ${ROLE_LABELS[other].toLowerCase()}.`, () => send("PUT", base, { email: m.email, role: other })) }, `Make ${ROLE_LABELS[other].toLowerCase()}`) : null,
          isAdmin || self
            ? h("button", { type: "button", "data-action": "remove", onclick: () => void act(self ? "You left the organization." : `${m.displayName} removed.`, () => send("DELETE", `${base}/${encodeURIComponent(m.userId)}`), self ? onLeft : render) }, self ? "Leave" : `Remove ${m.displayName}`)
            : null,
        ),
      );
    });
    replaceChildren(
      section,
      h("h2", { id: "members-h" }, `Members (${members.length})`),
      h("table", { "aria-label": "Members" }, h("thead", {}, h("tr", {}, ["Name", "E-mail", "Role", ""].map((t) => h("th", {}, t)))), h("tbody", {}, rows)),
      isAdmin ? addForm() : h("p", { class: "muted" }, "Only an administrator of the organization adds members or changes roles."),
    );
  }

  function addForm(): HTMLFormElement {
    const email = h("input", { id: "member-email", name: "email", type: "email", autocomplete: "off", required: true });
    const role = h("select", { id: "member-role", name: "role" }, h("option", { value: "org_member" }, ROLE_LABELS.org_member), h("option", { value: "org_admin" }, ROLE_LABELS.org_admin));
    const form: HTMLFormElement = h(
      "form",
      { class: "member-form", "aria-labelledby": "member-form-h", novalidate: true },
      h("h3", { id: "member-form-h" }, "Add a member"),
      h("p", { class: "muted" }, "The person needs an account on this platform."),
      h("div", { class: "field" }, h("label", { for: "member-email" }, "E-mail"), email),
      h("div", { class: "field" }, h("label", { for: "member-role" }, "Role"), role),
      h("div", { class: "form-summary", role: "alert" }),
      h("button", { type: "submit", class: "primary" }, "Add member"),
    );
    onSubmit(
      form,
      () => send("PUT", base, { email: email.value, role: role.value }),
      async () => {
        toast(`${email.value} added.`);
        await render();
      },
    );
    return form;
  }

  await render();
  return section;
}
