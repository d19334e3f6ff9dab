/**
 * Invitations, for the organization's administrators: invite a colleague by e-mail with a
 * role, see pending invitations and revoke one. The server e-mails the link when it has
 * SMTP; the link is also shown here once, so an administrator can pass it on themselves.
 */
import { t } from "../i18n/index.ts";
import { get, send } from "../rest/http.ts";
import type { Invitation, Page } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { dateTime } from "../ui/format.ts";
import { onSubmit } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";

/** The section, or null for someone who does not administer the organization (the server would answer 403). */
export async function invitationsSection(orgId: string, isAdmin: boolean): Promise<HTMLElement | null> {
  if (!isAdmin) return null;
  const section = h("section", { class: "card", "aria-labelledby": "invitations-h", id: "org-invitations" });
  const base = `/organizations/${encodeURIComponent(orgId)}/invitations`;
  const lastLink = h("div", { class: "invite-link", "aria-live": "polite" });
  const role = (r: Invitation["role"]) => t(r === "org_admin" ? "invitations.roleAdmin" : "invitations.roleMember");

  async function render(): Promise<void> {
    const items = (await get<Page<Invitation>>(base)).items;
    replaceChildren(
      section,
      h("h2", { id: "invitations-h" }, t("invitations.title", { count: items.length })),
      items.length
        ? h(
            "table",
            { "aria-label": t("invitations.pending") },
            h("thead", {}, h("tr", {}, [t("invitations.email"), t("invitations.role"), t("invitations.expires"), ""].map((x) => h("th", {}, x)))),
            h("tbody", {}, items.map((i) =>
              h(
                "tr",
                { "data-invitation-id": i.id },
                h("td", {}, i.email),
                h("td", {}, role(i.role)),
                h("td", {}, dateTime(i.expiresAt)),
                h("td", {}, h("button", { type: "button", class: "link", "data-action": "revoke", onclick: () => void revoke(i) }, t("invitations.revoke"))),
              ),
            )),
          )
        : h("p", { class: "muted" }, t("invitations.none")),
      lastLink,
      form(),
    );
  }

  async function revoke(i: Invitation): Promise<void> {
    try {
      await send("DELETE", `${base}/${encodeURIComponent(i.id)}`);
      toast(t("invitations.revoked", { email: i.email }));
      await render();
    } catch (error) {
      toast(error instanceof Error ? error.message : String(error), { kind: "error" });
    }
  }

  function form(): HTMLFormElement {
    const email = h("input", { id: "invite-email", name: "email", type: "email", autocomplete: "off", required: true });
    const select = h("select", { id: "invite-role", name: "role" }, h("option", { value: "org_member" }, role("org_member")), h("option", { value: "org_admin" }, role("org_admin")));
    const f: HTMLFormElement = h(
      "form",
      { class: "invite-form", "aria-labelledby": "invite-form-h", novalidate: true },
      h("h3", { id: "invite-form-h" }, t("invitations.invite")),
      h("p", { class: "muted" }, t("invitations.hint")),
      h("div", { class: "field" }, h("label", { for: "invite-email" }, t("invitations.email")), email),
      h("div", { class: "field" }, h("label", { for: "invite-role" }, t("invitations.role")), select),
      h("div", { class: "form-summary", role: "alert" }),
      h("button", { type: "submit", class: "primary" }, t("invitations.send")),
    );
    let sent: { link: string; emailed: boolean; invitation: Invitation } | undefined;
    onSubmit(
      f,
      async () => {
        sent = (await send<{ link: string; emailed: boolean; invitation: Invitation }>("POST", base, { email: email.value, role: select.value })).body;
      },
      async () => {
        const done = sent!;
        toast(t(done.emailed ? "invitations.emailed" : "invitations.created", { email: done.invitation.email }));
        await render();
        replaceChildren(
          lastLink,
          h("p", {}, t("invitations.linkOnce", { email: done.invitation.email })),
          h("input", { id: "invite-link", type: "text", readonly: true, value: done.link, "aria-label": t("invitations.link"), style: "width: 100%", onfocus: (e: Event) => (e.target as HTMLInputElement).select() }),
        );
      },
    );
    return f;
  }

  await render();
  return section;
}
