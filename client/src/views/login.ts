/**
 * The login page: e-mail and password → POST /auth/login → the app replaces whatever session
 * it held with the new one. The refresh token held until now goes with the login, so the
 * server ends that session too (logging in as someone else leaves nothing of the previous user).
 */
import { post } from "../rest/http.ts";
import { getRefreshToken } from "../rest/session.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { t } from "../i18n/index.ts";

/** What a login answers that the app keeps. */
export interface LoginTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

export function mountLogin(root: HTMLElement, onLoggedIn: (tokens: LoginTokens) => void): void {
  const email = h("input", { id: "login-email", name: "email", type: "email", autocomplete: "username", required: true });
  const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const form: HTMLFormElement = h(
    "form",
    { class: "login card", "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, t("login.title")),
    h("div", { class: "field" }, h("label", { for: "login-email" }, t("login.email")), email),
    h("div", { class: "field" }, h("label", { for: "login-password" }, t("login.password")), password),
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, t("login.submit")),
    h("p", { class: "muted" }, t("login.demo")),
    h("p", { class: "civic-entry" }, h("a", { href: "#/civic" }, t("civic.loginLink"))),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    try {
      const replacesRefreshToken = getRefreshToken() ?? undefined;
      onLoggedIn(await post<LoginTokens>("/auth/login", { email: email.value, password: password.value, replacesRefreshToken }));
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  replaceChildren(root, form);
  email.focus();
}
