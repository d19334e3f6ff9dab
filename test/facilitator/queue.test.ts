/**
 * The facilitator queue on the real services: matches routed to a human, claimed,
 * assigned and released (409 on a double claim, 403 for organization users), every change
 * in the audit log and announced as queue:changed; a facilitator then writes a proposal
 * from the queued match.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testMatchId as matchId } from "../helpers/config.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { startTestApi } from "../helpers/api.ts";
import type { Actor } from "../helpers/http.ts";
import { openTestStores, resetStores } from "../helpers/stores.ts";
import { at } from "../matching/fixtures.ts";
import { closeAll, created, listen, rest, someActors, V1, type Listener, type Rest } from "../realtime/clients.ts";

type Api = Awaited<ReturnType<typeof startTestApi>>;
let stores: Awaited<ReturnType<typeof openTestStores>>;
let api: Api;
// A second api process sharing Redis: queue:changed reaches its sockets through the Redis adapter.
let api2: Api;
let r: Rest;
// Sam's foundry offers a little rough-measured heat; Cleo's greenhouse roughly needs much
// more: a low-coverage, low-precision match the router sends to a facilitator.
let sam: Actor, cleo: Actor, fiona: Actor, frank: Actor, ada: Actor;
let supplier: string, consumer: string, queued: string;
let fionaSocket: Listener, frankOn2: Listener;

const queue = (actor: Actor, query = "") => r.request("get", `${V1}/facilitator/queue${query}`, { token: actor.token });
const act = (actor: Actor, id: string, action: "claim" | "assign" | "release", body?: unknown) =>
  r.request("post", `${V1}/facilitator/queue/${id}/${action}`, { token: actor.token, body });

beforeAll(async () => {
  stores = await openTestStores();
  await resetStores(stores);
  api = await startTestApi();
  r = rest(api.url);
  const knex = stores.db.knex;
  [sam, cleo, fiona, frank, ada] = await someActors(knex, r, [["org_admin", "sam"], ["org_admin", "cleo"], ["facilitator", "fiona"], ["facilitator", "frank"], ["admin", "ada"]]);
  const post = (actor: Actor, path: string, body: { externalId: string }) => created(r, actor, path, body);
  supplier = await post(sam, "organizations", aBusiness({ name: "Queue Foundry A/S" }));
  consumer = await post(cleo, "organizations", aBusiness({ name: "Queue Greenhouse ApS" }));
  const s1 = await post(sam, "sites", aSite(supplier, at(70, 0)));
  const s2 = await post(cleo, "sites", aSite(consumer, at(71, 0)));
  const need = await post(cleo, "resource-flows", aFlow(s2, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 4000, unit: "MWh/yr" }, quality: { temperatureC: 45 }, precision: "rough" }));
  const offer = await post(sam, "resource-flows", aFlow(s1, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 600, unit: "MWh/yr" }, quality: { temperatureC: 70 }, precision: "rough" }));
  // Computing the offer's matches persists them as :Match nodes.
  const res = await r.request("get", `${V1}/resource-flows/${offer}/matches`, { token: sam.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  queued = matchId(offer, need);
  const m = (res.body.matches as { id: string; route: { decision: string; drivers: string[] } }[]).find((x) => x.id === queued);
  expect(m, JSON.stringify(res.body)).toBeDefined();
  expect(m!.route.decision, JSON.stringify(m!.route)).toBe("facilitator");
  fionaSocket = await listen(api.url, { token: fiona.token });
  api2 = await startTestApi();
  frankOn2 = await listen(api2.url, { token: frank.token });
});

afterAll(async () => {
  closeAll();
  await api?.stop();
  await api2?.stop();
  await stores?.close();
});

describe("facilitator queue", () => {
  it("is for facilitators and admins only: 403 for organization users, 401 without a token", async () => {
    expect((await queue(sam)).status).toBe(403);
    expect((await act(cleo, queued, "claim")).status).toBe(403);
    expect((await r.request("get", `${V1}/facilitator/queue`)).status).toBe(401);
    const bad = await queue(fiona, "?status=mine");
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("query.status");
  });

  it("lists the open matches routed to a facilitator with parties, resource types and economics", async () => {
    const res = await queue(fiona);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const item = (res.body.items as any[]).find((i) => i.matchId === queued);
    expect(item).toMatchObject({
      supply: { orgId: supplier, orgName: "Queue Foundry A/S", resourceType: "waste_heat_low" },
      demand: { orgId: consumer, orgName: "Queue Greenhouse ApS", resourceType: "waste_heat_low" },
      claim: null,
    });
    expect(item.score).toBeGreaterThan(0);
    expect(typeof item.economics.annualSavingsEur).toBe("number");
    expect(typeof item.economics.capexEur).toBe("number");
    const page = await queue(ada, "?status=all&limit=1");
    expect(page.body.items).toHaveLength(1);
  });

  it("says on every item why it was routed and where its supply is, and filters by resource type and minimum score", async () => {
    const item = ((await queue(fiona)).body.items as any[]).find((i) => i.matchId === queued);
    expect(item.route.drivers).toEqual(expect.arrayContaining([expect.stringMatching(/rough data/)]));
    expect(item.supplyPlace).toMatchObject({ lat: expect.any(Number), lon: expect.any(Number) });
    const heat = await queue(fiona, "?resource_type=waste_heat_low");
    expect((heat.body.items as any[]).map((i) => i.matchId)).toContain(queued);
    const ash = await queue(fiona, "?resource_type=fly_ash");
    expect(ash.body.items).toEqual([]);
    const tooHigh = await queue(fiona, `?min_score=${Math.min(1, item.score + 0.01).toFixed(3)}`);
    expect((tooHigh.body.items as any[]).map((i) => i.matchId)).not.toContain(queued);
    const bad = await queue(fiona, "?min_score=2");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("query.min_score");
  });

  it("claim → 409 for another facilitator → assign → release, announced as queue:changed and kept in the audit log", async () => {
    const claimed = await act(fiona, queued, "claim");
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body).toMatchObject({ matchId: queued, changed: true, claim: { facilitatorId: fiona.id, claimedBy: fiona.id } });
    expect(await fionaSocket.waitFor("queue:changed", (e) => e.matchId === queued && e.action === "claimed")).toMatchObject({ facilitatorId: fiona.id, previousFacilitatorId: null, by: fiona.id });
    // Frank is connected to the other api process: the claim reaches him through the Redis adapter, once.
    await frankOn2.waitFor("queue:changed", (e) => e.matchId === queued && e.action === "claimed");

    const again = await act(fiona, queued, "claim");
    expect(again.body.changed).toBe(false);
    const stolen = await act(frank, queued, "claim");
    expect(stolen.status).toBe(409);
    expect(stolen.body.code).toBe("ALREADY_CLAIMED");
    expect(stolen.body.facilitatorId).toBe(fiona.id);

    expect((await queue(fiona)).body.items.map((i: any) => i.matchId)).not.toContain(queued);
    const mine = (await queue(fiona, "?status=claimed")).body.items.find((i: any) => i.matchId === queued);
    expect(mine.claim).toMatchObject({ facilitatorId: fiona.id, facilitatorName: expect.stringContaining("fiona") });

    // Only an admin or the holder assigns; only to a facilitator.
    expect((await act(frank, queued, "assign", { facilitatorId: frank.id })).status).toBe(403);
    const toOrgUser = await act(fiona, queued, "assign", { facilitatorId: sam.id });
    expect(toOrgUser.status).toBe(400);
    expect(toOrgUser.body.field).toBe("body.facilitatorId");
    expect((await act(fiona, queued, "assign", { facilitatorId: "nope" })).body.field).toBe("body.facilitatorId");
    const assigned = await act(fiona, queued, "assign", { facilitatorId: frank.id });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.claim).toMatchObject({ facilitatorId: frank.id, claimedBy: fiona.id });
    await fionaSocket.waitFor("queue:changed", (e) => e.action === "assigned" && e.facilitatorId === frank.id);
    const back = await act(ada, queued, "assign", { facilitatorId: fiona.id });
    expect(back.body.claim).toMatchObject({ facilitatorId: fiona.id, claimedBy: ada.id });

    expect((await act(frank, queued, "release")).status).toBe(409);
    const released = await act(fiona, queued, "release");
    expect(released.body).toMatchObject({ claim: null, changed: true });
    await fionaSocket.waitFor("queue:changed", (e) => e.action === "released" && e.previousFacilitatorId === fiona.id);
    await frankOn2.waitFor("queue:changed", (e) => e.action === "released");
    expect(frankOn2.all("queue:changed", (e) => e.action === "claimed")).toHaveLength(1);
    expect((await act(fiona, queued, "release")).body.changed).toBe(false);
    expect((await queue(fiona)).body.items.map((i: any) => i.matchId)).toContain(queued);

    const detail = await r.request("get", `${V1}/facilitator/queue/${queued}`, { token: frank.token });
    expect(detail.body.history.map((h: any) => h.action)).toEqual(["claimed", "assigned", "assigned", "released"]);
    expect(detail.body.history[1]).toMatchObject({ actor: fiona.id, from: fiona.id, to: frank.id });
  });

  it("unknown matches are 404", async () => {
    expect((await act(fiona, "no-such-match", "claim")).status).toBe(404);
    expect((await r.request("get", `${V1}/facilitator/queue/no-such-match`, { token: fiona.token })).status).toBe(404);
  });

  it("a facilitator turns a claimed match into a proposal only under the supplier's mandate; the consumer sees it", async () => {
    expect((await act(fiona, queued, "claim")).status).toBe(200);
    const proposal = (externalId: string) => ({ externalId, matchId: queued, fromOrg: supplier, message: "Facilitated: a heat pump would close the gap." });
    const unmandated = await r.request("post", `${V1}/proposals`, { token: fiona.token, body: proposal(`fac-prop-x-${Date.now()}`) });
    expect(unmandated.status).toBe(403);
    const granted = await r.request("post", `${V1}/organizations/${supplier}/mandates`, { token: sam.token, body: { facilitatorId: fiona.id, acts: ["proposals"] } });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);

    const res = await r.request("post", `${V1}/proposals`, { token: fiona.token, body: proposal(`fac-prop-${Date.now()}`) });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ matchId: queued, fromOrg: supplier, toOrg: consumer, status: "pending" });
    const seen = await r.request("get", `${V1}/proposals/${res.body.id}`, { token: cleo.token });
    expect(seen.status).toBe(200);
    // The consumer has not said interested: the supplier stays anonymous to it.
    expect(seen.body).toMatchObject({ fromOrg: null, counterpart: "anonymous" });
    expect(seen.body.history[0]).toMatchObject({ actor: null, onBehalfOf: "counterpart" });
  });

  it("every facilitator read of a queued match's confidential parties is in their audit trail", async () => {
    const before = await stores.db.knex("audit_log").where({ actor: frank.id, action: "identity.read" }).count({ n: "*" });
    expect((await r.request("get", `${V1}/facilitator/queue/${queued}`, { token: frank.token })).status).toBe(200);
    const rows = await stores.db.knex("audit_log").where({ actor: frank.id, action: "identity.read" }).orderBy("id").offset(Number(before[0]!.n));
    expect(rows.map((x: { org_id: string }) => x.org_id).sort()).toEqual([supplier, consumer].sort());
    expect(rows[0].payload).toMatchObject({ surface: "facilitator-queue", via: queued });
  });
});
