/// <reference lib="dom" />
/**
 * Session and identity in the client (issue 15, Deliver 2): logging in as another user in
 * the same tab, without "Log out", replaces the previous session entirely — the header,
 * "Your sites" and the server-side session of the previous user — and "Log out" leaves
 * nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { aUserWithRole, type TestUser } from "../helpers/http.ts";
import { screenshot } from "./browser.ts";
import { logIn, startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let page: Page;
let ada: TestUser;
let ben: TestUser;
const suffix = Date.now().toString(36);

async function userWithSite(name: string, orgName: string, siteName: string, lat: number): Promise<TestUser> {
  const user = await aUserWithRole(e2e.stores.db.knex, "org_admin", [], name);
  const { accessToken } = await e2e.rest<{ accessToken: string }>("POST", "/auth/login", null, { email: user.email, password: user.password });
  const org = `e2e-${name}-${suffix}`;
  await e2e.rest("POST", "/organizations", accessToken, { externalId: org, name: orgName, naceCode: "10.51" });
  await e2e.rest("POST", "/sites", accessToken, { externalId: `${org}-site`, businessId: org, name: siteName, lat, lon: 10.1 });
  return user;
}

const header = () => page.locator("#nav .whoami").textContent();
const ownSites = () => page.locator(".own-sites").innerText();
const stored = () => page.evaluate(() => ({ token: sessionStorage.getItem("turash.token"), refresh: sessionStorage.getItem("turash.refresh") }));

beforeAll(async () => {
  e2e = await startE2e("e2e-session");
  ada = await userWithSite("ada", "Ada Dairy A/S", "Ada creamery", 56.1);
  ben = await userWithSite("ben", "Ben Greenhouse ApS", "Ben glasshouse", 56.2);
  page = await e2e.browser.newPage();
}, 240_000);
afterAll(async () => e2e?.close());

describe("logging in as another user in the same tab", () => {
  it("replaces the header, the sites and the server session of the previous user", async () => {
    await logIn(page, e2e.api.url, ada.email, ada.password);
    await page.locator(".own-sites", { hasText: "Ada creamery" }).waitFor();
    expect(await header()).toMatch(/^ada /);
    const adaTokens = await stored();

    await logIn(page, e2e.api.url, ben.email, ben.password); // straight to #/login, no "Log out"
    await page.locator(".own-sites", { hasText: "Ben glasshouse" }).waitFor();
    expect(await header()).toMatch(/^ben /);
    expect(await ownSites()).not.toContain("Ada creamery");
    await screenshot(page, "session-second-login");

    // Ada's session is over on the server: her refresh token no longer renews anything.
    const renewed = await fetch(`${e2e.api.url}/api/v1/auth/refresh`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ refreshToken: adaTokens.refresh }) });
    expect(renewed.status).toBe(401);
    const asAda = await fetch(`${e2e.api.url}/api/v1/users/me`, { headers: { authorization: `Bearer ${adaTokens.token}` } });
    expect(asAda.status).toBe(401);
  }, 180_000);

  it("Log out clears the header, the page and the stored tokens", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await page.locator("#login-email").waitFor();
    // Only the language switch stays in the header: no links, no user, no Log out.
    expect(await page.locator("#nav a, #nav button").count()).toBe(0);
    expect(await page.locator("#nav").innerText()).not.toContain("Ben");
    expect(await page.locator("#app").innerText()).not.toContain("Ben glasshouse");
    expect(await stored()).toEqual({ token: null, refresh: null });
  }, 60_000);
});
