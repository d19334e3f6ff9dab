/**
 * A Danish plant manager reads why a match scores as it does, in Danish (issue 15 item 6):
 * every factor's reason and what the match hinges on are worded by the client from their
 * codes, first from the anonymous listing's bands, then — once both sides said interested —
 * from the exact figures, with Danish digits and units. Screenshots land in test-artifacts/
 * (match-reasons-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { aUserWithRole, type TestUser } from "../helpers/http.ts";
import { screenshot } from "./browser.ts";
import { startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let page: Page;
let ada: TestUser & { token: string };
let bo: TestUser & { token: string };
let matchId = "";
const pageErrors: string[] = [];

const suffix = Date.now().toString(36);
const DAIRY = { externalId: `e2e-r-mejeri-${suffix}`, name: "Holbæk Mejeri A/S", naceCode: "10.51" };
const GREENHOUSE = { externalId: `e2e-r-gartneri-${suffix}`, name: "Isefjord Gartneri ApS", naceCode: "01.13" };
const SITE = `e2e-r-mejeri-site-${suffix}`;
const HEAT = `e2e-r-mejeri-varme-${suffix}`;

/** English words the server's sentences use, which a Danish reason must not show. */
const ENGLISH = /\b(apart|within|covers|demand|supply|saves|capex|moving|measured|estimated|past exchanges?|relationship|the)\b/;

async function openMatch(): Promise<ReturnType<Page["locator"]>> {
  await page.locator(".own-sites button", { hasText: "Mejeriet" }).click();
  const option = page.locator(`.match-option[data-match-id="${matchId}"]`);
  await option.waitFor({ timeout: 60_000 });
  await option.click();
  const detail = page.locator(`.match-detail[data-match-id="${matchId}"]`);
  await detail.waitFor();
  return detail;
}

const reasons = async (detail: ReturnType<Page["locator"]>) =>
  Object.fromEntries(
    await Promise.all(
      (await detail.locator(".factor").all()).map(async (f) => [(await f.getAttribute("data-factor"))!, (await f.locator(".factor-reason").textContent())!.trim()] as const),
    ),
  );

beforeAll(async () => {
  e2e = await startE2e("e2e-match-reasons", async () => undefined, { locale: "da-DK" });
  const login = async (role: "org_admin", name: string) => {
    const u = await aUserWithRole(e2e.stores.db.knex, role, [], name);
    return { ...u, token: (await e2e.rest<{ accessToken: string }>("POST", "/auth/login", null, { email: u.email, password: u.password })).accessToken };
  };
  ada = await login("org_admin", "ada");
  bo = await login("org_admin", "bo");
  await e2e.rest("POST", "/organizations", ada.token, DAIRY);
  await e2e.rest("POST", "/organizations", bo.token, GREENHOUSE);
  await e2e.rest("POST", "/sites", ada.token, { externalId: SITE, businessId: DAIRY.externalId, name: "Mejeriet", lat: 55.715, lon: 11.72 });
  await e2e.rest("POST", "/sites", bo.token, { externalId: `e2e-r-gh-site-${suffix}`, businessId: GREENHOUSE.externalId, name: "Drivhus vest", lat: 55.73, lon: 11.76 });
  await e2e.rest("POST", "/resource-flows", ada.token, { externalId: HEAT, siteId: SITE, direction: "offer", resourceType: "waste_heat_low", quantity: { value: 3100, unit: "MWh/yr" }, quality: { temperatureC: 62 }, precision: "measured" });
  await e2e.rest("POST", "/resource-flows", bo.token, { externalId: `e2e-r-gh-need-${suffix}`, siteId: `e2e-r-gh-site-${suffix}`, direction: "need", resourceType: "waste_heat_low", quantity: { value: 4200, unit: "MWh/yr" }, quality: { temperatureC: 40 }, precision: "estimated" });
  const first = async () => (await e2e.rest<{ matches: { id: string }[] }>("GET", `/resource-flows/${HEAT}/matches`, ada.token)).matches[0]?.id;
  // The matching worker pairs the two flows in the background.
  for (let tries = 0; tries < 90 && !matchId; tries++) {
    matchId = (await first()) ?? "";
    if (!matchId) await new Promise((r) => setTimeout(r, 1_000));
  }
  expect(matchId, "the offer and the need match").toBeTruthy();
  page = await e2e.browser.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
}, 300_000);

afterAll(async () => e2e?.close());

describe("a match's reasons in Danish", () => {
  it("reads an anonymous match's reasons in Danish, from the bands", async () => {
    await page.goto(`${e2e.api.url}/#/login`);
    await page.getByLabel("E-mail").fill(ada.email);
    await page.getByLabel("Adgangskode").fill(ada.password);
    await page.getByRole("button", { name: "Log ind" }).click();
    await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    const detail = await openMatch();
    const r = await reasons(detail);
    console.log(r);
    expect(r.distance).toMatch(/^[\d,]+–[\d,]+ km væk, inden for radius for denne ressource$/);
    expect(r.quality).toBe("udbud på 62 °C til et behov i intervallet 40–60 °C");
    expect(r.quantity).toMatch(/^dækker [\d\s%–]+ af behovet; behovet er [\d.]+–[\d.]+ MWh\/år$/);
    expect(r.trust).toBe("målte udbudsdata, anslåede behovsdata");
    expect(r.graph).toBe("ingen eksisterende relation");
    expect(r.economics).toMatch(/^(sparer .+\/år for .+ i anlægsudgift|transport og omdannelse koster mere end udvekslingen er værd)$/);
    for (const [factor, text] of Object.entries(r)) expect(text, factor).not.toMatch(ENGLISH);
    // Every reason came from codes (the fallback, the server's English, was not needed).
    expect(await detail.locator(".factor-reason:not([data-codes])").count()).toBe(0);
    await detail.locator(".factors").scrollIntoViewIfNeeded();
    console.log(`anonymous reasons screenshot: ${await screenshot(page, "match-reasons-anonymous")}`);
  }, 180_000);

  it("reads the exact reasons in Danish once both sides said interested", async () => {
    await e2e.rest("POST", `/matches/${matchId}/decision`, bo.token, { decision: "interested" });
    await e2e.rest("POST", `/matches/${matchId}/decision`, ada.token, { decision: "interested" });
    await page.reload();
    await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    const detail = await openMatch();
    await expect.poll(() => detail.getAttribute("data-counterpart"), { timeout: 20_000 }).toBe("revealed");
    const r = await reasons(detail);
    console.log(r);
    // 3.5 km: Danish decimal comma, the resource's radius, the transport's yearly cost.
    expect(r.distance).toMatch(/^\d+,\d km væk, inden for radius på [\d,]+ km for denne ressource; transporten koster ca\. .+\/år/);
    expect(r.quality).toBe("udbud på 62 °C til et behov på 40 °C");
    expect(r.quantity).toMatch(/^dækker \d+\s%/);
    expect(r.quantity).toContain("4.200 MWh/år");
    expect(r.trust).toBe("målte udbudsdata, anslåede behovsdata; ingen tidligere udvekslinger");
    for (const [factor, text] of Object.entries(r)) expect(text, factor).not.toMatch(ENGLISH);
    expect(await detail.locator(".factor-reason:not([data-codes])").count()).toBe(0);
    const hinges = await detail.locator(".counterfactuals li").allTextContents();
    for (const text of hinges) expect(text).not.toMatch(ENGLISH);
    await detail.locator(".factors").scrollIntoViewIfNeeded();
    console.log(`revealed reasons screenshot: ${await screenshot(page, "match-reasons-revealed")}`);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
