/**
 * Socket.IO on the real services, with TWO api processes sharing Redis and NATS:
 * handshake authentication, org and facilitator rooms, match events caused by REST
 * writes (through the matching worker and the NATS bridge), anonymized region activity,
 * proposal events, withdrawals, and zod validation of client events.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../ledgers/api-keys.ts";
import { testMatchId as matchId } from "../helpers/config.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import type { Actor } from "../helpers/http.ts";
import { names } from "../helpers/stores.ts";
import { TEST_ENV } from "../helpers/test-env.ts";
import { at } from "../matching/fixtures.ts";
import { created, listen, markerFrom, refusal, sleep, someActors, V1, type Listener, type Rest } from "./clients.ts";
import { startRealtimeWorld, type Api, type RealtimeWorld, type Stores } from "./world.ts";

let world: RealtimeWorld;
let stores: Stores;
let api1: Api, api2: Api;
let r1: Rest, r2: Rest;
// Alice's smelter (org A) offers heat, Bob's greenhouse (org B) needs it; Carol (org C) is
// not involved; Dave (org D) only watches the map; Fiona facilitates.
let alice: Actor, bob: Actor, carol: Actor, dave: Actor, fiona: Actor;
let orgA: string, orgB: string;
let siteA: string, siteB: string;
// The heat offer and need whose match the live-events story reveals (and the child process reuses).
let offer: string, need: string;

const anOrg = (founder: Actor, name: string) => created(r1, founder, "organizations", aBusiness({ name }));
const aSiteAt = (actor: Actor, orgId: string, north: number, east: number) => created(r1, actor, "sites", aSite(orgId, at(north, east)));
const aFlowOf = (actor: Actor, siteId: string, overrides: Parameters<typeof aFlow>[1]) => created(r1, actor, "resource-flows", aFlow(siteId, overrides));

beforeAll(async () => {
  world = await startRealtimeWorld("matching-rt", { reset: true });
  ({ stores, api1, api2, r1, r2 } = world);
  const knex = stores.db.knex;
  [alice, bob, carol, dave, fiona] = await someActors(knex, r1, [["org_admin", "alice"], ["org_admin", "bob"], ["org_admin", "carol"], ["org_admin", "dave"], ["facilitator", "fiona"]]);
  orgA = await anOrg(alice, "RT Smelter A/S");
  orgB = await anOrg(bob, "RT Greenhouse ApS");
  await anOrg(carol, "RT Bystander I/S");
  await anOrg(dave, "RT Watcher");
  siteA = await aSiteAt(alice, orgA, 40, 0);
  siteB = await aSiteAt(bob, orgB, 41, 0);
});

afterAll(async () => world?.stop());

describe("socket handshake", () => {
  it("refuses a socket without credentials, with a bad token, or with an unknown API key, saying why", async () => {
    const none = await refusal(api1.url, undefined);
    expect(none.message).toMatch(/Authentication required/);
    expect(none.data?.code).toBe("UNAUTHENTICATED");
    expect((await refusal(api1.url, { token: "not-a-jwt" })).message).toMatch(/invalid or expired/);
    expect((await refusal(api1.url, { token: `${alice.token.slice(0, -4)}AAAA` })).message).toMatch(/invalid or expired/);
    expect((await refusal(api1.url, { apiKey: "tk_nope_nope" })).message).toMatch(/unknown or revoked/);
    expect((await refusal(api1.url, { token: 42 })).message).toMatch(/token.*apiKey/);
  });

  it("accepts a JWT (joining the org rooms, facilitators for facilitators, its own user and session rooms) and an API key (its org's rooms its scopes allow)", async () => {
    const a = await listen(api2.url, { token: alice.token });
    expect(a.session).toMatchObject({ principalId: alice.id, role: "org_admin", rooms: [`org:${orgA}:match`, `org:${orgA}:proposal`, `org:${orgA}:import`, `org:${orgA}:alert`, `user:${alice.id}`, expect.stringMatching(/^session:/)] });
    const f = await listen(api1.url, { token: fiona.token });
    expect(f.session.rooms).toEqual(["facilitators", `user:${fiona.id}`, expect.stringMatching(/^session:/)]);
    const { secret } = await createApiKey(stores.db.knex, { orgId: orgB, name: "erp", scopes: ["matches:read"], createdBy: null });
    const k = await listen(api2.url, { apiKey: secret });
    expect(k.session).toMatchObject({ role: "partner", rooms: [`org:${orgB}:match`, expect.stringMatching(/^user:apikey:/)] });
    a.close();
    f.close();
    k.close();
  });
});

describe("live events across two api processes", () => {
  let aliceOn2: Listener, bobOn1: Listener, carolOn2: Listener, daveOn2: Listener, fionaOn2: Listener;
  let id: string;
  // The glass-cullet match the first story makes after its own, to show nothing else arrives.
  let markers: { offer: string; need: string; id: string };

  /**
   * "Nothing else arrives", proved by events rather than by waiting: each bridge reads its
   * stream in order and awaits every message, the matching worker too, and a socket
   * receives what one server emits to it in order. So once Alice (api #2) and Bob (api #1)
   * hear of a match made after everything else, each bridge has emitted all it was going
   * to for what came before; a marker api #2 then emits straight to a socket of its own
   * arrives after any such emit to that socket.
   */
  async function drained(resourceType: string, ...others: Listener[]): Promise<{ offer: string; need: string; id: string }> {
    const markerNeed = await aFlowOf(bob, siteB, { direction: "need", resourceType, quantity: { value: 500, unit: "t/yr" }, quality: {} });
    const markerOffer = await aFlowOf(alice, siteA, { direction: "offer", resourceType, quantity: { value: 600, unit: "t/yr" }, quality: {} });
    const marker = matchId(markerOffer, markerNeed);
    await aliceOn2.waitFor("match:created", (m) => m.matchId === marker, 30_000);
    await bobOn1.waitFor("match:created", (m) => m.matchId === marker, 30_000);
    for (const l of others) await markerFrom(api2, l);
    return { offer: markerOffer, need: markerNeed, id: marker };
  }

  beforeAll(async () => {
    [aliceOn2, bobOn1, carolOn2, daveOn2, fionaOn2] = await Promise.all([
      listen(api2.url, { token: alice.token }),
      listen(api1.url, { token: bob.token }),
      listen(api2.url, { token: carol.token }),
      listen(api2.url, { token: dave.token }),
      listen(api2.url, { token: fiona.token }),
    ]);
    // Dave watches the map around both sites.
    const p = at(40.5, 0);
    const joined = await daveOn2.emitWithAck("map:viewport", { west: p.lon - 0.2, south: p.lat - 0.1, east: p.lon + 0.2, north: p.lat + 0.1 });
    expect(joined).toMatchObject({ ok: true, resolution: 5 });
    expect(joined.cells).toBeGreaterThan(0);
  });

  it("a flow written through api #1 makes a match that reaches its parties' sockets on both apis, once each; others get nothing", async () => {
    need = await aFlowOf(bob, siteB, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 2500, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
    offer = await aFlowOf(alice, siteA, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 70 } });
    id = matchId(offer, need);

    const got = await aliceOn2.waitFor("match:created", (m) => m.matchId === id, 30_000);
    // Alice sees her own side in full and Bob's only as a resource type in an H3 cell.
    expect(got).toMatchObject({
      matchId: id,
      disclosure: "anonymous",
      supplyFlowId: offer,
      demandFlowId: null,
      supplyOrgId: orgA,
      demandOrgId: null,
      supply: { siteId: siteA, resourceType: "waste_heat_low" },
      demand: { siteId: null, resourceType: "waste_heat_low", cell: expect.any(String) },
    });
    for (const secret of [orgB, need, siteB]) expect(JSON.stringify(got)).not.toContain(secret);
    expect(got.demand.lat === at(41, 0).lat).toBe(false);
    expect(Math.abs(got.demand.lat - at(41, 0).lat)).toBeLessThan(0.05);
    expect(got.score).toBeGreaterThan(0);
    // 1 km apart, 70 °C for 45 °C, estimated on both sides: nothing to send to a facilitator.
    expect(got.route).toBe("auto");
    expect(got.supply.lat).toBeCloseTo(at(40, 0).lat, 5);
    expect(typeof got.at).toBe("string");
    const bobs = await bobOn1.waitFor("match:created", (m) => m.matchId === id);
    expect(bobs).toMatchObject({ supplyOrgId: null, supplyFlowId: null, supply: { siteId: null }, demandOrgId: orgB, demand: { siteId: siteB } });
    for (const secret of [orgA, offer, siteA]) expect(JSON.stringify(bobs)).not.toContain(secret);
    // A match of other flows (glass cullet) made after it: any duplicate or leak came first.
    markers = await drained("glass_cullet", carolOn2, daveOn2, fionaOn2);
    expect(aliceOn2.all("match:created", (m) => m.matchId === id)).toHaveLength(1);
    expect(bobOn1.all("match:created", (m) => m.matchId === id)).toHaveLength(1);
    expect(carolOn2.all("match:created")).toHaveLength(0);
    expect(carolOn2.all("match:updated")).toHaveLength(0);
    // Dave is not a party: no match event, only anonymized map activity.
    expect(daveOn2.all("match:created")).toHaveLength(0);
    // Routed to both parties, so the facilitators do not hear of it.
    expect(fionaOn2.all("match:created", (m) => m.matchId === id)).toHaveLength(0);
  });

  it("region rooms carry anonymized map:activity: a cell centre and a resource type, no organization, flow or site", async () => {
    const activity = await daveOn2.waitFor("map:activity", (a) => a.change === "created" && a.side === "supply");
    expect(Object.keys(activity).sort()).toEqual(["at", "cell", "change", "kind", "lat", "lon", "resourceType", "side"]);
    expect(activity.resourceType).toBe("waste_heat_low");
    const exact = at(40, 0);
    expect(activity.lat === exact.lat && activity.lon === exact.lon).toBe(false);
    expect(Math.abs(activity.lat - exact.lat)).toBeLessThan(0.2);
    expect(JSON.stringify(daveOn2.all("map:activity"))).not.toContain(orgA);
    // Carol watches no region: no activity.
    expect(carolOn2.all("map:activity")).toHaveLength(0);
  });

  it("a proposal made through api #1 reaches both organizations (each blind to the other) and the facilitators, not bystanders", async () => {
    const res = await r1.request("post", `${V1}/proposals`, {
      token: alice.token,
      body: { externalId: `rt-prop-${Date.now()}`, matchId: id, message: "Heat for your greenhouse?" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const pid = res.body.id as string;
    const seen = await bobOn1.waitFor("proposal:changed", (p) => p.id === pid);
    expect(seen).toMatchObject({ type: "proposal.changed", fromOrg: null, toOrg: orgB, status: "pending" });
    expect(await aliceOn2.waitFor("proposal:changed", (p) => p.id === pid)).toMatchObject({ fromOrg: orgA, toOrg: null });
    expect(await fionaOn2.waitFor("proposal:changed", (p) => p.id === pid)).toMatchObject({ fromOrg: orgA, toOrg: orgB });
    // A later proposal through the same stream: once Alice hears of it, api #2's bridge has emitted all it would for the first.
    const later = await r1.request("post", `${V1}/proposals`, {
      token: alice.token,
      body: { externalId: `rt-prop-later-${Date.now()}`, matchId: markers.id, message: "And the cullet?" },
    });
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    await aliceOn2.waitFor("proposal:changed", (p) => p.id === later.body.id);
    await markerFrom(api2, carolOn2);
    expect(carolOn2.all("proposal:changed")).toHaveLength(0);
    expect(aliceOn2.all("proposal:changed", (p) => p.id === pid)).toHaveLength(1);
  });

  it("when the second party says interested, match:revealed names each to the other", async () => {
    // Alice's proposal was her `interested`; Bob's makes it mutual.
    const res = await r2.request("post", `${V1}/matches/${id}/decision`, { token: bob.token, body: { decision: "interested" } });
    expect(res.body).toMatchObject({ revealed: true });
    const toAlice = await aliceOn2.waitFor("match:revealed", (m) => m.matchId === id);
    const toBob = await bobOn1.waitFor("match:revealed", (m) => m.matchId === id);
    expect(toAlice).toMatchObject({ disclosure: "named", demandOrgId: orgB, demandFlowId: need, demand: { siteId: siteB } });
    expect(toBob).toMatchObject({ disclosure: "named", supplyOrgId: orgA, supplyFlowId: offer, supply: { siteId: siteA } });
    await drained("textiles", carolOn2);
    expect(carolOn2.all("match:revealed")).toHaveLength(0);
  });

  it("a rejected match is withdrawn: the other party hears it was declined", async () => {
    const res = await r2.request("post", `${V1}/matches/${id}/decision`, { token: bob.token, body: { decision: "rejected" } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const gone = await aliceOn2.waitFor("match:withdrawn", (m) => m.matchId === id);
    expect(gone).toMatchObject({ matchId: id, reason: "declined", supplyOrgId: orgA, demandOrgId: orgB, supply: { siteId: siteA } });
    const own = await bobOn1.waitFor("match:withdrawn", (m) => m.matchId === id);
    expect(own.reason).toBeUndefined();
    await drained("rubber", carolOn2);
    expect(carolOn2.all("match:withdrawn")).toHaveLength(0);
    await daveOn2.waitFor("map:activity", (a) => a.change === "withdrawn");
  });
});

describe("the Redis adapter", () => {
  it("lets api #1 see the sockets of api #2 and emit to their rooms", async () => {
    const a = await listen(api2.url, { token: alice.token });
    const sockets = await api1.realtime.io.in(`org:${orgA}:import`).fetchSockets();
    expect(sockets.map((s) => s.id)).toContain(a.socket.id);
    api1.realtime.io.to(`org:${orgA}:import`).emit("import:progress", { jobId: "j1", done: 1, total: 2, errors: 0 });
    expect(await a.waitFor("import:progress")).toEqual({ jobId: "j1", done: 1, total: 2, errors: 0 });
    a.close();
  });
});

describe("a separate api process (tsx api/main.ts)", () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
    }
  });

  it("shares rooms and events with the in-process apis", async () => {
    child = spawn("node_modules/.bin/tsx", ["api/main.ts"], { env: { ...process.env, ...TEST_ENV, PORT: "0", HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`api did not start: ${output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /turash api on (http:\/\/\S+)/.exec(output);
        if (m) (clearTimeout(timer), resolve(m[1]!));
      };
      child!.stdout!.on("data", onData);
      child!.stderr!.on("data", onData);
      child!.once("exit", (code) => reject(new Error(`api exited ${code}: ${output}`)));
    });
    const b = await listen(url, { token: bob.token });
    // The in-process api sees the child's socket through the adapter …
    expect((await api1.realtime.io.in(`org:${orgB}:match`).fetchSockets()).map((s) => s.id)).toContain(b.socket.id);
    // … and the child's own bridge delivers events caused through api #1.
    // Between the two flows of the match revealed above, Alice may name Bob's need.
    const res = await r1.request("post", `${V1}/proposals`, {
      token: alice.token,
      body: { externalId: `rt-child-${Date.now()}`, supplyFlowId: offer, demandFlowId: need, message: "Across processes" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await b.waitFor("proposal:changed", (p) => p.id === res.body.id)).toMatchObject({ toOrg: orgB, fromOrg: orgA, status: "pending" });
    b.close();
  });
});

describe("client events are validated", () => {
  it("a bad map:viewport gets an error event naming the field, and the ack says so too", async () => {
    const c = await listen(api1.url, { token: carol.token });
    c.socket.emit("map:viewport", { west: "x", south: 55, east: 12, north: 56 });
    const err = await c.waitFor("error", (e) => e.event === "map:viewport");
    expect(err).toMatchObject({ code: "VALIDATION_FAILED", field: "west" });
    const ack = await c.emitWithAck("map:viewport", { west: 11, south: 56, east: 12, north: 55 });
    expect(ack).toMatchObject({ ok: false, error: { field: "north" } });
    const missing = await c.emitWithAck("map:viewport", { west: 11, south: 55, east: 12 });
    expect(missing.error.field).toBe("north");
    const notObject = await c.emitWithAck("map:viewport", "everywhere");
    expect(notObject.error.code).toBe("VALIDATION_FAILED");
    const huge = await c.emitWithAck("map:viewport", { west: -60, south: -50, east: 60, north: 70 });
    expect(huge.error).toMatchObject({ code: "VIEWPORT_TOO_LARGE" });
    c.socket.emit("rooms:join", { room: "org:someone-else" });
    expect(await c.waitFor("error", (e) => e.event === "rooms:join")).toMatchObject({ field: "event" });
    // The socket still works after refusals.
    expect(await c.emitWithAck("map:viewport", { west: 11, south: 55, east: 11.2, north: 55.1 })).toMatchObject({ ok: true });
    c.close();
  });

  it("a malformed matches.updated message is dead-lettered with its reason and skipped", async () => {
    const dlq = stores.nats.subscribe(names.subjects.deadLetter("realtime"), { max: 1 });
    const letter = (async () => {
      for await (const m of dlq) return JSON.parse(new TextDecoder().decode(m.data)) as { reason: string; consumer: string };
    })();
    await stores.nats.jetstream().publish(names.subjects.matchesUpdated, JSON.stringify({ flowId: "f", matchIds: "not-a-list" }));
    const got = await Promise.race([letter, sleep(10_000).then(() => undefined)]);
    expect(got?.consumer).toBe("realtime");
    expect(got?.reason).toMatch(/matchIds/);
  });
});
