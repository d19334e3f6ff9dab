/// <reference lib="dom" />
/**
 * The carbon page as an organization's administrator meets it (issue 13, "Done when"): the
 * Carbon link in the navigation; potential, in-progress and realised CO2 with the factor
 * and its source beside the figures and a chart over the period's days; an override of the
 * factor that changes the figure shown; an alert defined in the page that fires — seen at
 * once as a notice and a badge on another page, without a reload — and is acknowledged;
 * and the CSV report, whose totals are the API's.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Page } from "playwright-core";
import { createPublisher } from "../../events/publisher.ts";
import { evaluateAlerts } from "../../projections/carbon/alert-evaluator.ts";
import { writeTodayRollups } from "../../projections/carbon/service.ts";
import { aUserWithRole, type TestUser } from "../helpers/http.ts";
import { names } from "../helpers/stores.ts";
import { screenshot } from "./browser.ts";
import { logIn, renderedProperties, startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let gert: TestUser & { token: string };
let sven: TestUser & { token: string };
let page: Page;
const pageErrors: string[] = [];
const suffix = Date.now().toString(36);
const GREENHOUSE = { externalId: `e2e-greenhouse-${suffix}`, name: "Glasshouse Tomatoes ApS", naceCode: "01.13" };
const SMELTER = { externalId: `e2e-smelter-${suffix}`, name: "Harbour Smelter A/S", naceCode: "24.42" };
const DAY = 86_400_000;

const rest = <T>(method: string, path: string, token: string | null, body?: unknown) => e2e.rest<T>(method, path, token, body);
type Totals = Record<"potential" | "in_progress" | "realised", { co2AvoidedT: { low: number; mid: number; high: number }; energyMWh: number; waterM3: number }>;
type Summary = { totals: Totals; potentialMatches: number; period: { from: string; to: string }; flows: { flowId: string; co2TPerYear: number; factor: { id: string; value: number; source: string } | null }[] };

async function userWithToken(name: string) {
  const user = await aUserWithRole(e2e.stores.db.knex, "org_admin", [], name);
  const { accessToken } = await rest<{ accessToken: string }>("POST", "/auth/login", null, { email: user.email, password: user.password });
  return { ...user, token: accessToken };
}

beforeAll(async () => {
  e2e = await startE2e("e2e-carbon");
  [gert, sven] = await Promise.all([userWithToken("gert"), userWithToken("sven")]);
  await rest("POST", "/organizations", gert.token, GREENHOUSE);
  await rest("POST", "/organizations", sven.token, SMELTER);
  await rest("POST", "/sites", sven.token, { externalId: `e2e-smelter-site-${suffix}`, businessId: SMELTER.externalId, name: "Smelter quay", lat: 55.71, lon: 9.55 });
  await rest("POST", "/sites", gert.token, { externalId: `e2e-greenhouse-site-${suffix}`, businessId: GREENHOUSE.externalId, name: "Glasshouse one", lat: 55.715, lon: 9.56 });
  await rest("POST", "/resource-flows", sven.token, { externalId: `e2e-smelter-heat-${suffix}`, siteId: `e2e-smelter-site-${suffix}`, direction: "offer", resourceType: "waste_heat_low", quantity: { value: 13_100, unit: "MWh/yr" }, quality: { temperatureC: 70 }, precision: "measured" });
  await rest("POST", "/resource-flows", gert.token, { externalId: `e2e-greenhouse-heat-${suffix}`, siteId: `e2e-greenhouse-site-${suffix}`, direction: "need", resourceType: "process_heat", quantity: { value: 9_050, unit: "MWh/yr" }, quality: { temperatureC: 45 }, precision: "measured" });
  // The worker ranks the pair; the rollup writer would then write the days' figures.
  await vi.waitFor(async () => expect((await rest<Summary>("GET", `/organizations/${GREENHOUSE.externalId}/carbon`, gert.token)).potentialMatches).toBeGreaterThan(0), { timeout: 90_000, interval: 1_000 });
  const stores = { neo4j: e2e.stores.neo4j, knex: e2e.stores.db.knex };
  for (let back = 5; back >= 0; back--) await writeTodayRollups(stores, new Date(Date.now() - back * DAY));
  page = await e2e.browser.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 300_000);
afterAll(async () => e2e?.close());

const summaryOf = () => rest<Summary>("GET", `/organizations/${GREENHOUSE.externalId}/carbon`, gert.token);

describe("the carbon page", () => {
  it("shows the three figures with the factors used and their sources, and a chart over the period", async () => {
    await logIn(page, e2e.api.url, gert.email, gert.password);
    await page.getByRole("link", { name: "Carbon" }).click();
    const totals = page.getByTestId("carbon-totals");
    await totals.waitFor();
    const api = await summaryOf();
    expect(api.totals.potential.co2AvoidedT.mid).toBeGreaterThan(0);
    const shown = (n: number) => `${new Intl.NumberFormat("en", { maximumFractionDigits: 2 }).format(n)} t CO₂`;
    expect(await page.getByTestId("total-potential-co2").innerText()).toBe(shown(api.totals.potential.co2AvoidedT.mid));
    expect(await page.getByTestId("total-realised-co2").innerText()).toBe(shown(0));
    const heatFactor = totals.locator('[data-factor="displaced:heat"]');
    expect(await heatFactor.innerText()).toMatch(/tCO2\/MWh[\s\S]*\(20\d\d\)/);
    // The need's figure, its factor and source beside it.
    const flowRow = page.getByTestId("flow-row").filter({ hasText: "need" });
    expect(await flowRow.locator('[data-factor="displaced:heat"] .factor-source').innerText()).toMatch(/\w{6,}.*\(20\d\d\)/);
    // Six days of rollups: one line per stage over the period's days.
    expect(await page.locator('[data-testid="carbon-chart"] polyline').count()).toBe(3);
    await screenshot(page, "carbon-page");
  }, 180_000);

  it("an override of the factor changes the figure shown, and is listed with its source", async () => {
    const flowCo2 = page.getByTestId("flow-row").filter({ hasText: "need" }).getByTestId("flow-co2");
    const before = await flowCo2.innerText();
    const form = page.getByRole("form", { name: "Save override" });
    await form.getByLabel("Factor").selectOption("displaced:heat");
    await form.getByLabel("Value").fill("0.5");
    await form.getByLabel("Source").fill("our gas boilers, metered 2025");
    await form.getByLabel("Year").fill("2025");
    await form.getByRole("button", { name: "Save override" }).click();
    await page.getByTestId("override-row").filter({ hasText: "our gas boilers, metered 2025" }).waitFor();
    await expect.poll(() => flowCo2.innerText()).not.toBe(before);
    const api = await summaryOf();
    const need = api.flows.find((f) => f.factor?.id === "displaced:heat" && f.flowId === `e2e-greenhouse-heat-${suffix}`)!;
    expect(need.factor!.value).toBe(0.5);
    expect(await flowCo2.innerText()).toBe(`${new Intl.NumberFormat("en", { maximumFractionDigits: 2 }).format(need.co2TPerYear)} t CO₂/yr`);
    expect(await page.getByTestId("flow-row").filter({ hasText: "need" }).locator(".badge-own").innerText()).toBe("your value");
  }, 120_000);

  it("an alert defined in the page fires and is seen at once on another page, then acknowledged", async () => {
    const form = page.getByRole("form", { name: "Define alert" });
    await form.getByLabel("Name").fill("Potential over 1 t this week");
    await form.getByLabel("Figure").selectOption("co2_avoided_t");
    await form.getByLabel("Stage").selectOption("potential");
    await form.getByLabel("Window").selectOption("7");
    await form.getByLabel("Comparison").selectOption("above");
    await form.getByLabel("Threshold").fill("1");
    await form.getByRole("button", { name: "Define alert" }).click();
    await page.getByTestId("alert-row").filter({ hasText: "Potential over 1 t this week" }).waitFor();

    await page.getByRole("link", { name: "Map" }).click();
    await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    // What the rollup worker does after its next write.
    const publisher = createPublisher(e2e.stores.nats.jetstream(), names);
    const fired = await evaluateAlerts({ knex: e2e.stores.db.knex, publish: publisher.publish, subject: names.subjects.alertsFired });
    expect(fired).toHaveLength(1);

    // The notice of this firing; the "defined" toast of the same alert may still be up beside it.
    const notice = page.locator(`[data-testid="toast"][data-firing="${fired[0]!.id}"]`);
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toMatch(/Potential over 1 t this week.*fired: [\d.,]+ t CO₂ is above 1 t CO₂/);
    expect(await page.getByTestId("alert-badge").innerText()).toBe("1");
    await screenshot(page, "carbon-alert-notice");
    await notice.getByRole("button", { name: "Open" }).click();
    const firing = page.locator(`[data-testid="firing-row"][data-firing="${fired[0]!.id}"]`);
    await firing.waitFor();
    expect(await page.getByTestId("alert-badge").isHidden()).toBe(true);
    await firing.getByRole("button", { name: "Acknowledge" }).click();
    await page.locator(`[data-testid="firing-row"][data-firing="${fired[0]!.id}"][data-acknowledged="true"]`).waitFor();
    const firings = await rest<{ items: { id: string; acknowledgedBy: string | null }[] }>("GET", `/organizations/${GREENHOUSE.externalId}/alert-firings`, gert.token);
    expect(firings.items).toEqual([expect.objectContaining({ id: fired[0]!.id, acknowledgedBy: gert.id })]);
  }, 180_000);

  it("downloads the CSV report of the period, whose totals are the API's", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-csv").click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^carbon-${GREENHOUSE.externalId}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const csv = readFileSync((await download.path())!, "utf8");
    const api = await summaryOf();
    const totals = Object.fromEntries(
      csv
        .split("\r\n")
        .filter((l) => l.startsWith("totals,"))
        .map((l) => l.split(","))
        .map(([, stage, low, mid, high, energy, water]) => [stage, { co2AvoidedT: { low: Number(low), mid: Number(mid), high: Number(high) }, energyMWh: Number(energy), waterM3: Number(water) }]),
    );
    expect(totals).toEqual(api.totals);
    // The whole page, overrides and the acknowledged firing included, for a reader to look at.
    await page.setViewportSize({ width: 1280, height: 3000 });
    await screenshot(page, "carbon-page-whole");
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("the map's carbon layer shows the organization's own site with its avoidable CO2, a legend and units; no counterpart's", async () => {
    await page.getByRole("link", { name: "Map" }).click();
    await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.getByLabel("Avoidable CO₂").check();
    await page.locator('#map[data-carbon-sites="1"]').waitFor();
    const api = await rest<{ features: { properties: { siteId: string; co2TPerYear: number } }[] }>("GET", `/organizations/${GREENHOUSE.externalId}/carbon/sites`, gert.token);
    expect(api.features.map((f) => f.properties.siteId)).toEqual([`e2e-greenhouse-site-${suffix}`]);
    await expect.poll(() => renderedProperties(page, ["carbon-sites"]), { timeout: 30_000 }).toEqual([expect.objectContaining({ siteId: `e2e-greenhouse-site-${suffix}`, co2TPerYear: api.features[0]!.properties.co2TPerYear })]);
    const legend = page.getByTestId("carbon-legend");
    expect(await legend.innerText()).toMatch(/Avoidable CO₂ per site, t CO₂\/yr[\s\S]*\d+ t CO₂\/yr/);
    await screenshot(page, "carbon-map-layer");
    await page.getByLabel("Avoidable CO₂").uncheck();
    expect(await legend.isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("the supplier's page states how its offer is shared among its matches, credited once, as the API does", async () => {
    const supplierPage = await e2e.browser.newPage();
    supplierPage.on("pageerror", (error) => pageErrors.push(error.message));
    await logIn(supplierPage, e2e.api.url, sven.email, sven.password);
    await supplierPage.getByRole("link", { name: "Carbon" }).click();
    const row = supplierPage.locator(`[data-testid="offer-share-row"][data-flow="e2e-smelter-heat-${suffix}"]`);
    await row.waitFor();
    const api = await rest<{ supplyAllocations: { flowId: string; matches: number; shareCredited: number }[] }>("GET", `/organizations/${SMELTER.externalId}/carbon`, sven.token);
    const offer = api.supplyAllocations.find((a) => a.flowId === `e2e-smelter-heat-${suffix}`)!;
    expect(offer.matches).toBeGreaterThan(0);
    expect(offer.shareCredited).toBeLessThanOrEqual(1);
    expect(await row.locator("td").nth(2).innerText()).toBe(String(offer.matches));
    expect(await row.getByTestId("offer-share").innerText()).toBe(new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0 }).format(offer.shareCredited));
    expect(await supplierPage.getByTestId("carbon-offers-shared").innerText()).toMatch(/never counted twice/);
    await supplierPage.getByTestId("carbon-offers-shared").scrollIntoViewIfNeeded();
    await screenshot(supplierPage, "carbon-offers-shared");
    await supplierPage.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
