/// <reference lib="dom" />
/**
 * End to end through a real browser: the built client served by a real api (real
 * services, a seeded demo region, the demo accounts), driven with playwright-core in
 * Debian's Chromium. Screenshots land in test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Page } from "playwright-core";
import { startMatchingWorker } from "../../match-service/worker.ts";
import { generateRegion } from "../../seed/generate-region.ts";
import { seedRegion } from "../../ingest/seed-region.ts";
import { DEMO_PASSWORD, demoOrgsOfRegion, ensureDemoAccounts } from "../../ingest/demo-accounts.ts";
import { startTestApi } from "../helpers/api.ts";
import { config, names, openTestStores, resetStores, writeContext } from "../helpers/stores.ts";
import { canvasColours, launchBrowser, screenshot, type Browser } from "./browser.ts";
import { ensureClientBuilt } from "./client-build.ts";

type Stores = Awaited<ReturnType<typeof openTestStores>>;
type Api = Awaited<ReturnType<typeof startTestApi>>;

let stores: Stores;
let api: Api;
let browser: Browser;
let page: Page;
let worker: Awaited<ReturnType<typeof startMatchingWorker>> | undefined;
const consoleErrors: string[] = [];

const region = generateRegion({ sites: 300, seed: 42, idPrefix: `e2e${Date.now().toString(36)}` });
const demoOrgs = demoOrgsOfRegion(region);
const dairyOrg = demoOrgs.find((o) => o.slug === "dairy")!;
const greenhouseOrg = demoOrgs.find((o) => o.slug === "greenhouse")!;

async function rest<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${api.url}/api/v1${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

const login = async (email: string) => (await rest<{ accessToken: string }>("POST", "/auth/login", null, { email, password: DEMO_PASSWORD })).accessToken;

async function logInInBrowser(email: string): Promise<void> {
  await page.goto(`${api.url}/#/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
}

beforeAll(async () => {
  expect(dairyOrg, "the demo region has a dairy").toBeDefined();
  expect(greenhouseOrg, "the demo region has a greenhouse").toBeDefined();
  await ensureClientBuilt();
  stores = await openTestStores();
  await resetStores(stores);
  const report = await seedRegion(writeContext(stores, "e2e-seed"), region, { batchSize: 500 });
  expect(report.rejected).toEqual([]);
  await ensureDemoAccounts(stores.db.knex, demoOrgs);
  // The worker should only see what the tests write, not the seed's few hundred events.
  const jsm = await stores.nats.jetstreamManager();
  await jsm.streams.purge(names.streams.events);
  worker = await startMatchingWorker({ neo4j: stores.neo4j, knex: stores.db.knex, redis: stores.redis, nats: stores.nats, streamPrefix: config.nats.streamPrefix, name: `matching-e2e-${Date.now()}` });
  api = await startTestApi();
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on("pageerror", (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await api?.stop();
  await stores?.close();
});

describe("the map client", () => {
  it("logs in as the dairy and renders land, water and sites (not a blank canvas)", async () => {
    await logInInBrowser("dairy@turash.local");
    expect(await page.locator("#map").getAttribute("data-engine")).toBe("maplibre");
    expect(Number(await page.locator("#map").getAttribute("data-sites"))).toBeGreaterThan(0);
    await page.waitForTimeout(1_500); // let the last frame (clusters, own sites) draw
    const shot = await screenshot(page, "map-dairy");
    const colours = await canvasColours(page, { water: "#cfe3ef", land: "#f4f1ea", supplier: "#d95f02", consumer: "#1f78b4", cluster: "#2b8c8c" });
    console.log(`map screenshot: ${shot}`, colours);
    expect(colours.distinct).toBeGreaterThan(20);
    expect(colours.probes.land! + colours.probes.water!).toBeGreaterThan(colours.width * colours.height * 0.2);
    expect(colours.probes.supplier! + colours.probes.consumer! + colours.probes.cluster!).toBeGreaterThan(20);
    // The api's CSP lets the map run: no violations, no errors while it loaded.
    expect(consoleErrors.filter((e) => /Content Security Policy|WebGL|page error/i.test(e))).toEqual([]);
  });

  it("opens the dairy's site and reads its ranked, explained matches (keyboard)", async () => {
    await page.locator(".own-sites button").first().click();
    await page.locator(".match-option").first().waitFor({ timeout: 60_000 });
    const list = page.getByRole("listbox", { name: "Ranked matches" });
    await page.locator(".match-option").first().focus();
    await list.press("Enter");
    const detail = page.locator(".match-detail");
    await detail.waitFor();
    const reason = (await detail.locator(".factor-reason").first().textContent())?.trim() ?? "";
    expect(reason.length).toBeGreaterThan(5);
    await expect.poll(() => detail.locator(".factor-score").first().textContent()).toMatch(/\d+%/);
    expect(await detail.locator('[data-econ="npv"]').textContent()).toMatch(/€-?[\d.]+[KMB]?/);
    expect(await detail.locator('[data-econ="co2"]').textContent()).toMatch(/t CO₂\/yr/);
    // The counterpart is drawn on the map.
    expect(await page.evaluate(() => (window as unknown as { __turashMap: { queryRenderedFeatures(p?: unknown, o?: unknown): unknown[] } }).__turashMap.queryRenderedFeatures(undefined, { layers: ["match-line"] }).length)).toBeGreaterThan(0);
    console.log(`site panel screenshot: ${await screenshot(page, "site-panel-matches")}`);
    await detail.locator(".factors").scrollIntoViewIfNeeded();
    console.log(`match detail screenshot: ${await screenshot(page, "match-detail")}`);
  });

  it("creates a proposal from a match", async () => {
    const detail = page.locator(".match-detail");
    await detail.getByRole("button", { name: "Propose partnership" }).click();
    await page.getByTestId("proposal-created").waitFor({ timeout: 30_000 });
    const token = await login("dairy@turash.local");
    const proposals = await rest<{ items: { fromOrg: string; status: string }[] }>("GET", "/proposals", token);
    expect(proposals.items.some((p) => p.fromOrg === dairyOrg.orgId && p.status === "pending")).toBe(true);
    await screenshot(page, "proposal-created");
  });

  it("shows a live notification when another organization's new flow matches the dairy", async (ctx) => {
    const probe = await fetch(`${api.url}/socket.io/?EIO=4&transport=polling`);
    if (probe.status === 404) {
      console.warn("realtime server not mounted (GET /socket.io → 404): skipping the live test");
      ctx.skip();
    }
    await page.locator('body[data-live="connected"]').waitFor({ timeout: 20_000 });
    const dairyToken = await login("dairy@turash.local");
    const offers = await rest<{ items: { id: string; siteId: string; resourceType: string; quantity: { value: number; unit: string }; quality?: { temperatureC?: number } | null }[] }>(
      "GET",
      `/resource-flows?org=${dairyOrg.orgId}&direction=offer&limit=50`,
      dairyToken,
    );
    const offer = offers.items[0]!;
    const site = await rest<{ lat: number; lon: number }>("GET", `/sites/${offer.siteId}`, dairyToken);

    // The greenhouse writes a site 2 km away and a need for exactly what the dairy offers.
    const gh = await login("greenhouse@turash.local");
    const suffix = Date.now().toString(36);
    await rest("POST", "/sites", gh, { externalId: `e2e-gh-site-${suffix}`, businessId: greenhouseOrg.orgId, name: "Greenhouse annex", lat: site.lat + 0.018, lon: site.lon });
    const temperature = offer.quality?.temperatureC;
    await rest("POST", "/resource-flows", gh, {
      externalId: `e2e-gh-need-${suffix}`,
      siteId: `e2e-gh-site-${suffix}`,
      direction: "need",
      resourceType: offer.resourceType,
      quantity: { value: offer.quantity.value, unit: offer.quantity.unit },
      precision: "measured",
      ...(temperature === undefined ? {} : { quality: { temperatureC: Math.max(5, temperature - 15) } }),
    });
    const toast = page.getByTestId("toast").filter({ hasText: "New match" });
    await toast.first().waitFor({ timeout: 45_000 });
    await page.waitForTimeout(1_000);
    // One toast per match, and the match marked on the map.
    const ids = await toast.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.matchId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Number(await page.locator("#map").getAttribute("data-live-marks"))).toBeGreaterThan(0);
    console.log(`live toast screenshot: ${await screenshot(page, "live-match-toast")}`);
  });

  it("manages the organization: validation errors on the fields, then a new site and flow", async () => {
    await page.goto(`${api.url}/#/org`);
    await page.locator("#sites-h").waitFor({ timeout: 30_000 });
    const siteRows = await page.locator("tr[data-site-id]").count();
    const siteForm = page.locator("form", { has: page.locator("#site-form-title") });
    await page.getByLabel("Latitude (°)").fill("north");
    await siteForm.getByRole("button", { name: "Create site" }).click();
    await expect.poll(() => siteForm.locator('[data-error-for="name"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await siteForm.locator('[data-error-for="lat"]').count()).toBe(1);
    expect(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "org-validation-errors");

    await page.getByLabel("Name", { exact: true }).fill("E2E annex");
    await page.getByLabel("Latitude (°)").fill("53.56");
    await page.getByLabel("Longitude (°)").fill("9.98");
    await siteForm.getByRole("button", { name: "Create site" }).click();
    await expect.poll(() => page.locator("tr[data-site-id]").count(), { timeout: 15_000 }).toBe(siteRows + 1);

    const flowRows = await page.locator("tr[data-flow-id]").count();
    const flowForm = page.locator("form", { has: page.locator("#flow-form-title") });
    await flowForm.getByLabel("Site").selectOption({ label: "E2E annex" });
    await flowForm.getByLabel("Direction").selectOption("need");
    await flowForm.getByLabel("Quantity").fill("-5");
    await flowForm.getByRole("button", { name: "Create flow" }).click();
    await expect.poll(() => flowForm.locator('[data-error-for="quantity.value"]').count(), { timeout: 10_000 }).toBe(1);
    await flowForm.getByLabel("Quantity").fill("1200");
    await flowForm.getByRole("button", { name: "Create flow" }).click();
    await expect.poll(() => page.locator("tr[data-flow-id]").count(), { timeout: 15_000 }).toBe(flowRows + 1);
    expect(await page.locator("#proposals-h").textContent()).toMatch(/Proposals \([1-9]/);
    console.log(`org page screenshot: ${await screenshot(page, "org-page")}`);
  });

  it("the facilitator's workbench shows the queue and claims a match", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await logInInBrowser("facilitator@turash.local");
    await page.goto(`${api.url}/#/workbench`);
    await page.locator("#queue-h").waitFor({ timeout: 30_000 });
    const token = await login("facilitator@turash.local");
    const queue = await rest<{ items: { matchId: string }[] }>("GET", "/facilitator/queue?status=open", token);
    if (queue.items.length === 0) {
      await page.getByText("Nothing in the queue.").waitFor();
    } else {
      const id = queue.items[0]!.matchId;
      await page.locator(`.queue-item[data-match-id="${id}"]`).getByRole("button", { name: "Claim" }).click();
      await page.locator("#queue-status").selectOption("all");
      await expect.poll(() => page.locator(`.queue-item[data-match-id="${id}"]`).textContent(), { timeout: 15_000 }).toMatch(/claimed by you/);
    }
    // The dairy's proposal is there with its next steps.
    await page.locator("#wb-proposals [data-proposal-id]").first().waitFor({ timeout: 15_000 });
    console.log(`workbench screenshot: ${await screenshot(page, "workbench")}`);
  });

  it("a facilitator takes a queued match to an accepted proposal", async () => {
    // A match the router sends to a facilitator: both sides rough data and 4 km apart on
    // a 5 km heat radius (3 complexity points, see matching/router.ts).
    const dairyToken = await login("dairy@turash.local");
    const ghToken = await login("greenhouse@turash.local");
    const suffix = Date.now().toString(36);
    const [lat, lon] = [53.9, 10.6];
    await rest("POST", "/sites", dairyToken, { externalId: `e2e-fq-d-${suffix}`, businessId: dairyOrg.orgId, name: "Dairy outpost", lat, lon });
    await rest("POST", "/resource-flows", dairyToken, {
      externalId: `e2e-fq-heat-${suffix}`, siteId: `e2e-fq-d-${suffix}`, direction: "offer", resourceType: "waste_heat_low",
      quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 55 }, precision: "rough",
    });
    await rest("POST", "/sites", ghToken, { externalId: `e2e-fq-g-${suffix}`, businessId: greenhouseOrg.orgId, name: "Greenhouse outpost", lat: lat + 0.036, lon });
    await rest("POST", "/resource-flows", ghToken, {
      externalId: `e2e-fq-need-${suffix}`, siteId: `e2e-fq-g-${suffix}`, direction: "need", resourceType: "process_heat",
      quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 40 }, precision: "rough",
    });
    // The offer's cached result is dropped once the worker has processed the need's
    // flows.changed (counterpart invalidation is asynchronous), so wait for the match.
    const match = await vi.waitFor(
      async () => {
        const result = await rest<{ matches: { id: string; route: { decision: string }; counterpart: { flowId: string } }[] }>(
          "GET", `/resource-flows/e2e-fq-heat-${suffix}/matches`, dairyToken,
        );
        const found = result.matches.find((m) => m.counterpart.flowId === `e2e-fq-need-${suffix}`);
        if (!found) throw new Error(`not matched yet: ${JSON.stringify(result.matches.map((m) => m.counterpart.flowId))}`);
        return found;
      },
      { timeout: 30_000, interval: 500 },
    );
    expect(match!.route.decision).toBe("facilitator");

    // In the workbench (the previous test left the facilitator logged in): claim, propose, accept.
    await page.goto(`${api.url}/#/workbench`);
    await page.locator("#queue-h").waitFor({ timeout: 30_000 });
    await page.locator("#queue-status").selectOption("all");
    const item = page.locator(`.queue-item[data-match-id="${match!.id}"]`);
    await item.waitFor({ timeout: 30_000 });
    await item.getByRole("button", { name: "Claim" }).click();
    await expect.poll(() => item.textContent(), { timeout: 15_000 }).toMatch(/claimed by you/);
    await item.getByRole("button", { name: "Propose…" }).click();
    await page.getByRole("button", { name: "Create proposal" }).click();

    const facilitator = await login("facilitator@turash.local");
    const proposalId = await vi.waitFor(
      async () => {
        const pending = await rest<{ items: { id: string; matchId: string | null }[] }>("GET", "/proposals?status=pending&limit=500", facilitator);
        const created = pending.items.find((p) => p.matchId === match!.id);
        if (!created) throw new Error("the proposal is not there yet");
        return created.id;
      },
      { timeout: 15_000, interval: 250 },
    );
    const row = page.locator(`#wb-proposals [data-proposal-id="${proposalId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.locator('[data-action="status:accepted"]').click();
    await expect.poll(async () => (await rest<{ status: string }>("GET", `/proposals/${proposalId}`, facilitator)).status, { timeout: 15_000 }).toBe("accepted");
    await expect.poll(() => page.locator(`#wb-proposals [data-proposal-id="${proposalId}"]`).textContent(), { timeout: 15_000 }).toMatch(/accepted/);
    console.log(`facilitator accepted screenshot: ${await screenshot(page, "workbench-accepted")}`);
  });
});
