/**
 * The client's entry: hash routes (#/login, #/map, #/org, #/carbon, #/workbench, #/outcomes, #/marketplace, #/invite/<token>, and the
 * public #/civic[/<region>] that needs no login), the session and
 * the live connection. Each view mounts into #app and returns its cleanup.
 */
import "./styles.css";
import { LANGUAGES, language, setLanguage, t, type Language } from "./i18n/index.ts";
import { get, send, whenUnauthenticated } from "./rest/http.ts";
import { clearSession, currentUser, getToken, isFacilitator, setCurrentUser, setTokens, type Me } from "./rest/session.ts";
import { connectLive, disconnectLive } from "./live/socket.ts";
import { alertsSeen, listenForAlerts, onUnseenAlerts, unseenAlerts } from "./live/alert-notices.ts";
import { h, replaceChildren } from "./ui/dom.ts";
import { toast } from "./ui/toast.ts";
import { mountLogin, type LoginTokens } from "./views/login.ts";
import { mountMapView } from "./views/map-view.ts";
import { mountInvite, PENDING_INVITE_KEY } from "./views/invite.ts";

const app = document.getElementById("app")!;
const nav = document.getElementById("nav")!;
let cleanup: (() => void) | null = null;

/** The language picker: every page has it, the login page too. */
function languagePicker(): HTMLElement {
  const select = h(
    "select",
    { id: "language", "aria-label": t("nav.language"), class: "language" },
    (Object.entries(LANGUAGES) as [Language, string][]).map(([code, name]) => h("option", { value: code, selected: code === language(), lang: code }, name)),
  );
  select.addEventListener("change", () => void setLanguage(select.value as Language));
  return select;
}

/** The count of alert firings not yet looked at, on the Carbon link (hidden at 0). */
function paintAlertBadge(badge: HTMLElement, n: number): void {
  badge.hidden = n === 0;
  badge.textContent = String(n);
  badge.setAttribute("aria-label", t("carbon.badge", { count: n }));
}
function carbonLink(a: HTMLElement): HTMLElement {
  const badge = h("span", { class: "badge badge-alert", "data-testid": "alert-badge" });
  paintAlertBadge(badge, unseenAlerts());
  a.append(badge);
  return a;
}
onUnseenAlerts((n) => {
  const badge = nav.querySelector<HTMLElement>('[data-testid="alert-badge"]');
  if (badge) paintAlertBadge(badge, n);
});

function renderNav(): void {
  nav.setAttribute("aria-label", t("nav.main"));
  const me = currentUser();
  if (!me) return replaceChildren(nav, h("span", { class: "spacer" }), languagePicker());
  const link = (href: string, label: string) => h("a", { href, "aria-current": location.hash.startsWith(href) ? "page" : null }, label);
  replaceChildren(
    nav,
    link("#/map", t("nav.map")),
    me.organizations.length ? link("#/org", t("nav.organization")) : null,
    me.organizations.length ? carbonLink(link("#/carbon", t("carbon.nav"))) : null,
    isFacilitator() ? link("#/workbench", t("nav.workbench")) : null,
    isFacilitator() ? link("#/outcomes", t("nav.outcomes")) : null,
    link("#/marketplace", t("marketplace.nav")),
    h("span", { class: "whoami" }, me.displayName ?? me.email ?? me.id),
    languagePicker(),
    h("button", { type: "button", class: "link", onclick: () => void logOut() }, t("nav.logout")),
  );
}

/**
 * Forget everything of the current user here: tokens, who they are, the live connection
 * (it was opened with their token), the user being loaded, the mounted view and the nav.
 */
function forgetUser(): void {
  cleanup?.();
  cleanup = null;
  clearSession();
  disconnectLive();
  alertsSeen(); // the next user's count starts at 0
  loadingUser = null;
  userEpoch++;
  replaceChildren(nav);
  replaceChildren(app);
}

/** Show the login page, also when the address already says so (no hashchange then). */
function toLogin(): void {
  if (location.hash === "#/login") void route();
  else location.hash = "#/login";
}

/**
 * Forget the session here at once, then end it on the server too (its tokens and sockets),
 * with the token it had: nothing the server answers later can touch the next login's page.
 */
async function logOut(): Promise<void> {
  const token = getToken();
  forgetUser();
  toLogin();
  if (token) await send("POST", "/auth/logout", {}, { authorization: `Bearer ${token}` }).catch(() => undefined);
}

/** A login replaces the previous session entirely (the server ended it already, see views/login.ts). */
function loggedIn(tokens: LoginTokens, then = "#/map"): void {
  forgetUser();
  setTokens(tokens);
  // An invitation link opened before logging in is taken up again after it.
  const invite = sessionStorage.getItem(PENDING_INVITE_KEY);
  const next = invite ? `#/invite/${invite}` : then;
  if (location.hash === next) void route();
  else location.hash = next; // hashchange routes
}

let loadingUser: Promise<boolean> | null = null;
/** Bumped whenever the user is forgotten: a /users/me answer for an earlier user is dropped. */
let userEpoch = 0;
/** The current user, loaded once per token (concurrent callers share the request). */
function ensureUser(): Promise<boolean> {
  if (currentUser()) return Promise.resolve(true);
  const token = getToken();
  if (!token) return Promise.resolve(false);
  const epoch = userEpoch;
  loadingUser ??= get<Me>("/users/me")
    .then((me) => {
      if (epoch !== userEpoch) return false;
      setCurrentUser(me);
      connectLive();
      return true;
    })
    .catch(() => {
      clearSession();
      return false;
    })
    .finally(() => (loadingUser = null));
  return loadingUser;
}

let routeSeq = 0;
async function route(): Promise<void> {
  // A newer navigation supersedes this one: its view is cleaned up as soon as it mounts.
  const seq = ++routeSeq;
  const keep = (done: () => void) => {
    if (seq === routeSeq) cleanup = done;
    else done();
  };
  cleanup?.();
  cleanup = null;
  const path = location.hash.replace(/^#/, "") || "/map";
  // An invitation link opens for anyone: the view offers to log in, register or accept.
  const invite = /^\/invite\/([\w-]+)$/.exec(path);
  if (invite) {
    await ensureUser();
    if (seq !== routeSeq) return;
    renderNav();
    document.body.dataset.view = "invite";
    return mountInvite(app, invite[1]!, {
      toLogin,
      loggedIn,
      joined: () => {
        setCurrentUser(null); // its organizations changed: /users/me is read anew
        location.hash = "#/org";
      },
    }).catch((error: unknown) => {
      toast(t("common.error", { message: error instanceof Error ? error.message : String(error) }), { kind: "error" });
    });
  }
  // The civic dashboard is public: it opens for anyone, logged in or not, and never needs the session.
  const civic = /^\/civic(?:\/([^/]+))?$/.exec(path);
  if (civic) {
    await ensureUser();
    if (seq !== routeSeq) return;
    renderNav();
    document.body.dataset.view = "civic";
    try {
      const { mountCivic } = await import("./views/civic.ts");
      keep(await mountCivic(app, civic[1] ? decodeURIComponent(civic[1]) : null));
    } catch (error) {
      toast(t("common.error", { message: error instanceof Error ? error.message : String(error) }), { kind: "error" });
    }
    return;
  }
  if (path === "/login" || !(await ensureUser())) {
    renderNav();
    document.body.dataset.view = "login";
    return mountLogin(app, loggedIn);
  }
  if (seq !== routeSeq) return;
  renderNav();
  try {
    if (path.startsWith("/workbench")) {
      document.body.dataset.view = "workbench";
      const { mountWorkbench } = await import("./views/workbench.ts");
      keep(await mountWorkbench(app));
    } else if (path.startsWith("/outcomes")) {
      document.body.dataset.view = "outcomes";
      const { mountOutcomes } = await import("./views/outcomes.ts");
      keep(await mountOutcomes(app));
    } else if (path.startsWith("/marketplace")) {
      document.body.dataset.view = "marketplace";
      const { mountMarketplace } = await import("./views/marketplace.ts");
      keep(await mountMarketplace(app));
    } else if (path.startsWith("/carbon")) {
      document.body.dataset.view = "carbon";
      alertsSeen();
      const { mountCarbon } = await import("./views/carbon.ts");
      keep(await mountCarbon(app));
    } else if (path.startsWith("/org")) {
      document.body.dataset.view = "org";
      const { mountOrgPage } = await import("./views/org-page.ts");
      keep(await mountOrgPage(app));
    } else {
      document.body.dataset.view = "map";
      keep(await mountMapView(app));
    }
  } catch (error) {
    toast(t("common.error", { message: error instanceof Error ? error.message : String(error) }), { kind: "error" });
    console.error(error);
  }
}

whenUnauthenticated(() => {
  forgetUser();
  toLogin();
});
listenForAlerts();
window.addEventListener("hashchange", () => void route());
// A new language renders the page again in it (the view mounts afresh).
window.addEventListener("turash:language", () => void route());
void route();
