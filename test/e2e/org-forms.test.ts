/// <reference lib="dom" />
/**
 * Registering a site as a Danish plant manager types it (issue 15, Deliver 5): a decimal
 * comma is a decimal point, and latitude and longitude typed the wrong way round are caught
 * with a warning before anything is stored; a stored site is changed in the same form, prefilled.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { aUserWithRole, type TestUser } from "../helpers/http.ts";
import { screenshot } from "./browser.ts";
import { logIn, startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let page: Page;
let ada: TestUser;
let org: string;

beforeAll(async () => {
  e2e = await startE2e("e2e-org-forms");
  ada = await aUserWithRole(e2e.stores.db.knex, "org_admin", [], "ada");
  const { accessToken } = await e2e.rest<{ accessToken: string }>("POST", "/auth/login", null, { email: ada.email, password: ada.password });
  org = `e2e-kalundborg-${Date.now().toString(36)}`;
  await e2e.rest("POST", "/organizations", accessToken, { externalId: org, name: "Kalundborg Enzymes A/S", naceCode: "20.14" });
  page = await e2e.browser.newPage();
  await logIn(page, e2e.api.url, ada.email, ada.password);
  await page.goto(`${e2e.api.url}/#/org`);
  await page.locator("#site-form-title").waitFor({ timeout: 30_000 });
}, 240_000);
afterAll(async () => e2e?.close());

describe("the site form", () => {
  it("warns when latitude and longitude look swapped, and reads a decimal comma", async () => {
    const form = page.locator("form", { has: page.locator("#site-form-title") });
    await form.locator("#site-name").fill("Enzyme plant");
    await page.getByLabel("Latitude (°)").fill("11,09");
    await page.getByLabel("Longitude (°)").fill("55,68");
    await page.getByLabel("Country (ISO code)").fill("DK");
    await form.getByRole("button", { name: "Create site" }).click();
    const warning = form.getByTestId("coordinate-warning");
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.textContent()).toMatch(/look swapped/);
    await screenshot(page, "site-form-swapped");
    expect(await page.locator("tr[data-site-id]").count()).toBe(0); // nothing stored yet

    await page.getByLabel("Latitude (°)").fill("55,68");
    await page.getByLabel("Longitude (°)").fill("11,09");
    await form.getByRole("button", { name: "Create site" }).click();
    await page.locator("tr[data-site-id]").first().waitFor({ timeout: 15_000 });
    expect(await page.locator("tr[data-site-id] td").nth(1).textContent()).toBe("55.6800, 11.0900");
  }, 120_000);

  it("changes a site in its form, prefilled with what is stored", async () => {
    await page.locator("tr[data-site-id] [data-action=edit]").first().click();
    const form = page.locator("form[data-editing]");
    expect(await form.locator("#edit-site-name").inputValue()).toBe("Enzyme plant");
    expect(await form.locator("#edit-site-lat").inputValue()).toBe("55.68");
    expect(await form.locator("#edit-site-country").inputValue()).toBe("DK");
    await form.locator("#edit-site-name").fill("Enzyme plant, east gate");
    await form.locator("#edit-site-lon").fill("11,1");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.locator("tr[data-site-id] td").first().textContent(), { timeout: 15_000 }).toBe("Enzyme plant, east gate");
    expect(await page.locator("tr[data-site-id] td").nth(1).textContent()).toBe("55.6800, 11.1000");
    expect(await page.locator("form[data-editing]").count()).toBe(0);
  }, 60_000);

  it("deletes a site after asking", async () => {
    page.once("dialog", (dialog) => void dialog.accept());
    await page.locator("tr[data-site-id] [data-action=delete]").first().click();
    await expect.poll(() => page.locator("tr[data-site-id]").count(), { timeout: 15_000 }).toBe(0);
  }, 60_000);
});
