/// <reference lib="dom" />
/**
 * The civic dashboard as an anonymous visitor meets it (issue 14): from the login page to
 * #/civic without logging in, a region picked, hexagons drawn on the map with a legend in
 * units, the totals and the paragraph; the CSV downloaded from the page holds the figures the
 * page shows; and no organization's name is on the page or in the file.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { aCivicWorld, B } from "../civic/fixture.ts";
import { screenshot } from "./browser.ts";
import { startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let page: Page;
let names: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  e2e = await startE2e("e2e-civic", async (stores) => {
    names = await aCivicWorld(stores);
  });
  page = await e2e.browser.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
});
afterAll(async () => e2e?.close());

const renderedCells = () =>
  page.evaluate(() =>
    (window as unknown as { __turashCivicMap: { queryRenderedFeatures(p?: unknown, o?: unknown): { properties: Record<string, unknown> }[] } }).__turashCivicMap
      .queryRenderedFeatures(undefined, { layers: ["civic-cells-fill"] })
      .map((f) => f.properties),
  );

describe("the public civic dashboard", () => {
  it("opens from the login page without logging in; a region shows hexagons, a legend with units, totals and the potential in words", async () => {
    await page.goto(`${e2e.api.url}/#/login`);
    await page.getByRole("link", { name: /Public dashboard for municipalities/ }).click();
    await page.locator('#civic-map[data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.getByLabel("Region", { exact: true }).selectOption({ label: "Kalundborg Vest (9901)" });
    await expect.poll(() => page.url(), { timeout: 30_000 }).toMatch(/#\/civic\/9901$/);
    // Supply in MWh/yr: only the heat suppliers' hexagon A has a published supply … which complementary suppression withheld; demand shows B.
    await page.getByLabel("Demand").check();
    await expect.poll(async () => (await renderedCells()).map((p) => p.cell), { timeout: 30_000 }).toContain(B);
    // The region's boundary (GET /public/regions/9901/outline) is drawn over the hexagons.
    expect(await page.locator("#civic-map").getAttribute("data-outline")).toBe("true");
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __turashCivicMap: { queryRenderedFeatures(p?: unknown, o?: unknown): unknown[] } }).__turashCivicMap.queryRenderedFeatures(undefined, { layers: ["civic-region-line"] }).length), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const legend = page.getByTestId("civic-legend");
    expect(await legend.innerText()).toMatch(/Demand \(MWh\/yr\)[\s\S]*1,800 MWh\/yr/);
    expect(await legend.innerText()).toContain("fewer than 3 companies");
    const totals = page.getByTestId("civic-totals");
    expect(await page.getByTestId("civic-total-organizations").innerText()).toMatch(/Companies taking part\s+4/);
    expect(await page.getByTestId("civic-total-demand_mwh").innerText()).toContain("1,800 MWh/yr");
    expect(await page.getByTestId("civic-total-matched_mwh").innerText()).toContain("1,200 MWh/yr");
    expect(await totals.innerText()).toContain("t CO₂/yr");
    expect(await page.getByTestId("civic-text").innerText()).toMatch(/In Kalundborg Vest, 4 companies take part\..*could deliver 1,200 MWh\/yr/);
    expect(await page.locator("svg.chart").count()).toBeGreaterThan(0);
    await page.getByLabel("Matched potential").check();
    await expect.poll(async () => (await renderedCells()).map((p) => p.cell), { timeout: 30_000 }).toEqual([B]);
    await screenshot(page, "civic-dashboard");
    await page.locator(".civic-downloads").scrollIntoViewIfNeeded();
    await screenshot(page, "civic-dashboard-totals");
    expect(pageErrors).toEqual([]);
    // The software-rendered map takes half a minute to load on a busy machine.
  }, 180_000);

  it("the CSV downloaded from the page holds the figures the page shows, and no company's name is on the page or in the file", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Totals and hexagons (CSV)" }).click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    const rows = csv.trim().split("\r\n").map((l) => l.split(","));
    const header = rows.shift()!;
    const regionFigure = (metric: string) => Number(rows.find((r) => r[header.indexOf("scope")] === "region" && r[header.indexOf("metric")] === metric)?.[header.indexOf("value")]);
    const shown = (id: string) => page.getByTestId(`civic-total-${id}`).locator("strong").innerText();
    const asNumber = (text: string) => Number(text.replace(/[^\d.]/g, ""));
    for (const id of ["organizations", "demand_mwh", "matched_mwh", "co2_avoided_t"]) expect(asNumber(await shown(id)), id).toBeCloseTo(regionFigure(id), 0);
    const cellRow = rows.find((r) => r[header.indexOf("cell")] === B && r[header.indexOf("metric")] === "matched_mwh")!;
    const drawn = (await renderedCells()).find((p) => p.cell === B)!;
    expect(Number(cellRow[header.indexOf("value")])).toBe(drawn.value);
    const text = await page.locator("body").innerText();
    for (const name of names) {
      expect(text).not.toContain(name);
      expect(csv).not.toContain(name);
    }
  });
});
