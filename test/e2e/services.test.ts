/// <reference lib="dom" />
/**
 * The services projection as people meet it (issue 14, Deliver 5): a provider organization
 * lists a facilitation service for Kalundborg Vest and an engineering service for Sjælland;
 * a facilitated match there reaches the facilitator, who sees it first in the workbench —
 * in their own queue, above the shared one — with the reason on the card; and the
 * marketplace page lists the region's providers by resource type with their free slots.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { testMatchId as matchId } from "../helpers/config.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { aUserWithRole, type TestUser } from "../helpers/http.ts";
import { clearRegions, loadMunicipalities, loadZealand } from "../regions/fixtures.ts";
import { screenshot } from "./browser.ts";
import { logIn, startE2e, type E2e } from "./harness.ts";

let e2e: E2e;
let fiona: TestUser, pia: TestUser, sam: TestUser, cleo: TestUser;
const token: Record<string, string> = {};
let page: Page;
const pageErrors: string[] = [];
let supplier: string, consumer: string, provider: string;
let sharedMatch: string, routedMatch: string;
// A flow's last persisted result is fingerprinted in Redis, which outlives a run: ids of this run.
const RUN = Date.now().toString(36);

const login = async (u: TestUser) => (await e2e.rest<{ accessToken: string }>("POST", "/auth/login", null, { email: u.email, password: u.password })).accessToken;

/** A small rough heat offer and a large rough need side by side: a match for a facilitator, stored (and routed) by computing it. */
async function facilitatedPair(name: string, lat: number, lon: number): Promise<string> {
  const tag = `${name}-${RUN}`;
  await e2e.rest("POST", "/sites", token.sam!, aSite(supplier, { externalId: `e2e-svc-s-${tag}`, lat, lon }));
  await e2e.rest("POST", "/sites", token.cleo!, aSite(consumer, { externalId: `e2e-svc-d-${tag}`, lat: lat + 0.0009, lon }));
  const need = `e2e-svc-need-${tag}`;
  const offer = `e2e-svc-offer-${tag}`;
  await e2e.rest("POST", "/resource-flows", token.cleo!, aFlow(`e2e-svc-d-${tag}`, { externalId: need, direction: "need", resourceType: "waste_heat_low", quantity: { value: 4000, unit: "MWh/yr" }, quality: { temperatureC: 45 }, precision: "rough" }));
  await e2e.rest("POST", "/resource-flows", token.sam!, aFlow(`e2e-svc-s-${tag}`, { externalId: offer, direction: "offer", resourceType: "waste_heat_low", quantity: { value: 600, unit: "MWh/yr" }, quality: { temperatureC: 70 }, precision: "rough" }));
  const res = await e2e.rest<{ matches: { id: string; route: { decision: string } }[] }>("GET", `/resource-flows/${offer}/matches`, token.sam!);
  const id = matchId(offer, need);
  expect(res.matches.find((m) => m.id === id)?.route.decision).toBe("facilitator");
  return id;
}

beforeAll(async () => {
  e2e = await startE2e("e2e-services", async (stores) => {
    await clearRegions(stores.db.knex);
    await loadMunicipalities(stores.db.knex);
    await loadZealand(stores.db.knex);
  });
  const knex = e2e.stores.db.knex;
  fiona = await aUserWithRole(knex, "facilitator", [], "fiona");
  [pia, sam, cleo] = await Promise.all([aUserWithRole(knex, "org_admin", [], "pia"), aUserWithRole(knex, "org_admin", [], "sam"), aUserWithRole(knex, "org_admin", [], "cleo")]);
  for (const [k, u] of Object.entries({ fiona, pia, sam, cleo })) token[k] = await login(u);
  supplier = aBusiness({ name: "Vest Foundry A/S" }).externalId;
  await e2e.rest("POST", "/organizations", token.sam!, { ...aBusiness({ name: "Vest Foundry A/S" }), externalId: supplier });
  consumer = aBusiness({ name: "Vest Greenhouse ApS" }).externalId;
  await e2e.rest("POST", "/organizations", token.cleo!, { ...aBusiness({ name: "Vest Greenhouse ApS" }), externalId: consumer });
  provider = aBusiness({ name: "Symbiosis Services ApS" }).externalId;
  await e2e.rest("POST", "/organizations", token.pia!, { ...aBusiness({ name: "Symbiosis Services ApS" }), externalId: provider });
  // Before any service is listed: this one stays in the shared queue.
  // On Kalundborg Vest's island, 22 km away: too far for the other pair's flows to match these, even relaxed.
  sharedMatch = await facilitatedPair("shared", 55.88, 11.14);
  await e2e.rest("POST", `/organizations/${provider}/services`, token.pia!, { name: "Vest Facilitation", kind: "facilitation", regions: ["9901"], expertise: ["waste_heat_low"], capacity: 5, facilitatorId: fiona.id });
  await e2e.rest("POST", `/organizations/${provider}/services`, token.pia!, { name: "Heat Engineering", kind: "engineering", description: "Heat exchangers and district-heating connections.", regions: ["DK02"], expertise: ["waste_heat_low", "steam"], capacity: 3 });
  routedMatch = await facilitatedPair("routed", 55.68, 11.09);
  page = await e2e.browser.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 240_000);

afterAll(async () => {
  if (e2e) await clearRegions(e2e.stores.db.knex);
  await e2e?.close();
});

describe("facilitator routing and the marketplace in the browser", () => {
  it("shows the facilitator the match routed to them first, with the reason, then the shared queue with its reason", async () => {
    await logIn(page, e2e.api.url, fiona.email, fiona.password);
    await page.goto(`${e2e.api.url}/#/workbench`);
    await page.locator("#queue .queue-item").first().waitFor({ timeout: 30_000 });
    const first = page.locator("#queue .queue-item").first();
    expect(await first.getAttribute("data-match-id")).toBe(routedMatch);
    expect(await page.locator("#queue-mine-h").innerText()).toBe("Your queue (1)");
    expect(await first.locator(".routed-to").innerText()).toBe("Routed to you (Vest Facilitation): Kalundborg Vest region, Low-grade waste heat (< 90 °C) expertise, 5 of 5 slots free");
    // The router's own reason stays on every card, too.
    expect(await first.locator(".routed").innerText()).toMatch(/^Routed because: .+/);
    const shared = page.locator(`#queue-shared .queue-item[data-match-id="${sharedMatch}"]`);
    expect(await shared.locator(".routed-to").innerText()).toBe("Shared queue: no facilitator serves Kalundborg Vest");
    // The selected match (the first) says it in full as well.
    expect(await page.locator("#wb-detail .routed-to").innerText()).toContain("Routed to you (Vest Facilitation)");
    console.log(`workbench routed screenshot: ${await screenshot(page, "services-workbench-routed")}`);
  }, 180_000); // a guard against hangs on a loaded machine (logging in waits for the map), not a speed assert

  it("lists a region's providers by resource type with expertise and free capacity on the marketplace page", async () => {
    await page.getByRole("link", { name: "Marketplace" }).click();
    await page.locator("#mp-region").waitFor();
    await page.locator("#mp-region").selectOption("9901");
    await page.locator("#mp-region-h").waitFor();
    expect(await page.locator("#mp-region-h").innerText()).toBe("Kalundborg Vest · 2 providers");
    expect(page.url()).toContain("#/marketplace?region=9901");
    const heat = page.locator('.mp-type[data-resource-type="waste_heat_low"]');
    expect(await heat.locator(".provider h4").allInnerTexts()).toEqual(["Vest Facilitation Facilitation", "Heat Engineering Engineering"]);
    // The facilitation service took the routed match: 4 of its 5 slots are free.
    expect(await heat.locator(".provider .capacity").allInnerTexts()).toEqual(["4 of 5 slots free", "3 of 3 slots free"]);
    expect(await heat.locator(".provider").first().innerText()).toContain("by Symbiosis Services ApS");
    expect(await page.locator('.mp-type[data-resource-type="steam"] .provider h4').allInnerTexts()).toEqual(["Heat Engineering Engineering"]);
    console.log(`marketplace screenshot: ${await screenshot(page, "services-marketplace")}`);
    // Any logged-in user sees it: the greenhouse's administrator too, from a link.
    const other = await e2e.browser.newPage();
    await logIn(other, e2e.api.url, cleo.email, cleo.password);
    await other.goto(`${e2e.api.url}/#/marketplace?region=9901&resource_type=steam`);
    await other.locator("#mp-region-h").waitFor();
    expect(await other.locator(".provider h4").allInnerTexts()).toEqual(["Heat Engineering Engineering"]);
    await other.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
