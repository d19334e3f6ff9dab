/**
 * What an invitation link (#/invite/<token>) opens: the organization, the role and the
 * address invited. Logged in as that address, the invitee accepts; with an account but not
 * logged in, they log in first (the link is kept for after the login); without an account,
 * they register one for that address with the invitation and are logged in.
 */
import { t } from "../i18n/index.ts";
import { post } from "../rest/http.ts";
import { currentUser, getRefreshToken } from "../rest/session.ts";
import type { InvitationPreview } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { onSubmit } from "../ui/form-errors.ts";
import type { LoginTokens } from "./login.ts";

/** Where a link waiting for a login is kept (this tab only). */
export const PENDING_INVITE_KEY = "turash.invite";

/** What the view needs of the app: go to the login page, and take a new session (it routes on). */
export interface InviteHost {
  toLogin(): void;
  /** Take a new session and go on to `then` (a hash route). */
  loggedIn(tokens: LoginTokens, then: string): void;
  /** After accepting: the session now has another organization, load it anew and open it. */
  joined(): void;
}

export async function mountInvite(root: HTMLElement, token: string, host: InviteHost): Promise<void> {
  let preview: InvitationPreview;
  try {
    preview = await post<InvitationPreview>("/invitations/preview", { token });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return replaceChildren(root, h("div", { class: "page card", id: "invite" }, h("h1", {}, t("invite.unusable")), h("p", { "data-invite-error": "" }, reason)));
  }
  const role = t(preview.role === "org_admin" ? "invitations.roleAdmin" : "invitations.roleMember");
  const me = currentUser();
  // Logged in, the link kept for after a login has served its purpose, whoever this is.
  if (me) sessionStorage.removeItem(PENDING_INVITE_KEY);
  const intro = h("p", {}, t("invite.intro", { org: preview.organizationName, role, email: preview.email }));
  const summary = h("div", { class: "form-summary", role: "alert" });

  let action: HTMLElement;
  if (me && me.email === preview.email) {
    const form: HTMLFormElement = h("form", { "aria-label": t("invite.accept") }, summary, h("button", { type: "submit", class: "primary", id: "invite-accept" }, t("invite.accept")));
    onSubmit(form, () => post("/invitations/accept", { token }), () => host.joined());
    action = form;
  } else if (me) {
    action = h("p", { class: "field-error" }, t("invite.otherUser", { email: preview.email }));
  } else if (preview.hasAccount) {
    action = h("button", { type: "button", class: "primary", id: "invite-login", onclick: () => {
      sessionStorage.setItem(PENDING_INVITE_KEY, token);
      host.toLogin();
    } }, t("invite.logIn", { email: preview.email }));
  } else {
    action = registerForm(token, preview.email, summary, host);
  }
  replaceChildren(root, h("div", { class: "page card", id: "invite" }, h("h1", {}, t("invite.title", { org: preview.organizationName })), intro, action));
}

function registerForm(token: string, email: string, summary: HTMLElement, host: InviteHost): HTMLFormElement {
  const name = h("input", { id: "invite-name", name: "displayName", autocomplete: "name", required: true });
  const password = h("input", { id: "invite-password", name: "password", type: "password", autocomplete: "new-password", minlength: 12, required: true });
  const form: HTMLFormElement = h(
    "form",
    { class: "register", "aria-labelledby": "register-h", novalidate: true },
    h("h2", { id: "register-h" }, t("invite.register")),
    h("div", { class: "field" }, h("label", { for: "invite-name" }, t("invite.name")), name),
    h("div", { class: "field" }, h("label", { for: "invite-password" }, t("invite.password")), password),
    summary,
    h("button", { type: "submit", class: "primary", id: "invite-register" }, t("invite.registerSubmit")),
  );
  let tokens: LoginTokens | undefined;
  onSubmit(
    form,
    async () => {
      await post("/invitations/register", { token, displayName: name.value, password: password.value });
      tokens = await post<LoginTokens>("/auth/login", { email, password: password.value, replacesRefreshToken: getRefreshToken() ?? undefined });
    },
    () => host.loggedIn(tokens!, "#/org"),
  );
  return form;
}
