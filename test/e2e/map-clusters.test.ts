/// <reference lib="dom" />
/**
 * The map as a plant manager meets it on a region where most organizations chose to be
 * public, so the map names (and clusters) their sites: cluster counts that add up to what
 * the api returns for the box, the zoom button splitting a cluster, scale and full-screen
 * controls, the layer toggles hiding exactly their features, labels in Danish, and the
 * search box finding a town and the organizations the user may see by name — never an
 * anonymous counterpart. Screenshots land in test-artifacts/ (map-clusters-*.png).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Page } from "playwright-core";
import { generateRegion, type GeneratedRegion } from "../../seed/generate-region.ts";
import { seedRegion } from "../../ingest/seed-region.ts";
import { DEMO_PASSWORD, demoOrgsOfRegion, ensureDemoAccounts } from "../../seed/demo-accounts.ts";
import { externalOf } from "../../domain/node-ref.ts";
import type { MapCellProps, MapSiteProps, SiteCollection } from "../../contract/map.ts";
import { testMatchId } from "../helpers/config.ts";
import { writeContext } from "../helpers/stores.ts";
import { launchBrowser, screenshot, type Browser } from "./browser.ts";
import { logIn, renderedProperties, startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let page: Page;

const base = generateRegion({ sites: 300, seed: 42, idPrefix: `e2ek${Date.now().toString(36)}` });
const demoOrgs = demoOrgsOfRegion(base);
const dairy = demoOrgs.find((o) => o.slug === "dairy")!;
const greenhouse = demoOrgs.find((o) => o.slug === "greenhouse")!;
const brewery = demoOrgs.find((o) => o.slug === "brewery")!;
// Two of three organizations public (the brewery among them); the greenhouse and every
// third other stay confidential, drawn only as cells.
const confidential = new Set(base.businesses.filter((_, i) => i % 3 === 0).map((b) => b.externalId));
confidential.add(greenhouse.orgId);
confidential.delete(brewery.orgId);
const region: GeneratedRegion = { ...base, businesses: base.businesses.map((b) => (confidential.has(b.externalId) ? b : { ...b, disclosure: "public" as const })) };

const suffix = Date.now().toString(36);
/** The greenhouse's (confidential) and the brewery's (public) new needs beside the dairy's offer. */
const GH_SITE = `e2ek-gh-${suffix}`;
const GH_SITE_NAME = `Glasshouse Quartz ${suffix}`;
const GH_NEED = `e2ek-gh-need-${suffix}`;
const BR_SITE = `e2ek-br-${suffix}`;
const BR_NEED = `e2ek-br-need-${suffix}`;
let dairyOffer: string;
let dairySite: { lat: number; lon: number };

type MapWindow = { __turashMap: {
  once(e: string, f: () => void): void;
  triggerRepaint(): void;
  jumpTo(o: object): void;
  getZoom(): number;
  getCenter(): { lng: number; lat: number };
  getBounds(): { getWest(): number; getSouth(): number; getEast(): number; getNorth(): number };
  queryRenderedFeatures(p?: unknown, o?: unknown): { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[];
  getSource(id: string): { getClusterLeaves(id: number, limit: number, offset: number): Promise<{ properties: { id: string } }[]> };
} };

// A repaint first, so "idle" comes even when the map was already idle.
const idle = (p = page) =>
  p.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const m = (window as unknown as MapWindow).__turashMap;
        m.once("idle", () => resolve());
        m.triggerRepaint();
      }),
  );

/** The box of the current view as the client asks the api for it, once the client has loaded exactly that box. */
async function settledBox(p = page): Promise<string> {
  const current = () =>
    p.evaluate(() => {
      const b = (window as unknown as MapWindow).__turashMap.getBounds();
      return [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())].map((n) => n.toFixed(5)).join(",");
    });
  let box = "";
  await expect
    .poll(async () => {
      box = await current();
      return (await p.locator("#map").getAttribute("data-bbox")) === box;
    }, { timeout: 20_000 })
    .toBe(true);
  await idle(p);
  return box;
}

interface Drawn {
  /** Rendered clusters (deduplicated across tiles) with their counts and their labels. */
  readonly clusters: { id: number; count: number; label: string | null; lon: number; lat: number }[];
  /** Rendered single sites. */
  readonly points: { id: string; role: string }[];
}

/** What the map draws of the named sites: clusters with their count labels, and single points. */
function drawn(p = page): Promise<Drawn> {
  return p.evaluate(() => {
    const m = (window as unknown as MapWindow).__turashMap;
    const labels = new Map<number, string>();
    for (const f of m.queryRenderedFeatures(undefined, { layers: ["site-cluster-counts"] })) labels.set(f.properties.cluster_id as number, String(f.properties.point_count_abbreviated));
    const clusters = new Map<number, { id: number; count: number; label: string | null; lon: number; lat: number }>();
    for (const f of m.queryRenderedFeatures(undefined, { layers: ["site-clusters"] })) {
      const id = f.properties.cluster_id as number;
      clusters.set(id, { id, count: f.properties.point_count as number, label: labels.get(id) ?? null, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] });
    }
    const points = new Map<string, { id: string; role: string }>();
    for (const f of m.queryRenderedFeatures(undefined, { layers: ["sites"] })) points.set(f.properties.id as string, { id: f.properties.id as string, role: f.properties.role as string });
    return { clusters: [...clusters.values()], points: [...points.values()] };
  });
}

const total = (d: Drawn) => d.clusters.reduce((n, c) => n + c.count, 0) + d.points.length;

/** The ids of the sites a rendered cluster holds. */
const leaves = (clusterId: number, p = page) =>
  p.evaluate(async (id) => (await (window as unknown as MapWindow).__turashMap.getSource("sites").getClusterLeaves(id, Infinity, 0)).map((f) => f.properties.id), clusterId);

const jumpTo = (center: [number, number], zoom: number, p = page) =>
  p.evaluate(([c, z]) => (window as unknown as MapWindow).__turashMap.jumpTo({ center: c, zoom: z }), [center, zoom] as const);

let token: string;
const login = async (email: string) => (await e2e.rest<{ accessToken: string }>("POST", "/auth/login", null, { email, password: DEMO_PASSWORD })).accessToken;
/** The map's features for this box as the api gives them to the dairy. */
async function apiFeatures(box: string) {
  const body = await e2e.rest<SiteCollection>("GET", `/map/sites?bbox=${box}`, token);
  expect(body.truncated).toBe(false);
  return {
    sites: body.features.filter((f) => f.properties.kind === "site").map((f) => f.properties as MapSiteProps),
    cells: body.features.filter((f) => f.properties.kind === "cell").map((f) => f.properties as MapCellProps),
  };
}

beforeAll(async () => {
  expect([dairy, greenhouse, brewery].every(Boolean), "the demo region has a dairy, a greenhouse and a brewery").toBe(true);
  e2e = await startE2e("e2e-map-clusters", async (stores) => {
    const report = await seedRegion(writeContext(stores, "e2e-seed"), region, { batchSize: 500 });
    expect(report.rejected).toEqual([]);
    await ensureDemoAccounts(stores.db.knex, demoOrgs);
  });
  token = await login("dairy@turash.local");
  page = await e2e.browser.newPage();
}, 300_000);

afterAll(async () => {
  await e2e?.close();
});

describe("clusters at a country zoom", () => {
  it("draws clusters with their counts, adding up to the named sites the api returns for the box", async () => {
    await logIn(page, e2e.api.url, "dairy@turash.local", DEMO_PASSWORD);
    await jumpTo([10.4, 55.9], 6);
    const box = await settledBox();
    const api = await apiFeatures(box);
    expect(api.sites.length).toBeGreaterThan(100);
    expect(api.cells.length).toBeGreaterThan(0);
    const d = await drawn();
    expect(d.clusters.length).toBeGreaterThan(1);
    expect(Math.max(...d.clusters.map((c) => c.count))).toBeGreaterThanOrEqual(10);
    // Every cluster shows its number.
    for (const c of d.clusters) expect(c.label).toBe(String(c.count));
    expect(total(d)).toBe(api.sites.length);
    expect(Number(await page.locator("#map").getAttribute("data-sites"))).toBe(api.sites.length);
    // The status line says the same, and how many confidential sites hide in cells.
    const hidden = api.cells.reduce((n, c) => n + c.sites, 0);
    expect(await page.locator("#map-status").textContent()).toContain(`${api.sites.length} named`);
    expect(await page.locator("#map-status").textContent()).toContain(String(hidden));
    console.log(`clusters screenshot: ${await screenshot(page, "map-clusters-country")}`);
  }, 240_000);
});

describe("zooming in", () => {
  it("the + button splits the largest cluster into smaller clusters and sites; scale and full-screen controls are there", async () => {
    const before = await drawn();
    const largest = before.clusters.reduce((a, b) => (b.count > a.count ? b : a));
    const members = new Set(await leaves(largest.id));
    expect(members.size).toBe(largest.count);
    const scaleBefore = (await page.locator(".maplibregl-ctrl-scale").textContent())!;
    expect(scaleBefore).toMatch(/^\d+\s?k?m$/);

    await jumpTo([largest.lon, largest.lat], 6);
    await settledBox();
    // Zoom in with the + button until the cluster's sites lie in more than one feature (past
    // the clustering's last zoom, 11, every site stands alone).
    const zoomIn = page.getByRole("button", { name: "Zoom in" });
    const zoom = () => page.evaluate(() => (window as unknown as MapWindow).__turashMap.getZoom());
    const holders = async (d: Drawn) => {
      const holding: { count: number; inside: number }[] = [];
      for (const c of d.clusters) {
        const inside = (await leaves(c.id)).filter((id) => members.has(id)).length;
        if (inside > 0) holding.push({ count: c.count, inside });
      }
      for (const p of d.points) if (members.has(p.id)) holding.push({ count: 1, inside: 1 });
      return holding;
    };
    let clicks = 0;
    while ((await holders(await drawn())).length < 2 && clicks < 7) {
      const z = await zoom();
      await zoomIn.click();
      clicks++;
      await expect.poll(zoom).toBeCloseTo(z + 1, 5);
      await settledBox();
    }
    const box = await settledBox();
    const after = await drawn();
    // The cluster's sites now lie in several features, each smaller than it.
    const holding = await holders(after);
    expect(holding.length).toBeGreaterThan(1);
    for (const h of holding) expect(h.count).toBeLessThan(largest.count);
    console.log(`the cluster of ${largest.count} split after ${clicks} clicks into ${JSON.stringify(holding)}`);
    expect(total(after)).toBe((await apiFeatures(box)).sites.length);
    // A shorter distance on the scale bar at a closer zoom.
    const scaleAfter = (await page.locator(".maplibregl-ctrl-scale").textContent())!;
    expect(scaleAfter).toMatch(/^\d+\s?k?m$/);
    expect(scaleAfter).not.toBe(scaleBefore);
    await page.getByRole("button", { name: "Zoom out" }).waitFor();
    console.log(`zoomed screenshot: ${await screenshot(page, "map-clusters-zoomed")}`);

    // Full screen keeps the search box and the layer toggles.
    await page.getByRole("button", { name: "Enter fullscreen" }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.className ?? null)).toMatch(/map-wrap/);
    expect(await page.locator("#map-search").isVisible()).toBe(true);
    expect(await page.locator(".layer-toggles").isVisible()).toBe(true);
    await idle();
    console.log(`fullscreen screenshot: ${await screenshot(page, "map-clusters-fullscreen")}`);
    await page.getByRole("button", { name: "Exit fullscreen" }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
  }, 240_000);
});

describe("the layer toggles", () => {
  it("offers, needs and my matches hide and show exactly their features", async () => {
    // Two needs 2 km from the dairy's first offer: the public brewery's and the confidential greenhouse's.
    const offers = await e2e.rest<{ items: { id: string; siteId: string; resourceType: string; quantity: { value: number; unit: string }; quality?: { temperatureC?: number } | null }[] }>(
      "GET",
      `/resource-flows?org=${dairy.orgId}&direction=offer&limit=50`,
      token,
    );
    const offer = offers.items[0]!;
    dairyOffer = offer.id;
    dairySite = await e2e.rest<{ lat: number; lon: number }>("GET", `/sites/${offer.siteId}`, token);
    const temperature = offer.quality?.temperatureC;
    const need = (externalId: string, siteId: string) => ({
      externalId,
      siteId,
      direction: "need",
      resourceType: offer.resourceType,
      quantity: { value: offer.quantity.value, unit: offer.quantity.unit },
      precision: "measured",
      ...(temperature === undefined ? {} : { quality: { temperatureC: Math.max(5, temperature - 15) } }),
    });
    const br = await login("brewery@turash.local");
    await e2e.rest("POST", "/sites", br, { externalId: BR_SITE, businessId: brewery.orgId, name: "Brewery annex", lat: dairySite.lat - 0.018, lon: dairySite.lon });
    await e2e.rest("POST", "/resource-flows", br, need(BR_NEED, BR_SITE));
    const gh = await login("greenhouse@turash.local");
    await e2e.rest("POST", "/sites", gh, { externalId: GH_SITE, businessId: greenhouse.orgId, name: GH_SITE_NAME, lat: dairySite.lat + 0.018, lon: dairySite.lon });
    await e2e.rest("POST", "/resource-flows", gh, need(GH_NEED, GH_SITE));
    const brMatch = testMatchId(dairyOffer, BR_NEED);
    const ghMatch = testMatchId(dairyOffer, GH_NEED);
    const counterparts = await vi.waitFor(
      async () => {
        const { matches } = await e2e.rest<{ matches: { id: string; counterpart: { kind: string } }[] }>("GET", `/resource-flows/${dairyOffer}/matches`, token);
        const kinds = Object.fromEntries(matches.filter((m) => m.id === brMatch || m.id === ghMatch).map((m) => [m.id, m.counterpart.kind]));
        if (Object.keys(kinds).length < 2) throw new Error(`not matched yet: ${JSON.stringify(kinds)}`);
        return kinds;
      },
      { timeout: 45_000, interval: 500 },
    );
    expect(counterparts[ghMatch]).toBe("anonymous");
    expect(counterparts[brMatch]).not.toBe("anonymous");

    // Open the dairy's site and the match with the brewery: its site drawn at the end of the line.
    await page.locator(`.own-sites button[data-site-id="${offer.siteId}"]`).click();
    const option = page.locator(`.match-option[data-match-id="${brMatch}"]`);
    await option.waitFor({ timeout: 30_000 });
    await option.click();
    await page.locator(`.match-detail[data-match-id="${brMatch}"]`).waitFor();
    await expect.poll(async () => (await renderedProperties(page, ["match-line", "match-counterpart"])).length, { timeout: 15_000 }).toBeGreaterThan(1);

    // Back to the country view, every layer on.
    await jumpTo([10.4, 55.9], 6);
    const box = await settledBox();
    const api = await apiFeatures(box);
    const count = (roles: string[]) => ({ sites: api.sites.filter((s) => roles.includes(s.role)).length, cells: api.cells.filter((c) => roles.includes(c.role)).length });
    const roles = new Set(api.sites.map((s) => s.role));
    expect([...roles]).toEqual(expect.arrayContaining(["supplier", "consumer", "both"]));
    const check = async (expected: { sites: number; cells: number }, hiddenRole: string[]) => {
      const seen = async () => {
        const d = await drawn();
        return { drawn: total(d), clusters: d.clusters.length, points: d.points.length, dataSites: await page.locator("#map").getAttribute("data-sites"), bbox: (await page.locator("#map").getAttribute("data-bbox")) === box };
      };
      try {
        await expect.poll(async () => (await seen()).drawn, { timeout: 15_000 }).toBe(expected.sites);
      } catch (e) {
        throw new Error(`${String(e)}; drawn: ${JSON.stringify(await seen())}`);
      }
      expect(Number(await page.locator("#map").getAttribute("data-sites"))).toBe(expected.sites);
      expect(Number(await page.locator("#map").getAttribute("data-cells"))).toBe(expected.cells);
      const cells = await renderedProperties(page, ["cells-dots"]);
      expect(cells.filter((c) => hiddenRole.includes(c.role as string))).toEqual([]);
      expect((await drawn()).points.filter((p) => hiddenRole.includes(p.role))).toEqual([]);
    };
    await check(count(["supplier", "consumer", "both", "none"]), []);

    const offersBox = page.getByRole("checkbox", { name: "Offers" });
    const needsBox = page.getByRole("checkbox", { name: "Needs" });
    const matchesBox = page.getByRole("checkbox", { name: "My matches" });
    // Offers off: suppliers go; sites that also need stay.
    await offersBox.uncheck();
    await check(count(["consumer", "both", "none"]), ["supplier"]);
    console.log(`offers off screenshot: ${await screenshot(page, "map-clusters-offers-off")}`);
    // Needs off too: nothing of either.
    await needsBox.uncheck();
    await check({ sites: 0, cells: 0 }, ["supplier", "consumer", "both", "none"]);
    // Offers back alone: consumers stay hidden.
    await offersBox.check();
    await check(count(["supplier", "both", "none"]), ["consumer"]);
    await needsBox.check();
    await check(count(["supplier", "consumer", "both", "none"]), []);

    // My matches: the open match's line and counterpart, and the live marks.
    await jumpTo([dairySite.lon, dairySite.lat], 11);
    await settledBox();
    await expect.poll(async () => (await renderedProperties(page, ["match-line", "match-counterpart"])).length, { timeout: 15_000 }).toBeGreaterThan(1);
    const sitesShown = (await drawn()).points.length;
    await matchesBox.uncheck();
    await idle();
    expect(await renderedProperties(page, ["match-line", "match-counterpart", "live-marks"])).toEqual([]);
    expect((await drawn()).points.length).toBe(sitesShown);
    console.log(`matches off screenshot: ${await screenshot(page, "map-clusters-matches-off")}`);
    await matchesBox.check();
    await expect.poll(async () => (await renderedProperties(page, ["match-line", "match-counterpart"])).length, { timeout: 10_000 }).toBeGreaterThan(1);
    console.log(`matches on screenshot: ${await screenshot(page, "map-clusters-matches-on")}`);
  }, 240_000);
});

describe("the search box", () => {
  /** Type `q` and wait for the results of exactly that query. */
  const search = async (q: string, p = page, label = "Search places and organizations") => {
    await p.getByRole("searchbox", { name: label }).fill(q);
    const results = p.locator("#map-search-results");
    await expect.poll(() => results.getAttribute("data-query"), { timeout: 10_000 }).toBe(q);
    return results;
  };

  it("finds a town and flies there", async () => {
    const results = await search("Kalundborg");
    const town = results.locator('[data-search-place="Kalundborg"]');
    await town.waitFor({ timeout: 10_000 });
    expect(await town.textContent()).toBe("Kalundborg, DK");
    await town.click();
    await expect
      .poll(() => page.evaluate(() => { const m = (window as unknown as MapWindow).__turashMap; const c = m.getCenter(); return [Math.round(c.lng * 100) / 100, Math.round(c.lat * 100) / 100, m.getZoom() >= 11]; }), { timeout: 10_000 })
      .toEqual([11.09, 55.68, true]);
    await settledBox();
    await expect.poll(async () => (await renderedProperties(page, ["place-labels"])).map((p) => p.name), { timeout: 20_000 }).toContain("Kalundborg");
    console.log(`kalundborg screenshot: ${await screenshot(page, "map-clusters-search-town")}`);
  });

  it("finds a public organization by its name, never the anonymous counterpart", async () => {
    // From Kalundborg, where the last test left the map: the brewery's sites are in Rostock.
    expect(Number(await page.locator("#map").getAttribute("data-sites"))).toBeLessThan(50);
    const results = await search(brewery.orgName);
    const found = results.locator("[data-search-site]");
    await found.first().waitFor({ timeout: 10_000 });
    const texts = await found.allTextContents();
    expect(texts.some((t) => t.includes(brewery.orgName) && t.includes("Brewery annex"))).toBe(true);
    console.log(`organization search screenshot: ${await screenshot(page, "map-clusters-search-org")}`);
    // Chosen, the map flies to it and selects it.
    await found.filter({ hasText: "Brewery annex" }).first().click();
    await expect.poll(async () => (await renderedProperties(page, ["site-selected"])).map((p) => p.name), { timeout: 15_000 }).toEqual(["Brewery annex"]);
    expect(await page.locator("#site-title").textContent()).toBe("Brewery annex");

    // The greenhouse is a counterpart of the dairy (anonymous): on the map only as its cell.
    const greenhouseSites = new Set([GH_SITE, ...region.sites.filter((s) => s.businessId === greenhouse.orgId).map((s) => s.externalId)]);
    for (const q of [greenhouse.orgName, GH_SITE_NAME, suffix]) {
      const r = await search(q);
      const ids = await r.locator("[data-search-site]").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.searchSite!));
      expect(ids.filter((id) => greenhouseSites.has(externalOf(id)))).toEqual([]);
      // Its new site's name is unique: no organization at all answers to it.
      if (q !== greenhouse.orgName) expect(ids).toEqual([]);
      expect((await r.locator("[data-search-site]").allTextContents()).filter((t) => t.includes(GH_SITE_NAME) || t.includes(greenhouse.orgName))).toEqual([]);
      expect(await r.textContent()).toContain("Confidential organizations cannot be found by name.");
    }
    // The api gives the dairy no name or id of the greenhouse's sites either.
    const near = await apiFeatures([dairySite.lon - 0.1, dairySite.lat - 0.1, dairySite.lon + 0.1, dairySite.lat + 0.1].join(","));
    expect(JSON.stringify(near)).not.toContain(GH_SITE_NAME);
    expect(JSON.stringify(near)).not.toContain(greenhouse.orgName);
    expect(near.cells.length).toBeGreaterThan(0);
  }, 60_000);
});

describe("in Danish", () => {
  let browser: Browser;
  afterAll(async () => {
    await browser?.close();
  });

  it("labels the toggles, the legend, the search and the map's controls in Danish, and finds Aalborg", async () => {
    browser = await launchBrowser({ locale: "da-DK" });
    const da = await browser.newPage();
    await da.goto(`${e2e.api.url}/#/login`);
    await da.getByLabel("E-mail").fill("dairy@turash.local");
    await da.getByLabel("Adgangskode").fill(DEMO_PASSWORD);
    await da.getByRole("button", { name: "Log ind" }).click();
    await da.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
    for (const name of ["Tilbud", "Behov", "Mine match"]) expect(await da.getByRole("checkbox", { name }).isChecked()).toBe(true);
    expect(await da.locator(".layer-toggles legend").textContent()).toBe("Vis på kortet");
    expect(await da.locator(".legend summary").textContent()).toBe("Signaturforklaring");
    await da.getByRole("button", { name: "Zoom ind" }).waitFor();
    await da.getByRole("button", { name: "Zoom ud" }).waitFor();
    await da.getByRole("button", { name: "Fuld skærm" }).waitFor();
    await jumpTo([10.4, 55.9], 6, da);
    const box = await settledBox(da);
    const d = await drawn(da);
    expect(d.clusters.length).toBeGreaterThan(1);
    expect(total(d)).toBe((await apiFeatures(box)).sites.length);
    // Needs off: the toggle in Danish hides the consumers.
    await da.getByRole("checkbox", { name: "Behov" }).uncheck();
    await expect.poll(async () => (await drawn(da)).points.filter((p) => p.role === "consumer").length).toBe(0);
    await da.getByRole("checkbox", { name: "Behov" }).check();

    const input = da.getByRole("searchbox", { name: "Søg steder og organisationer" });
    await input.fill("Aalborg");
    const town = da.locator('[data-search-place="Aalborg"]');
    await town.waitFor({ timeout: 10_000 });
    expect(await da.locator("#map-search-results h3").allTextContents()).toContain("Steder");
    await town.click();
    await expect
      .poll(() => da.evaluate(() => { const m = (window as unknown as MapWindow).__turashMap; const c = m.getCenter(); return [Math.round(c.lng * 10) / 10, Math.round(c.lat * 10) / 10]; }), { timeout: 10_000 })
      .toEqual([9.9, 57]);
    await settledBox(da);
    await expect.poll(async () => (await renderedProperties(da, ["place-labels"])).map((p) => p.name), { timeout: 20_000 }).toContain("Aalborg");
    console.log(`danish screenshot: ${await screenshot(da, "map-clusters-danish")}`);
  }, 240_000);
});
