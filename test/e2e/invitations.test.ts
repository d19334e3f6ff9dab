/// <reference lib="dom" />
/**
 * Inviting a colleague in the browser (issue 15, Deliver 5): the org_admin invites by e-mail
 * from the organization page and gets the link; a colleague without an account opens it,
 * registers and lands on the organization's page; one with an account logs in from the
 * link and accepts. The administrator then sees both as members and no pending invitation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { aUserWithRole, type TestUser } from "../helpers/http.ts";
import { screenshot } from "./browser.ts";
import { logIn, startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let admin: Page;
let ada: TestUser, carl: TestUser;
const run = Date.now().toString(36);
const nina = `nina-${run}@example.test`;

beforeAll(async () => {
  e2e = await startE2e("e2e-invitations");
  ada = await aUserWithRole(e2e.stores.db.knex, "org_admin", [], "ada");
  carl = await aUserWithRole(e2e.stores.db.knex, "org_member", [], "carl");
  const { accessToken } = await e2e.rest<{ accessToken: string }>("POST", "/auth/login", null, { email: ada.email, password: ada.password });
  await e2e.rest("POST", "/organizations", accessToken, { externalId: `e2e-invite-${run}`, name: "Kalundborg Enzymes A/S", naceCode: "20.14" });
  admin = await e2e.browser.newPage();
  await logIn(admin, e2e.api.url, ada.email, ada.password);
  await admin.goto(`${e2e.api.url}/#/org`);
  await admin.locator("#invite-form-h").waitFor({ timeout: 30_000 });
}, 240_000);
afterAll(async () => e2e?.close());

/** Invite `email` from the organization page; returns the link shown once. */
async function invite(email: string, role: "Member" | "Administrator"): Promise<string> {
  await admin.locator("#invite-email").fill(email);
  await admin.locator("#invite-role").selectOption({ label: role });
  await admin.getByRole("button", { name: "Send invitation" }).click();
  // The link shown is the one for this address (an earlier invitation's is replaced).
  await admin.locator("#org-invitations .invite-link", { hasText: email }).waitFor({ timeout: 15_000 });
  expect(await admin.locator(`#org-invitations tr[data-invitation-id]`, { hasText: email }).count()).toBe(1);
  return admin.locator("#invite-link").inputValue();
}

describe("inviting a colleague", () => {
  it("a colleague without an account registers from the link and lands on the organization", async () => {
    const link = await invite(nina, "Member");
    expect(link).toMatch(/#\/invite\/inv_/);
    await screenshot(admin, "invitation-sent");

    const page = await e2e.browser.newPage();
    await page.goto(link.replace(/^https?:\/\/[^/]+/, e2e.api.url));
    await page.getByRole("heading", { name: "Join Kalundborg Enzymes A/S" }).waitFor({ timeout: 30_000 });
    expect(await page.locator("#invite").textContent()).toContain(nina);
    await page.getByLabel("Your name").fill("Nina Holm");
    await page.getByLabel("Password (at least 12 characters)").fill("short");
    await page.getByRole("button", { name: "Create account and join" }).click();
    await page.locator("[data-error-for=password]").waitFor({ timeout: 10_000 });
    await page.getByLabel("Password (at least 12 characters)").fill("a long enough password");
    await screenshot(page, "invitation-register");
    await page.getByRole("button", { name: "Create account and join" }).click();
    await page.locator("#org-name").waitFor({ timeout: 30_000 });
    expect(await page.locator("#org-name").textContent()).toBe("Kalundborg Enzymes A/S");
    expect(await page.locator(".whoami").textContent()).toBe("Nina Holm");
    await page.close();
  }, 120_000);

  it("a colleague with an account logs in from the link and accepts", async () => {
    const link = await invite(carl.email, "Administrator");
    const page = await e2e.browser.newPage();
    await page.goto(link.replace(/^https?:\/\/[^/]+/, e2e.api.url));
    await page.getByRole("button", { name: `Log in as ${carl.email} to accept` }).click();
    await page.getByLabel("E-mail").fill(carl.email);
    await page.getByLabel("Password").fill(carl.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("button", { name: "Accept the invitation" }).click();
    await page.locator("#org-name").waitFor({ timeout: 30_000 });
    // An administrator by the invitation: the invitation section is theirs too.
    await page.locator("#org-invitations").waitFor({ timeout: 15_000 });
    await page.close();
  }, 120_000);

  it("the administrator sees both as members and nothing pending", async () => {
    await admin.reload();
    await admin.locator("#org-members").waitFor({ timeout: 30_000 });
    const members = await admin.locator("#org-members tr[data-member-id]").allTextContents();
    expect(members.join("\n")).toContain(nina);
    expect(members.join("\n")).toContain(carl.email);
    expect(await admin.locator("#org-invitations tr[data-invitation-id]").count()).toBe(0);
    await screenshot(admin, "invitations-accepted");
  }, 60_000);
});
