/// <reference lib="dom" />
/**
 * A Danish plant manager's day (issue 15, "Done when"), in a browser whose language is
 * Danish: the client speaks Danish from the first page; she registers her site by clicking
 * the map (the coordinates fill in with a decimal comma), describes a flow in words and
 * takes the coding suggestion, invites a colleague, and reads a proposal that names no id.
 * Screenshots land in test-artifacts/ (danish-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { aUserWithRole, type TestUser } from "../helpers/http.ts";
import { screenshot } from "./browser.ts";
import { startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let page: Page;
let ada: TestUser;
let bo: TestUser & { token: string };
const pageErrors: string[] = [];

const suffix = Date.now().toString(36);
const DAIRY = { externalId: `e2e-mejeri-${suffix}`, name: "Kalundborg Mejeri A/S", naceCode: "10.51" };
const GREENHOUSE = { externalId: `e2e-gartneri-${suffix}`, name: "Fjordens Gartneri ApS", naceCode: "01.13" };
const GH_SITE = `e2e-gartneri-site-${suffix}`;
const GH_NEED = `e2e-gartneri-varme-${suffix}`;
/** Kalundborg's centre: on land, a few km from the greenhouse. */
const KALUNDBORG = { lon: 11.0877, lat: 55.6809 };

const mapIdle = (name: "__turashPickerMap" | "__turashMap") =>
  page.evaluate(
    (n) =>
      new Promise<void>((resolve) => {
        const m = (window as unknown as Record<string, { once(e: string, f: () => void): void; triggerRepaint(): void }>)[n]!;
        m.once("idle", () => resolve());
        m.triggerRepaint();
      }),
    name,
  );

/**
 * Open the site form's map, move it to `center` at `zoom` and click its middle. jumpTo moves
 * the camera at once: the click converts through the new view without waiting for tiles.
 */
async function clickPickerAt(form: ReturnType<Page["locator"]>, center: { lon: number; lat: number }, zoom: number): Promise<void> {
  await form.getByRole("button", { name: "Klik på kortet for at placere anlægget" }).click();
  await form.locator('.site-picker[data-ready="true"]').waitFor({ timeout: 60_000 });
  await page.evaluate(([c, z]) => (window as unknown as { __turashPickerMap: { jumpTo(o: object): void } }).__turashPickerMap.jumpTo({ center: [c.lon, c.lat], zoom: z }), [center, zoom] as const);
  const box = (await form.getByTestId("site-picker-map").boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

beforeAll(async () => {
  e2e = await startE2e("e2e-danish", async () => undefined, { locale: "da-DK" });
  ada = await aUserWithRole(e2e.stores.db.knex, "org_admin", [], "ada");
  const boUser = await aUserWithRole(e2e.stores.db.knex, "org_admin", [], "bo");
  const login = (u: TestUser) => e2e.rest<{ accessToken: string }>("POST", "/auth/login", null, { email: u.email, password: u.password });
  const adaToken = (await login(ada)).accessToken;
  bo = { ...boUser, token: (await login(boUser)).accessToken };
  await e2e.rest("POST", "/organizations", adaToken, DAIRY);
  await e2e.rest("POST", "/organizations", bo.token, GREENHOUSE);
  // The greenhouse, 3 km east of Kalundborg, needs low-grade heat: the dairy's offer will match it.
  await e2e.rest("POST", "/sites", bo.token, { externalId: GH_SITE, businessId: GREENHOUSE.externalId, name: "Drivhus øst", lat: 55.69, lon: 11.13 });
  await e2e.rest("POST", "/resource-flows", bo.token, { externalId: GH_NEED, siteId: GH_SITE, direction: "need", resourceType: "waste_heat_low", quantity: { value: 2400, unit: "MWh/yr" }, quality: { temperatureC: 40 }, precision: "measured" });
  page = await e2e.browser.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
}, 300_000);

afterAll(async () => e2e?.close());

describe("a Danish plant manager", () => {
  it("logs in on a page in Danish", async () => {
    await page.goto(`${e2e.api.url}/#/login`);
    await page.getByRole("heading", { name: "Log ind på Turash" }).waitFor({ timeout: 30_000 });
    await page.getByLabel("E-mail").fill(ada.email);
    await page.getByLabel("Adgangskode").fill(ada.password);
    await page.getByRole("button", { name: "Log ind" }).click();
    await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    expect(await page.locator("html").getAttribute("lang")).toBe("da");
    // The greenhouse is confidential: one site in one area, in the singular.
    await expect.poll(() => page.locator("#map-status").textContent(), { timeout: 20_000 }).toBe("0 navngivne anlæg og 1 fortroligt anlæg i 1 område i visningen.");
    await page.goto(`${e2e.api.url}/#/org`);
    await page.getByRole("heading", { name: "Tilføj et anlæg" }).waitFor({ timeout: 30_000 });
  }, 120_000);

  it("registers her site by clicking the map: the coordinates fill in, with a decimal comma", async () => {
    const form = page.locator("form", { has: page.locator("#site-form-title") });
    await form.getByLabel("Navn").fill("Mejeriet");
    await clickPickerAt(form, KALUNDBORG, 12);
    await expect.poll(() => form.getByLabel("Breddegrad (°)").inputValue()).toMatch(/^55,68\d*$/);
    expect(await form.getByLabel("Længdegrad (°)").inputValue()).toMatch(/^11,08\d*$/);
    expect(await form.getByTestId("coordinate-warning").count()).toBe(0); // on land, not swapped
    await mapIdle("__turashPickerMap");
    await screenshot(page, "danish-site-picked");
    await form.getByRole("button", { name: "Opret anlæg" }).click();
    await page.locator("tr[data-site-id]").first().waitFor({ timeout: 60_000 });
    expect(await page.locator("#sites-h").textContent()).toBe("Anlæg (1)");
    expect(await page.locator("tr[data-site-id] td").nth(1).textContent()).toMatch(/^55,68\d\d, 11,08\d\d$/);
  }, 240_000);

  it("warns when a clicked point is in the sea", async () => {
    const form = page.locator("form", { has: page.locator("#site-form-title") });
    // Kattegat, 20 km off Kalundborg's coast.
    await clickPickerAt(form, { lon: 10.85, lat: 55.85 }, 10);
    const warning = form.getByTestId("coordinate-warning");
    await warning.waitFor({ timeout: 20_000 });
    expect(await warning.textContent()).toMatch(/^Dette punkt ligger i havet \(55,8\d*, 10,8\d*\)/);
    await mapIdle("__turashPickerMap");
    await screenshot(page, "danish-site-sea");
  }, 240_000);

  it("describes a flow in words and takes the coding suggestion", async () => {
    const form = page.locator("form", { has: page.locator("#flow-form-title") });
    await form.getByLabel("Beskriv den med ord").fill("spildvarme fra køleanlæg");
    await form.getByRole("button", { name: "Foreslå en type" }).click();
    const suggestion = form.getByTestId("coding-suggestion");
    await suggestion.waitFor({ timeout: 15_000 });
    expect(await suggestion.textContent()).toMatch(/^Forslag: .*varme.* · \d+\s% sikker/i);
    const take = suggestion.locator("[data-action=take-suggestion]");
    const suggested = (await take.getAttribute("data-resource-type"))!;
    expect(suggested).toMatch(/heat/);
    await take.click();
    expect(await form.locator("#flow-type").inputValue()).toBe(suggested);
    await form.locator("#flow-direction").selectOption("offer");
    await form.getByLabel("Mængde").fill("3100");
    await form.locator("#flow-unit").selectOption("MWh/yr");
    await form.getByLabel("Temperatur (°C, valgfri)").fill("62,5");
    await form.locator("#flow-precision").selectOption("measured");
    await screenshot(page, "danish-flow-suggested");
    await form.getByRole("button", { name: "Opret strøm" }).click();
    await page.locator("tr[data-flow-id]").first().waitFor({ timeout: 60_000 });
    const row = await page.locator("tr[data-flow-id]").first().locator("td").allTextContents();
    expect(row.slice(0, 5)).toEqual(["Mejeriet", "udbud", expect.stringMatching(/varme/i), "3.100 MWh/år", "målt"]);
  }, 120_000);

  it("invites a colleague", async () => {
    const section = page.locator("#org-invitations");
    await section.getByLabel("E-mail").fill(`kollega-${suffix}@mejeri.example`);
    await section.getByRole("button", { name: "Send invitation" }).click();
    await section.locator("#invite-link").waitFor({ timeout: 15_000 });
    expect(await section.locator("#invite-link").inputValue()).toMatch(/#\/invite\//);
    expect(await section.locator("tr[data-invitation-id] td").nth(1).textContent()).toBe("Medlem");
    await screenshot(page, "danish-invited");
  }, 60_000);

  it("reads a proposal from an anonymous greenhouse without ids, in Danish", async () => {
    // The matching worker pairs her new offer with the greenhouse's need; the greenhouse proposes.
    const firstMatch = async () => (await e2e.rest<{ matches: { id: string }[] }>("GET", `/organizations/${GREENHOUSE.externalId}/matching/direct`, bo.token)).matches[0]?.id;
    await expect.poll(firstMatch, { timeout: 90_000, interval: 1_000 }).toBeTruthy();
    const matchId = (await firstMatch())!;
    const proposal = await e2e.rest<{ id: string }>("POST", "/proposals", bo.token, { externalId: `e2e-forslag-${suffix}`, matchId, fromOrg: GREENHOUSE.externalId, message: "Vi vil gerne aftage jeres overskudsvarme til drivhusene." });
    await page.reload();
    const item = page.locator(`li[data-proposal-id]`);
    await item.first().waitFor({ timeout: 30_000 });
    expect(await page.locator("#proposals-h").textContent()).toBe("Forslag (1)");
    const text = (await item.first().textContent())!;
    expect(text).toMatch(/^Fra en anonym aftager — .*varme.* · status afventer · aftale foreslået/i);
    expect(text).toContain("Næste skridt: En anonym aftager foreslår denne udveksling: acceptér for at begynde forhandlingen, eller afvis den.");
    expect(await item.first().locator("[data-action^=status]").allTextContents()).toEqual(["Acceptér", "Afvis"]);
    await item.first().locator("summary", { hasText: "Forhandlingslog" }).click();
    await item.first().locator(".negotiation-log li:not(.muted)").first().waitFor({ timeout: 15_000 });
    const log = (await item.first().locator(".negotiation-log").textContent())!;
    expect(log).toMatch(/modparten: forslag afventer/);
    const everything = `${text}${log}`;
    for (const id of [proposal.id, matchId, GREENHOUSE.externalId, GH_NEED, GH_SITE]) expect(everything).not.toContain(id);
    await screenshot(page, "danish-proposal");
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
