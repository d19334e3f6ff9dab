/// <reference lib="dom" />
/**
 * Staged disclosure and consent as people meet them in the map client (issue 10, Deliver
 * 1 and 2): two plant engineers, each logged in in their own browser tab, see each other
 * only as an anonymous listing and an H3 cell until both click "Interested"; then both see
 * the other's name and designated contact, and the one who said it first is told live. A
 * facilitator acts only under the mandates the organizations' administrators granted:
 * propose for one, accept for the other, and take the deal to live with both consents —
 * and an administrator revoking the mandate in the client ends it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Page } from "playwright-core";
import { testMatchId } from "../helpers/config.ts";
import { aUserWithRole, type TestUser } from "../helpers/http.ts";
import { screenshot, type Browser } from "./browser.ts";
import { logIn as logInAt, renderedProperties, startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let api: E2e["api"];
let browser: Browser;
let dana: TestUser & { token: string };
let erik: TestUser & { token: string };
let fiona: TestUser & { token: string };
let danaPage: Page;
let erikPage: Page;
const pageErrors: string[] = [];

const suffix = Date.now().toString(36);
const DAIRY = { externalId: `e2e-dairy-${suffix}`, name: "Fjord Dairy A/S", naceCode: "10.51", contact: { name: "Dana Holm", email: "dana@fjord-dairy.example", phone: "+45 2233 4455" } };
const BREWERY = { externalId: `e2e-brewery-${suffix}`, name: "Ridge Brewery ApS", naceCode: "11.05", contact: { name: "Erik Lund", email: "erik@ridge-brewery.example" } };
const HEAT = `e2e-heat-${suffix}`;
const WARMTH = `e2e-warmth-${suffix}`;
const MATCH = testMatchId(HEAT, WARMTH);
// A second pair the router sends to a facilitator: rough data, 4 km apart on a 5 km radius.
const FQ_HEAT = `e2e-fq-heat-${suffix}`;
const FQ_NEED = `e2e-fq-need-${suffix}`;
const FQ_MATCH = testMatchId(FQ_HEAT, FQ_NEED);

const rest = <T>(method: string, path: string, token: string | null, body?: unknown) => e2e.rest<T>(method, path, token, body);

async function userWithToken(role: "org_admin" | "facilitator", name: string) {
  const user = await aUserWithRole(e2e.stores.db.knex, role, [], name);
  const { accessToken } = await rest<{ accessToken: string }>("POST", "/auth/login", null, { email: user.email, password: user.password });
  return { ...user, token: accessToken };
}

const logIn = (page: Page, user: TestUser) => logInAt(page, api.url, user.email, user.password);

/** Open one's own site in the map panel and the match on it. */
async function openMatch(page: Page, siteName: string, matchId: string) {
  await page.locator(".own-sites button", { hasText: siteName }).click();
  const option = page.locator(`.match-option[data-match-id="${matchId}"]`);
  await option.waitFor({ timeout: 60_000 });
  await option.click();
  const detail = page.locator(`.match-detail[data-match-id="${matchId}"]`);
  await detail.waitFor();
  return { option, detail };
}

beforeAll(async () => {
  e2e = await startE2e("e2e-disclosure");
  ({ api, browser } = e2e);

  [dana, erik, fiona] = await Promise.all([userWithToken("org_admin", "dana"), userWithToken("org_admin", "erik"), userWithToken("facilitator", "fiona")]);
  await rest("POST", "/organizations", dana.token, DAIRY);
  await rest("POST", "/organizations", erik.token, BREWERY);
  const site = (token: string, businessId: string, externalId: string, name: string, lat: number, lon: number) => rest("POST", "/sites", token, { externalId, businessId, name, lat, lon });
  const flow = (token: string, body: Record<string, unknown>) => rest("POST", "/resource-flows", token, body);
  await site(dana.token, DAIRY.externalId, `e2e-dairy-plant-${suffix}`, "Dairy Plant North", 56.1, 10.1);
  await site(erik.token, BREWERY.externalId, `e2e-brewhouse-${suffix}`, "Brewhouse Two", 56.11, 10.12);
  await flow(dana.token, { externalId: HEAT, siteId: `e2e-dairy-plant-${suffix}`, direction: "offer", resourceType: "waste_heat_low", quantity: { value: 3100, unit: "MWh/yr" }, quality: { temperatureC: 62 }, precision: "measured" });
  await flow(erik.token, { externalId: WARMTH, siteId: `e2e-brewhouse-${suffix}`, direction: "need", resourceType: "waste_heat_low", quantity: { value: 2400, unit: "MWh/yr" }, quality: { temperatureC: 45 }, precision: "measured" });
  await site(dana.token, DAIRY.externalId, `e2e-dairy-out-${suffix}`, "Dairy outpost", 56.4, 10.5);
  await site(erik.token, BREWERY.externalId, `e2e-brew-out-${suffix}`, "Brewery outpost", 56.436, 10.5);
  await flow(dana.token, { externalId: FQ_HEAT, siteId: `e2e-dairy-out-${suffix}`, direction: "offer", resourceType: "waste_heat_low", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 55 }, precision: "rough" });
  await flow(erik.token, { externalId: FQ_NEED, siteId: `e2e-brew-out-${suffix}`, direction: "need", resourceType: "process_heat", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 40 }, precision: "rough" });

  // The facilitator path's setup: both administrators grant Fiona every act.
  for (const [org, admin] of [[DAIRY, dana], [BREWERY, erik]] as const) {
    await rest("POST", `/organizations/${org.externalId}/mandates`, admin.token, { facilitatorId: fiona.id, acts: ["interest", "proposals", "deals"], note: "e2e" });
  }

  // sessionStorage is per tab: two tabs, two people logged in side by side.
  danaPage = await browser.newPage();
  erikPage = await browser.newPage();
  for (const p of [danaPage, erikPage]) p.on("pageerror", (e) => pageErrors.push(e.message));
}, 300_000);

afterAll(async () => {
  await e2e?.close();
});

describe("staged disclosure in the map client", () => {
  it("each organization sees the other only as an anonymous listing and a map cell", async () => {
    await logIn(danaPage, dana);
    await logIn(erikPage, erik);

    const { option: danaOption, detail: danaDetail } = await openMatch(danaPage, "Dairy Plant North", MATCH);
    expect(await danaOption.getAttribute("data-counterpart")).toBe("anonymous");
    // "Anonymous · needs Low-grade waste heat (< 90 °C) · 2,000–5,000 MWh/yr · 1–2 km · NACE C · 40–60 °C"
    expect(await danaOption.getAttribute("aria-label")).toMatch(/Anonymous · needs Low-grade waste heat \(< 90 °C\) · 2,000–5,000 MWh\/yr · 1–2 km · (?:[^·]+ · )?NACE C · 40–60 °C/);
    expect(await danaDetail.locator(".counterpart-name").textContent()).toMatch(/^Anonymous counterpart/);
    expect(await danaDetail.locator(".disclosure").getAttribute("data-disclosure")).toBe("anonymous");
    expect(await danaDetail.locator('[data-econ="savings"]').textContent()).toMatch(/€[\d.]+[KM]?–€[\d.]+[KM]?/);

    const { option: erikOption } = await openMatch(erikPage, "Brewhouse Two", MATCH);
    expect(await erikOption.getAttribute("aria-label")).toMatch(/Anonymous · offers Low-grade waste heat \(< 90 °C\) · 2,000–5,000 MWh\/yr · 1–2 km · (?:[^·]+ · )?NACE C · 60–80 °C/);

    // Nothing on either page names the other organization, its site or its contact.
    const danaText = await danaPage.locator("body").innerText();
    for (const secret of [BREWERY.name, "Brewhouse Two", BREWERY.contact.email, "2,400", "2400"]) expect(danaText).not.toContain(secret);
    const erikText = await erikPage.locator("body").innerText();
    for (const secret of [DAIRY.name, "Dairy Plant North", DAIRY.contact.email, "3,100", "3100"]) expect(erikText).not.toContain(secret);

    // On the map the other's site is a cell: no name, not among the selectable sites.
    for (const page of [danaPage, erikPage]) {
      expect(Number(await page.locator("#map").getAttribute("data-cells"))).toBeGreaterThan(0);
      const cells = await renderedProperties(page, ["cells-dots", "cells-outline", "cells-fill"]);
      expect(cells.length).toBeGreaterThan(0);
      expect(cells.every((p) => p.kind === "cell" && p.name === undefined)).toBe(true);
      expect((await renderedProperties(page, ["sites"])).every((p) => p.own === true)).toBe(true);
      // No line to an anonymous counterpart: its location is not known.
      expect((await renderedProperties(page, ["match-line"])).length).toBe(0);
    }
    await screenshot(danaPage, "disclosure-anonymous-dairy");
    await screenshot(erikPage, "disclosure-anonymous-brewery");
  });

  it("both click Interested: then both see the counterpart's name and contact, and the first is told live", async () => {
    for (const p of [danaPage, erikPage]) await p.locator('body[data-live="connected"]').waitFor({ timeout: 20_000 });
    const danaDetail = danaPage.locator(`.match-detail[data-match-id="${MATCH}"]`);
    await danaDetail.getByRole("button", { name: "Interested", exact: true }).click();
    await expect.poll(() => danaDetail.locator(".disclosure").getAttribute("data-disclosure"), { timeout: 15_000 }).toBe("waiting");
    expect(await danaDetail.locator(".disclosure").textContent()).toContain("waiting for the other party");
    // One side interested is not enough: still anonymous to each other.
    expect(await danaDetail.locator(".counterpart-name").textContent()).toMatch(/^Anonymous/);
    await erikPage.reload();
    await erikPage.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    const { detail: erikDetail } = await openMatch(erikPage, "Brewhouse Two", MATCH);
    expect(await erikDetail.locator(".counterpart-name").textContent()).toMatch(/^Anonymous/);
    await erikPage.locator('body[data-live="connected"]').waitFor({ timeout: 20_000 });

    await erikDetail.getByRole("button", { name: "Interested", exact: true }).click();
    // Erik sees the dairy named, with its designated contact.
    const erikNow = erikPage.locator(`.match-detail[data-match-id="${MATCH}"]`);
    await expect.poll(() => erikNow.locator(".counterpart-name").textContent(), { timeout: 15_000 }).toContain(DAIRY.name);
    expect(await erikNow.locator(".disclosure").getAttribute("data-disclosure")).toBe("revealed");
    const erikContact = await erikNow.locator(".contact").textContent();
    expect(erikContact).toContain(`Revealed — contact: ${DAIRY.contact.name}`);
    expect(erikContact).toContain(DAIRY.contact.email);
    expect(erikContact).toContain(DAIRY.contact.phone);

    // Dana, who said it first, is told live and her panel follows.
    const toast = danaPage.getByTestId("toast").filter({ hasText: `${BREWERY.name} is now revealed` });
    await toast.first().waitFor({ timeout: 30_000 });
    const danaNow = danaPage.locator(`.match-detail[data-match-id="${MATCH}"]`);
    await expect.poll(() => danaNow.locator(".counterpart-name").textContent(), { timeout: 15_000 }).toContain(BREWERY.name);
    expect(await danaNow.locator(".contact").textContent()).toContain(`Revealed — contact: ${BREWERY.contact.name} · ${BREWERY.contact.email}`);
    expect(await danaPage.locator(`.match-option[data-match-id="${MATCH}"] .who`).textContent()).toContain(BREWERY.name);
    // Exact figures now, and the counterpart's site drawn at the end of the line.
    expect(await danaNow.locator(".counterpart-offer").textContent()).toMatch(/Needs Low-grade waste heat \(< 90 °C\) · 2,400 MWh\/yr, \d\.\d km away/);
    expect(await danaNow.locator(".economics[data-banded]").count()).toBe(0);
    await expect.poll(async () => (await renderedProperties(danaPage, ["match-line"])).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(danaPage, "disclosure-revealed-dairy");
    await screenshot(erikPage, "disclosure-revealed-brewery");
  });

  it("a public organization is named on the other's map from the start", async () => {
    // Erik's administrator makes the brewery public on the organization page.
    await erikPage.goto(`${api.url}/#/org`);
    const visibility = erikPage.locator("#org-disclosure");
    await visibility.waitFor({ timeout: 30_000 });
    expect(await visibility.getAttribute("data-disclosure")).toBe("confidential");
    await visibility.getByLabel(/^Public/).check();
    await visibility.getByRole("button", { name: "Save visibility" }).click();
    await expect.poll(() => erikPage.locator("#org-disclosure").getAttribute("data-disclosure"), { timeout: 15_000 }).toBe("public");

    await danaPage.reload();
    await danaPage.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    // The dairy's two sites and the brewery's two are now named points; no brewery cell is left.
    await expect.poll(async () => Number(await danaPage.locator("#map").getAttribute("data-sites")), { timeout: 15_000 }).toBe(4);
    expect(Number(await danaPage.locator("#map").getAttribute("data-cells"))).toBe(0);
  });
});

describe("a facilitator under mandates", () => {
  let fionaPage: Page;

  it("proposes for one party, accepts for the other, and takes the deal to live with both consents", async () => {
    // The queued match exists once the dairy's matches were computed.
    await vi.waitFor(
      async () => {
        const result = await rest<{ matches: { id: string; route: { decision: string } }[] }>("GET", `/resource-flows/${FQ_HEAT}/matches`, dana.token);
        const found = result.matches.find((m) => m.id === FQ_MATCH);
        if (!found) throw new Error("not matched yet");
        expect(found.route.decision).toBe("facilitator");
      },
      { timeout: 30_000, interval: 500 },
    );
    fionaPage = await browser.newPage();
    fionaPage.on("pageerror", (e) => pageErrors.push(e.message));
    await logIn(fionaPage, fiona);
    await fionaPage.goto(`${api.url}/#/workbench`);
    await fionaPage.locator("#queue-h").waitFor({ timeout: 30_000 });
    await expect.poll(() => fionaPage.locator("#wb-mandates li").allTextContents(), { timeout: 15_000 }).toEqual(
      expect.arrayContaining([`${DAIRY.name}: interest, proposals, deals`, `${BREWERY.name}: interest, proposals, deals`]),
    );
    await fionaPage.locator("#queue-status").selectOption("all");
    const item = fionaPage.locator(`.queue-item[data-match-id="${FQ_MATCH}"]`);
    await item.waitFor({ timeout: 30_000 });
    await item.getByRole("button", { name: "Claim" }).click();
    await expect.poll(() => item.textContent(), { timeout: 15_000 }).toMatch(/claimed by you/);
    await item.getByRole("button", { name: "Propose…" }).click();
    await fionaPage.getByLabel("On behalf of").selectOption({ label: `${DAIRY.name} (supplier) proposes to ${BREWERY.name}` });
    await fionaPage.getByRole("button", { name: "Create proposal" }).click();
    await expect.poll(() => fionaPage.locator("#wb-detail .success").textContent(), { timeout: 15_000 }).toBe(`Proposal created on behalf of ${DAIRY.name}.`);

    const row = fionaPage.locator("#wb-proposals [data-proposal-id]", { hasText: `${DAIRY.name} → ${BREWERY.name}` });
    await row.waitFor({ timeout: 15_000 });
    const step = async (action: string, expected: RegExp) => {
      await row.locator(`[data-action="${action}"]`).click();
      await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(expected);
    };
    await step("status:accepted", /status accepted · deal negotiating/);
    await step("deal:reserved", /deal reserved/);
    // Holding both parties' deals mandates, one consent is given for each.
    expect(await row.locator('[data-action="deal:contracted"]').textContent()).toBe("Consent to contract (for both)");
    await step("deal:contracted", /deal contracted/);
    await step("deal:live", /deal live/);
    await screenshot(fionaPage, "workbench-facilitated-live");

    // The brewery's people see the proposal from the dairy, named now it is accepted, and live.
    await erikPage.goto(`${api.url}/#/org`);
    const theirs = erikPage.locator("[data-proposal-id]", { hasText: `From ${DAIRY.name}` });
    await theirs.first().waitFor({ timeout: 30_000 });
    expect(await theirs.first().textContent()).toMatch(/deal live/);
  });

  it("an administrator revokes the mandate in the client; the workbench then says a mandate is needed", async () => {
    await danaPage.goto(`${api.url}/#/org`);
    const mandates = danaPage.locator("#org-mandates");
    await mandates.locator('tr[data-live="true"]').waitFor({ timeout: 30_000 });
    expect(await mandates.locator('tr[data-live="true"]').textContent()).toContain("Say interested / not interested in matches; Propose, accept, reject and withdraw proposals; Move deals");
    await mandates.getByRole("button", { name: /^Revoke / }).click();
    await expect.poll(() => mandates.locator('tr[data-live="true"]').count(), { timeout: 15_000 }).toBe(0);
    expect(await mandates.locator("tr[data-mandate-id]").first().textContent()).toMatch(/revoked/);

    await fionaPage.reload();
    await fionaPage.locator("#queue-h").waitFor({ timeout: 30_000 });
    await expect.poll(() => fionaPage.locator("#wb-mandates li").allTextContents(), { timeout: 15_000 }).toEqual([`${BREWERY.name}: interest, proposals, deals`]);
    await fionaPage.locator("#queue-status").selectOption("all");
    const item = fionaPage.locator(`.queue-item[data-match-id="${FQ_MATCH}"]`);
    await item.waitFor({ timeout: 30_000 });
    await item.getByRole("button", { name: "Propose…" }).click();
    // Only the brewery may now be proposed for.
    expect(await fionaPage.getByLabel("On behalf of").locator("option").allTextContents()).toEqual([`${BREWERY.name} (consumer) proposes to ${DAIRY.name}`]);
    expect(pageErrors.join("\n")).toBe("");
  });
});

describe("an organization's members in the client", () => {
  it("the administrator adds a colleague by e-mail; the colleague then works for the organization; the last administrator cannot leave", async () => {
    const gus = await aUserWithRole(e2e.stores.db.knex, "org_member", [], "gus");
    await danaPage.goto(`${api.url}/#/org`);
    const members = danaPage.locator("#org-members");
    await members.locator(`tr[data-member-id="${dana.id}"]`).waitFor({ timeout: 30_000 });

    await members.getByLabel("E-mail").fill("not-registered@example.test");
    await members.getByRole("button", { name: "Add member" }).click();
    await expect.poll(() => members.locator('[data-error-for="email"]').textContent(), { timeout: 15_000 }).toMatch(/active organization account/);
    await members.getByLabel("E-mail").fill(gus.email);
    await members.getByRole("button", { name: "Add member" }).click();
    const row = members.locator(`tr[data-member-id="${gus.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute("data-role")).toBe("org_member");

    const gusPage = await browser.newPage();
    gusPage.on("pageerror", (e) => pageErrors.push(e.message));
    await logIn(gusPage, gus);
    await gusPage.goto(`${api.url}/#/org`);
    await expect.poll(() => gusPage.locator("#org-name").textContent(), { timeout: 30_000 }).toBe(DAIRY.name);
    expect(await gusPage.locator("#org-members").getByRole("button", { name: "Add member" }).count()).toBe(0);

    await members.locator(`tr[data-member-id="${dana.id}"]`).getByRole("button", { name: "Leave" }).click();
    await expect.poll(() => danaPage.locator(".toast").allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringMatching(/without an administrator/));
    expect(await members.locator(`tr[data-member-id="${dana.id}"]`).getAttribute("data-role")).toBe("org_admin");
    await gusPage.close();
    expect(pageErrors.join("\n")).toBe("");
  });
});
