/// <reference lib="dom" />
/**
 * The map and the facilitator's triage as their users meet them, in a real browser with no
 * outside network: place names and controls on the offline basemap, a phone's viewport,
 * and the workbench sorted, filtered and paged with the routing reason on every
 * card. Screenshots land in test-artifacts/ (basemap-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { generateRegion } from "../../seed/generate-region.ts";
import { seedRegion } from "../../ingest/seed-region.ts";
import { DEMO_PASSWORD, demoOrgsOfRegion, ensureDemoAccounts } from "../../seed/demo-accounts.ts";
import { rematchRegion } from "../../match-service/rematch.ts";
import { config, writeContext } from "../helpers/stores.ts";
import { canvasColours, screenshot } from "./browser.ts";
import { logIn, renderedProperties, startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let page: Page;
const region = generateRegion({ sites: 300, seed: 42, idPrefix: `e2eb${Date.now().toString(36)}` });
const demoOrgs = demoOrgsOfRegion(region);

// A repaint first, so "idle" comes even when the map was already idle.
const idle = () =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const m = (window as unknown as { __turashMap: { once(e: string, f: () => void): void; triggerRepaint(): void } }).__turashMap;
        m.once("idle", () => resolve());
        m.triggerRepaint();
      }),
  );

beforeAll(async () => {
  e2e = await startE2e("e2e-basemap", async (stores) => {
    const report = await seedRegion(writeContext(stores, "e2e-seed"), region, { batchSize: 500 });
    expect(report.rejected).toEqual([]);
    await ensureDemoAccounts(stores.db.knex, demoOrgs);
    // The queue: every offer's matches ranked and stored, as `npm start` seeds them.
    await rematchRegion({ neo4j: stores.neo4j, knex: stores.db.knex, idSecret: config.secrets.idSecret });
  });
  page = await e2e.browser.newPage();
}, 600_000);

afterAll(async () => {
  await e2e?.close();
});

describe("the offline basemap", () => {
  it("names towns and has zoom, scale and full-screen controls", async () => {
    await logIn(page, e2e.api.url, "dairy@turash.local", DEMO_PASSWORD);
    await idle();
    await page.locator(".maplibregl-ctrl-zoom-in").waitFor();
    await page.locator(".maplibregl-ctrl-fullscreen").waitFor();
    expect(await page.locator(".maplibregl-ctrl-scale").textContent()).toMatch(/\d+\s*km/);
    await expect.poll(async () => (await renderedProperties(page, ["place-labels"])).length, { timeout: 20_000 }).toBeGreaterThan(5);
    console.log(`basemap screenshot: ${await screenshot(page, "basemap-region")}`);
  });
});

/** The basemap's land and water (client/src/map/style.ts BASEMAP_COLORS). */
const BASEMAP = { land: "#f4f1ea", water: "#cfe3ef" };

describe("the map at Kalundborg", () => {
  const jumpTo = (center: [number, number], zoom: number) =>
    page.evaluate(([c, z]) => (window as unknown as { __turashMap: { jumpTo(o: object): void } }).__turashMap.jumpTo({ center: c, zoom: z }), [center, zoom] as const);

  it("at zoom 12 Kalundborg is land with its name, not all water", async () => {
    await jumpTo([11.0877, 55.6809], 12);
    await idle();
    await expect.poll(async () => (await renderedProperties(page, ["place-labels"])).map((p) => p.name), { timeout: 20_000 }).toContain("Kalundborg");
    // The 1:10m outlines have replaced the coarse ones: a town on a fjord is mostly land.
    await expect
      .poll(async () => {
        const { probes, width, height } = await canvasColours(page, BASEMAP);
        return probes.land! / (width * height);
      }, { timeout: 20_000 })
      .toBeGreaterThan(0.25);
    const { probes } = await canvasColours(page, BASEMAP);
    expect(probes.water).toBeGreaterThan(0); // the fjord is there too
    console.log(`kalundborg screenshot: ${await screenshot(page, "basemap-kalundborg")}`);
  }, 120_000);
});

describe("on a phone", () => {
  it("keeps the map usable at 390×844: map on top with its controls and search, the panel below", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    const box = (await page.locator("#map").boundingBox())!;
    expect(box.width).toBeGreaterThan(380);
    expect(box.height).toBeGreaterThan(400);
    expect(box.y).toBeLessThan(140);
    expect((await page.locator("#map-search").boundingBox())!.width).toBeGreaterThan(250);
    expect(await page.locator(".maplibregl-ctrl-zoom-in").isVisible()).toBe(true);
    await page.locator(".maplibregl-ctrl-zoom-in").click();
    await idle();
    console.log(`phone screenshot: ${await screenshot(page, "basemap-phone")}`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

describe("the facilitator's workbench", () => {
  it("triages the queue: routing reason on every card, filters by resource and reason, pages, a map, and the first match in full", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await logIn(page, e2e.api.url, "facilitator@turash.local", DEMO_PASSWORD);
    expect(await page.locator("#app").textContent()).not.toContain("Organization page");
    await page.goto(`${e2e.api.url}/#/workbench`);
    await page.locator("#queue .queue-item").first().waitFor({ timeout: 30_000 });
    const cards = page.locator("#queue .queue-item");
    expect(await cards.count()).toBeLessThanOrEqual(10);
    for (const text of await page.locator("#queue .routed").allTextContents()) expect(text).toMatch(/^Routed because: .+/);
    // The selected match is shown in full before anything is clicked.
    expect(await page.locator("#wb-detail .wb-selected").getAttribute("data-match-id")).toBe(await cards.first().getAttribute("data-match-id"));
    await page.locator('#map[data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(async () => Number(await page.locator("#map").getAttribute("data-points"))).toBeGreaterThan(0);
    const pages = Number(await page.locator("[data-pages]").getAttribute("data-pages"));
    if (pages > 1) {
      const first = await cards.first().getAttribute("data-match-id");
      await page.locator('[data-page="next"]').click();
      expect(await cards.first().getAttribute("data-match-id")).not.toBe(first);
      await page.locator('[data-page="prev"]').click();
    }
    console.log(`workbench screenshot: ${await screenshot(page, "basemap-workbench")}`);
    // By reason: every card left says it.
    const reason = (await cards.first().locator(".routed").getAttribute("data-reasons"))!.split(",")[0]!;
    await page.locator("#wb-why").selectOption(reason);
    for (const r of await page.locator("#queue .routed").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.reasons ?? ""))) expect(r.split(",")).toContain(reason);
    // By resource (server-side): only matches offering or needing it.
    const token = (await e2e.rest<{ accessToken: string }>("POST", "/auth/login", null, { email: "facilitator@turash.local", password: DEMO_PASSWORD })).accessToken;
    const queue = await e2e.rest<{ items: { supply: { resourceType: string } }[] }>("GET", "/facilitator/queue?limit=1", token);
    const type = queue.items[0]!.supply.resourceType;
    await page.locator("#wb-why").selectOption("");
    await page.locator("#wb-resource").selectOption(type);
    await expect.poll(async () => (await page.locator("#queue-count").textContent()) ?? "").toMatch(/of \d+ matches/);
    const expected = (await e2e.rest<{ items: unknown[] }>("GET", `/facilitator/queue?limit=200&resource_type=${type}`, token)).items.length;
    await expect.poll(async () => Number((await page.locator("#queue-count").textContent())!.match(/of (\d+)/)![1])).toBeLessThanOrEqual(expected);
    console.log(`workbench filtered screenshot: ${await screenshot(page, "basemap-workbench-filtered")}`);
  });
});
