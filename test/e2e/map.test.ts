/// <reference lib="dom" />
/**
 * End to end through a real browser: the built client served by a real api (real
 * services, a seeded demo region, the demo accounts), driven with playwright-core in
 * Debian's Chromium. Screenshots land in test-artifacts/.
 *
 * The seeded organizations are confidential (the default): each sees the others only as
 * anonymous listings and H3 cells until both parties of a match said interested
 * (disclosure.test.ts follows two of them through the reveal).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Page } from "playwright-core";
import { generateRegion } from "../../seed/generate-region.ts";
import { seedRegion } from "../../ingest/seed-region.ts";
import { DEMO_PASSWORD, demoOrgsOfRegion, ensureDemoAccounts } from "../../seed/demo-accounts.ts";
import { testMatchId } from "../helpers/config.ts";
import { writeContext } from "../helpers/stores.ts";
import { canvasColours, screenshot, watchPage } from "./browser.ts";
import { logIn, renderedProperties as drawn, startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let api: E2e["api"];
let page: Page;
let watched: ReturnType<typeof watchPage> | undefined;
// The facilitator's steps failed once inside the full suite only ("Log out" never clickable
// after the organization page): a failed step prints what the page said and shows.
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== "fail" || !page || !watched) return;
  console.log(`[e2e map] ${ctx.task.name} failed; the page:\n${await watched.report()}\nscreenshot: ${await screenshot(page, "map-failure").catch(() => "(none)")}`);
});
const consoleErrors: string[] = [];

const region = generateRegion({ sites: 300, seed: 42, idPrefix: `e2e${Date.now().toString(36)}` });
const demoOrgs = demoOrgsOfRegion(region);
const dairyOrg = demoOrgs.find((o) => o.slug === "dairy")!;
const greenhouseOrg = demoOrgs.find((o) => o.slug === "greenhouse")!;

const rest = <T>(method: string, path: string, token: string | null, body?: unknown) => e2e.rest<T>(method, path, token, body);
const login = async (email: string) => (await rest<{ accessToken: string }>("POST", "/auth/login", null, { email, password: DEMO_PASSWORD })).accessToken;
const logInInBrowser = (email: string) => logIn(page, api.url, email, DEMO_PASSWORD);
const renderedProperties = (layers: string[]) => drawn(page, layers);

beforeAll(async () => {
  expect(dairyOrg, "the demo region has a dairy").toBeDefined();
  expect(greenhouseOrg, "the demo region has a greenhouse").toBeDefined();
  e2e = await startE2e("e2e-map", async (stores) => {
    const report = await seedRegion(writeContext(stores, "e2e-seed"), region, { batchSize: 500 });
    expect(report.rejected).toEqual([]);
    await ensureDemoAccounts(stores.db.knex, demoOrgs);
  });
  api = e2e.api;
  page = await e2e.browser.newPage();
  watched = watchPage(page);
  page.on("pageerror", (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
}, 300_000);

afterAll(async () => {
  await e2e?.close();
});

describe("the map client", () => {
  it("logs in as the dairy and renders land, water and sites (not a blank canvas)", async () => {
    await logInInBrowser("dairy@turash.local");
    expect(await page.locator("#map").getAttribute("data-engine")).toBe("maplibre");
    expect(Number(await page.locator("#map").getAttribute("data-sites"))).toBeGreaterThan(0);
    // Let the last frame (outlines, clusters, own sites) draw: a repaint, then the map's "idle".
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const m = (window as unknown as { __turashMap: { once(e: string, f: () => void): void; triggerRepaint(): void } }).__turashMap;
          m.once("idle", () => resolve());
          m.triggerRepaint();
        }),
    );
    const shot = await screenshot(page, "map-dairy");
    const colours = await canvasColours(page, { water: "#cfe3ef", land: "#f4f1ea", supplier: "#d95f02", consumer: "#1f78b4", both: "#7b3294", cluster: "#2b8c8c" });
    console.log(`map screenshot: ${shot}`, colours);
    expect(colours.distinct).toBeGreaterThan(20);
    expect(colours.probes.land! + colours.probes.water!).toBeGreaterThan(colours.width * colours.height * 0.2);
    expect(colours.probes.supplier! + colours.probes.consumer! + colours.probes.both! + colours.probes.cluster!).toBeGreaterThan(20);
    // The other organizations are confidential: drawn only as cells, with no names.
    expect(Number(await page.locator("#map").getAttribute("data-cells"))).toBeGreaterThan(0);
    const cells = await renderedProperties(["cells-dots", "cells-outline"]);
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((p) => p.kind === "cell" && typeof p.cell === "string" && p.name === undefined)).toBe(true);
    const named = await renderedProperties(["sites"]);
    expect(named.every((p) => p.own === true)).toBe(true);
    expect(await page.locator("#map-status").textContent()).toMatch(/confidential sites in \d+ areas/);
    // The api's CSP lets the map run: no violations, no errors while it loaded.
    expect(consoleErrors.filter((e) => /Content Security Policy|WebGL|page error/i.test(e))).toEqual([]);
  });

  it("opens the dairy's site and reads its ranked, explained matches as anonymous listings (keyboard)", async () => {
    await page.locator(".own-sites button").first().click();
    await page.locator(".match-option").first().waitFor({ timeout: 60_000 });
    // Each counterpart is a listing: no name, quantity and distance as bands.
    const first = page.locator(".match-option").first();
    expect(await first.getAttribute("data-counterpart")).toBe("anonymous");
    expect(await first.locator(".who").textContent()).toMatch(/^Anonymous/);
    expect(await first.locator(".what").textContent()).toMatch(/^(offers|needs) .+ · [\d,.]+–[\d,.]+ \S+/);
    expect(await first.locator(".dist").textContent()).toMatch(/km$/);
    const list = page.getByRole("listbox", { name: "Ranked matches" });
    await page.locator(".match-option").first().focus();
    await list.press("Enter");
    const detail = page.locator(".match-detail");
    await detail.waitFor();
    expect(await detail.locator(".counterpart-name").textContent()).toMatch(/^Anonymous counterpart — \d+%/);
    expect(await detail.locator(".disclosure").getAttribute("data-disclosure")).toBe("anonymous");
    await detail.getByRole("button", { name: "Interested", exact: true }).waitFor();
    await detail.getByRole("button", { name: "Not interested" }).waitFor();
    expect(await detail.locator(".economics[data-banded]").count()).toBe(1);
    const reason = (await detail.locator(".factor-reason").first().textContent())?.trim() ?? "";
    expect(reason.length).toBeGreaterThan(5);
    await expect.poll(() => detail.locator(".factor-score").first().textContent()).toMatch(/\d+%/);
    // Economics as bands (no exact price or value from which a price follows).
    expect(await detail.locator('[data-econ="npv"]').textContent()).toMatch(/^(over )?€-?[\d.]+[KMB]?(–€-?[\d.]+[KMB]?)?$/);
    expect(await detail.locator('[data-econ="savings"]').textContent()).toMatch(/€-?[\d.]+[KMB]?–€-?[\d.]+[KMB]?|€0|over/);
    expect(await detail.locator('[data-econ="co2"]').textContent()).toMatch(/t CO₂\/yr/);
    // Its share of the supply, once every need that wants it is served.
    expect(await detail.locator(".allocation").textContent()).toMatch(/^Share of the supply: (No other need competes|.+ \d+ % of what this match could use)/);
    // An anonymous counterpart's site is not drawn: only its distance band is known.
    expect((await renderedProperties(["match-line", "match-counterpart"])).length).toBe(0);
    console.log(`site panel screenshot: ${await screenshot(page, "site-panel-matches")}`);
    await detail.locator(".factors").scrollIntoViewIfNeeded();
    console.log(`match detail screenshot: ${await screenshot(page, "match-detail")}`);
  });

  it("creates a proposal from a match", async () => {
    const detail = page.locator(".match-detail");
    await detail.getByRole("button", { name: "Propose partnership" }).click();
    await page.getByTestId("proposal-created").waitFor({ timeout: 30_000 });
    const token = await login("dairy@turash.local");
    const proposals = await rest<{ items: { fromOrg: string | null; toOrg: string | null; counterpart: string; status: string }[] }>("GET", "/proposals", token);
    // Sent from the dairy, to a counterpart it still does not know.
    expect(proposals.items.some((p) => p.fromOrg === dairyOrg.orgId && p.toOrg === null && p.counterpart === "anonymous" && p.status === "pending")).toBe(true);
    // Proposing was the dairy's "interested": the match now waits for the other party.
    await expect.poll(() => page.locator(".match-detail .disclosure").getAttribute("data-disclosure"), { timeout: 15_000 }).toBe("waiting");
    expect(await page.locator(".match-detail .disclosure").textContent()).toContain("waiting for the other party");
    await screenshot(page, "proposal-created");
  });

  it("declines another match: it says so, and the pair does not come back", async () => {
    const second = page.locator(".match-option").nth(1);
    const id = await second.getAttribute("data-match-id");
    await second.click();
    const detail = page.locator(`.match-detail[data-match-id="${id}"]`);
    await detail.getByRole("button", { name: "Not interested" }).click();
    await expect.poll(() => detail.locator(".disclosure").getAttribute("data-disclosure"), { timeout: 15_000 }).toBe("declined");
    expect(await detail.locator(".disclosure").textContent()).toContain("you said not interested");
    // No proposing a declined match.
    await expect.poll(() => detail.getByRole("button", { name: "Propose partnership" }).count(), { timeout: 15_000 }).toBe(0);
    // The list may re-render under a live update meanwhile: ask until the option shows it.
    const badge = () => page.locator(`.match-option[data-match-id="${id}"] .badge`).first().textContent({ timeout: 2_000 }).catch(() => null);
    await expect.poll(badge, { timeout: 20_000 }).toBe("declined");
    const token = await login("dairy@turash.local");
    expect(await rest<{ disclosure: { state: string; yourDecision: string } }>("GET", `/matches/${id}`, token)).toMatchObject({ disclosure: { state: "declined", yourDecision: "rejected" } });
  });

  it("shows a live notification when another organization's new flow matches the dairy", async () => {
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
    // The proposal made from the dairy's first match: to its counterpart, supplier or consumer.
    await expect.poll(() => page.locator("[data-proposal-id] .proposal-parties").allTextContents()).toContainEqual(expect.stringMatching(/^To an anonymous (supplier|consumer)$/));
    // The next step is said, in the present tense, and no id stands for the counterpart.
    expect(await page.locator("[data-proposal-id] .next-step").allTextContents()).toContainEqual(
      expect.stringMatching(/^Next step: Waiting for an anonymous (supplier|consumer) to accept or reject; you may withdraw the proposal until then\.$/),
    );
    expect(await page.locator('[data-proposal-id] [data-action="status:withdrawn"]').allTextContents()).toContain("Withdraw");
    // The proposer is not offered the receiver's steps.
    expect(await page.locator('[data-proposal-id] [data-action="status:accepted"]').count()).toBe(0);
    // Visibility and mandates: the dairy's administrator sees the choice and the (empty) mandates.
    expect(await page.locator("#org-disclosure").getAttribute("data-disclosure")).toBe("confidential");
    await page.getByRole("button", { name: "Save visibility" }).waitFor();
    await page.locator("#no-mandates").waitFor();
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
      // The first card the workbench shows (its own order and paging), which the queue holds.
      const first = page.locator(".queue-item[data-match-id]").first();
      await first.waitFor({ timeout: 15_000 });
      const id = (await first.getAttribute("data-match-id"))!;
      expect(queue.items.map((i) => i.matchId)).toContain(id);
      await page.locator(`.queue-item[data-match-id="${id}"]`).getByRole("button", { name: "Claim" }).click();
      await page.locator("#queue-status").selectOption("all");
      await expect.poll(() => page.locator(`.queue-item[data-match-id="${id}"]`).textContent(), { timeout: 15_000 }).toMatch(/claimed by you/);
    }
    // The dairy's proposal is there with its next steps.
    await page.locator("#wb-proposals [data-proposal-id]").first().waitFor({ timeout: 15_000 });
    console.log(`workbench screenshot: ${await screenshot(page, "workbench")}`);
  });

  it("a facilitator needs the parties' mandates: told so without them, then takes a queued match to an accepted proposal", async () => {
    // A match the router sends to a facilitator: both sides rough data and 4 km apart on
    // a 5 km heat radius (3 complexity points, see matching/router.ts).
    const dairyToken = await login("dairy@turash.local");
    const ghToken = await login("greenhouse@turash.local");
    const suffix = Date.now().toString(36);
    const [lat, lon] = [53.9, 10.6];
    const heat = `e2e-fq-heat-${suffix}`;
    const need = `e2e-fq-need-${suffix}`;
    await rest("POST", "/sites", dairyToken, { externalId: `e2e-fq-d-${suffix}`, businessId: dairyOrg.orgId, name: "Dairy outpost", lat, lon });
    await rest("POST", "/resource-flows", dairyToken, {
      externalId: heat, siteId: `e2e-fq-d-${suffix}`, direction: "offer", resourceType: "waste_heat_low",
      quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 55 }, precision: "rough",
    });
    await rest("POST", "/sites", ghToken, { externalId: `e2e-fq-g-${suffix}`, businessId: greenhouseOrg.orgId, name: "Greenhouse outpost", lat: lat + 0.036, lon });
    await rest("POST", "/resource-flows", ghToken, {
      externalId: need, siteId: `e2e-fq-g-${suffix}`, direction: "need", resourceType: "process_heat",
      quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 40 }, precision: "rough",
    });
    // Match ids are opaque; the test knows both flows, the dairy only its own.
    const matchId = testMatchId(heat, need);
    // The offer's cached result is dropped once the worker has processed the need's
    // flows.changed (counterpart invalidation is asynchronous), so wait for the match.
    const match = await vi.waitFor(
      async () => {
        const result = await rest<{ matches: { id: string; route: { decision: string }; counterpart: { kind: string } }[] }>("GET", `/resource-flows/${heat}/matches`, dairyToken);
        const found = result.matches.find((m) => m.id === matchId);
        if (!found) throw new Error(`not matched yet: ${JSON.stringify(result.matches.map((m) => m.id))}`);
        return found;
      },
      { timeout: 30_000, interval: 500 },
    );
    expect(match.route.decision).toBe("facilitator");
    expect(match.counterpart.kind).toBe("anonymous");

    // In the workbench (the previous test left the facilitator logged in): claim it; without
    // a mandate the workbench says what proposing needs instead of offering it.
    await page.goto(`${api.url}/#/workbench`);
    await page.locator("#queue-h").waitFor({ timeout: 30_000 });
    expect(await page.locator("#wb-mandates").textContent()).toMatch(/no mandates/i);
    await page.locator("#queue-status").selectOption("all");
    // The match just queued: newest first, as a facilitator looking for it would sort.
    await page.locator("#wb-sort").selectOption("newest");
    const item = page.locator(`.queue-item[data-match-id="${matchId}"]`);
    await item.waitFor({ timeout: 30_000 });
    // The facilitator's role sees identities.
    expect(await item.textContent()).toContain(`${dairyOrg.orgName} → ${greenhouseOrg.orgName}`);
    await item.getByRole("button", { name: "Claim" }).click();
    await expect.poll(() => item.textContent(), { timeout: 15_000 }).toMatch(/claimed by you/);
    await item.getByRole("button", { name: "Propose…" }).click();
    const needs = page.locator('#wb-detail [data-needs-mandate="proposals"]');
    await needs.waitFor({ timeout: 10_000 });
    expect(await needs.textContent()).toContain(`“proposals” mandate from ${dairyOrg.orgName} or ${greenhouseOrg.orgName}`);
    expect(await page.getByRole("button", { name: "Create proposal" }).count()).toBe(0);

    // Both organizations' administrators grant mandates (over the API, as their setup).
    const facilitatorId = (await rest<{ items: { id: string; displayName: string | null }[] }>("GET", "/facilitators", dairyToken)).items.find((f) => f.displayName === "Demo Facilitator")!.id;
    await rest("POST", `/organizations/${dairyOrg.orgId}/mandates`, dairyToken, { facilitatorId, acts: ["proposals"] });
    await rest("POST", `/organizations/${greenhouseOrg.orgId}/mandates`, ghToken, { facilitatorId, acts: ["proposals"] });
    await page.reload();
    await page.locator("#queue-h").waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator("#wb-mandates li").allTextContents()).toEqual(expect.arrayContaining([`${dairyOrg.orgName}: proposals`, `${greenhouseOrg.orgName}: proposals`]));
    await page.locator("#queue-status").selectOption("all");
    await page.locator("#wb-sort").selectOption("newest");
    await item.waitFor({ timeout: 30_000 });
    await item.getByRole("button", { name: "Propose…" }).click();
    await page.getByLabel("On behalf of").selectOption({ label: `${dairyOrg.orgName} (supplier) proposes to ${greenhouseOrg.orgName}` });
    await page.getByRole("button", { name: "Create proposal" }).click();
    await page.locator("#wb-detail .success").waitFor({ timeout: 15_000 });

    const facilitator = await login("facilitator@turash.local");
    const proposalId = await vi.waitFor(
      async () => {
        const pending = await rest<{ items: { id: string; matchId: string | null }[] }>("GET", "/proposals?status=pending&limit=500", facilitator);
        const created = pending.items.find((p) => p.matchId === matchId);
        if (!created) throw new Error("the proposal is not there yet");
        return created.id;
      },
      { timeout: 15_000, interval: 250 },
    );
    const row = page.locator(`#wb-proposals [data-proposal-id="${proposalId}"]`);
    await row.waitFor({ timeout: 15_000 });
    // Accepting is the greenhouse's act; the facilitator holds its mandate.
    await row.locator('[data-action="status:accepted"]').click();
    await expect.poll(async () => (await rest<{ status: string }>("GET", `/proposals/${proposalId}`, facilitator)).status, { timeout: 15_000 }).toBe("accepted");
    await expect.poll(() => page.locator(`#wb-proposals [data-proposal-id="${proposalId}"]`).textContent(), { timeout: 15_000 }).toMatch(/accepted/);
    // Without a deals mandate the deal steps are explained, not offered.
    await expect.poll(() => page.locator(`#wb-proposals [data-proposal-id="${proposalId}"] [data-needs-mandate="deals"]`).count(), { timeout: 15_000 }).toBe(1);
    console.log(`facilitator accepted screenshot: ${await screenshot(page, "workbench-accepted")}`);
  });
});
