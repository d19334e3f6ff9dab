/// <reference lib="dom" />
/**
 * The outcomes page as a facilitator meets it (issue 13, Deliver 7): the Outcomes link in
 * the navigation, the figures of the hand-built ledger (the same numbers GET /outcomes
 * gives), drawn charts, a filter that changes them, a refused filter shown at its field;
 * and no link for an organization's administrator.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { aUserWithRole, type TestUser } from "../helpers/http.ts";
import { aKnownLedger } from "../outcomes/ledger-fixture.ts";
import { screenshot } from "./browser.ts";
import { logIn, startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let fiona: TestUser;
let olga: TestUser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  e2e = await startE2e("e2e-outcomes", (stores) => aKnownLedger(stores.db.knex));
  fiona = await aUserWithRole(e2e.stores.db.knex, "facilitator", [], "fiona");
  olga = await aUserWithRole(e2e.stores.db.knex, "org_admin", [], "olga");
  page = await e2e.browser.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
});
afterAll(async () => e2e?.close());

describe("the outcomes page", () => {
  it("shows a facilitator the figures GET /outcomes gives, as charts", async () => {
    await logIn(page, e2e.api.url, fiona.email, fiona.password);
    await page.getByRole("link", { name: "Outcomes" }).click();
    const headline = page.getByTestId("outcomes-headline");
    await headline.waitFor();
    // Six suggestions over three needs; at k = 3 every need's top list holds its negotiations.
    await expect.poll(() => headline.innerText()).toMatch(/Suggestions\s+6/);
    const { accessToken } = await e2e.rest<{ accessToken: string }>("POST", "/auth/login", null, { email: fiona.email, password: fiona.password });
    const api = await e2e.rest<{ precisionAtK: { precision: number }[]; funnel: { acceptanceRate: number } }>("GET", "/outcomes?k=3", accessToken);
    expect(await page.getByTestId("precision-negotiating").innerText()).toBe(`${Math.round(api.precisionAtK[0]!.precision * 100)}%`);
    expect(await headline.innerText()).toContain(`Acceptance\n${Math.round(api.funnel.acceptanceRate * 100)}%`);
    expect(await page.locator("svg.chart").count()).toBe(7);
    expect(await page.locator("svg.chart title").evaluateAll((ts) => ts.map((t) => t.textContent))).toContain("Deal endings by reason");
    expect(await page.locator("svg.chart", { hasText: "Price" }).count()).toBe(1);
    await screenshot(page, "outcomes-page");
    expect(pageErrors).toEqual([]);
  });

  it("filters: k = 1 of one region changes precision, and k = 0 is refused at its field", async () => {
    await page.getByRole("textbox", { name: "Region" }).fill("DK03 Syddanmark");
    await page.getByLabel("k", { exact: true }).fill("1");
    await page.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => page.getByTestId("outcomes-headline").innerText()).toMatch(/Suggestions\s+5/);
    expect(await page.getByTestId("precision-negotiating").innerText()).toBe("100%");

    await page.getByLabel("k", { exact: true }).fill("0");
    await page.getByRole("button", { name: "Show" }).click();
    await page.locator('[data-field="query.k"][aria-invalid="true"]').waitFor();
    expect(await page.locator(".field-error").allInnerTexts()).toEqual([expect.stringMatching(/at least 1/)]);
  });

  it("is not offered to an organization's administrator", async () => {
    const other = await e2e.browser.newPage();
    await logIn(other, e2e.api.url, olga.email, olga.password);
    expect(await other.getByRole("link", { name: "Outcomes" }).count()).toBe(0);
    await other.close();
  });
});
