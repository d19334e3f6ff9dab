/**
 * Credentials reach open sockets (issue 10, "Sockets" and Deliver 4): a socket is
 * disconnected when its API key is revoked, its session logged out or ended for
 * refresh-token reuse, or its token expires; memberships changing re-join its rooms; and
 * an API key receives only the event families its scopes let REST show it. Two api
 * processes share Redis, so a change made through one reaches sockets on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAccessToken } from "../../api/auth/tokens.ts";
import { revokeApiKey } from "../../ledgers/api-keys.ts";
import { openSession } from "../../ledgers/sessions.ts";
import { startTestApi } from "../helpers/api.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import type { Actor } from "../helpers/http.ts";
import { config } from "../helpers/stores.ts";
import { at } from "../matching/fixtures.ts";
import { anActor, created, listen, sleep, V1, type Listener, type Rest } from "./clients.ts";
import { startRealtimeWorld, type Api, type RealtimeWorld, type Stores } from "./world.ts";

let world: RealtimeWorld;
let stores: Stores;
let api1: Api, api2: Api;
let r1: Rest;
let alice: Actor, bob: Actor;
let orgA: string, orgB: string, siteA: string, siteB: string;

// Organizations here are public, so that proposals can name each other's flows directly.
const anOrg = (founder: Actor) => created(r1, founder, "organizations", aBusiness({ name: `Revocation ${founder.email}`, disclosure: "public" }));
const aSiteOf = (actor: Actor, orgId: string, north: number) => created(r1, actor, "sites", aSite(orgId, at(north, 30)));
const aFlowOf = (actor: Actor, siteId: string, overrides: Parameters<typeof aFlow>[1]) => created(r1, actor, "resource-flows", aFlow(siteId, overrides));

async function aKey(scopes: string[]): Promise<{ id: string; key: string }> {
  const res = await r1.request("post", `${V1}/organizations/${orgA}/api-keys`, { token: alice.token, body: { name: `erp ${scopes.join(" ")}`, scopes } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, key: res.body.key };
}

async function aProposal(): Promise<string> {
  const res = await r1.request("post", `${V1}/proposals`, {
    token: alice.token,
    body: {
      externalId: `rv-prop-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
      supplyFlowId: await aFlowOf(alice, siteA, { direction: "offer" }),
      demandFlowId: await aFlowOf(bob, siteB, { direction: "need" }),
      fromOrg: orgA,
      toOrg: orgB,
      message: "Heat?",
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** Resolves with the reason once the socket is disconnected by the server. */
const disconnected = (l: Listener, ms = 10_000) =>
  new Promise<string>((resolve, reject) => {
    if (!l.socket.connected) return resolve("already");
    const timer = setTimeout(() => reject(new Error("still connected")), ms);
    l.socket.once("disconnect", (reason) => (clearTimeout(timer), resolve(reason)));
  });

beforeAll(async () => {
  world = await startRealtimeWorld("matching-revocation");
  ({ stores, api1, api2, r1 } = world);
  [alice, bob] = await Promise.all([anActor(stores.db.knex, r1, "org_admin", [], "rv-alice"), anActor(stores.db.knex, r1, "org_admin", [], "rv-bob")]);
  orgA = await anOrg(alice);
  orgB = await anOrg(bob);
  siteA = await aSiteOf(alice, orgA, 10);
  siteB = await aSiteOf(bob, orgB, 11);
});

afterAll(async () => world?.stop());

describe("API-key scopes decide which socket events a key receives", () => {
  it("a flows:read key receives no match:* and no proposal:changed; a key with those scopes does", async () => {
    const narrow = await listen(api2.url, { apiKey: (await aKey(["flows:read"])).key });
    const wide = await listen(api2.url, { apiKey: (await aKey(["flows:read", "matches:read", "proposals:read"])).key });
    expect(narrow.session.rooms.filter((r) => r.startsWith("org:"))).toEqual([`org:${orgA}:import`]);

    await aFlowOf(bob, siteB, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 2500, unit: "MWh/yr" }, quality: { temperatureC: 45 } });
    const offer = await aFlowOf(alice, siteA, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 3000, unit: "MWh/yr" }, quality: { temperatureC: 70 } });
    await wide.waitFor("match:created", (m) => m.supplyFlowId === offer, 30_000);
    const pid = await aProposal();
    await wide.waitFor("proposal:changed", (p) => p.id === pid);
    await sleep(1_000); // let anything misrouted arrive
    expect(narrow.received.map((r) => r.event).filter((e) => e.startsWith("match:") || e === "proposal:changed")).toEqual([]);
    narrow.close();
    wide.close();
  });

  it("a key without flows:read may not watch the map", async () => {
    const k = await listen(api1.url, { apiKey: (await aKey(["proposals:read"])).key });
    const ack = await k.emitWithAck("map:viewport", { west: 29.9, south: 9.9, east: 30.1, north: 10.1 });
    expect(ack).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    k.close();
  });
});

describe("revocation reaches open sockets", () => {
  it("revoking an API key (through api #1) disconnects its socket on api #2, which gets no further events", async () => {
    const { id, key } = await aKey(["matches:read", "proposals:read"]);
    const k = await listen(api2.url, { apiKey: key });
    const other = await listen(api2.url, { apiKey: (await aKey(["proposals:read"])).key });
    const gone = disconnected(k);
    expect((await r1.request("delete", `${V1}/organizations/${orgA}/api-keys/${id}`, { token: alice.token })).status).toBe(204);
    expect(await gone).toBe("io server disconnect");
    expect(k.all("session:ended")).toEqual([{ reason: "API key revoked" }]);

    const pid = await aProposal();
    await other.waitFor("proposal:changed", (p) => p.id === pid); // the event happened …
    await sleep(500);
    expect(k.all("proposal:changed", (p) => p.id === pid)).toEqual([]); // … and the revoked key saw none of it
    expect(other.socket.connected).toBe(true);
    other.close();
  });

  it("logout disconnects the sockets of that session only", async () => {
    const login = async () => (await r1.request("post", `${V1}/auth/login`, { body: { email: alice.email, password: alice.password } })).body.accessToken as string;
    const [t1, t2] = [await login(), await login()];
    const s1 = await listen(api2.url, { token: t1 });
    const s2 = await listen(api1.url, { token: t2 });
    const gone = disconnected(s1);
    expect((await r1.request("post", `${V1}/auth/logout`, { token: t1 })).status).toBe(204);
    expect(await gone).toBe("io server disconnect");
    expect(s1.all("session:ended")).toEqual([{ reason: "logout" }]);
    await sleep(300);
    expect(s2.socket.connected).toBe(true);
    s2.close();
  });

  it("reusing a rotated refresh token disconnects the session's sockets", async () => {
    const tokens = (await r1.request("post", `${V1}/auth/login`, { body: { email: bob.email, password: bob.password } })).body;
    const renewed = (await r1.request("post", `${V1}/auth/refresh`, { body: { refreshToken: tokens.refreshToken } })).body;
    const s = await listen(api2.url, { token: renewed.accessToken });
    const gone = disconnected(s);
    expect((await r1.request("post", `${V1}/auth/refresh`, { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
    expect(await gone).toBe("io server disconnect");
    expect(s.all("session:ended")).toEqual([{ reason: "refresh token reused" }]);
  });

  it("a socket is disconnected when its access token expires", async () => {
    const { sessionId } = await openSession(stores.db.knex, bob.id, 3600);
    const token = signAccessToken({ sub: bob.id, role: "org_admin", sid: sessionId }, config.auth.jwtSecret, 2);
    const s = await listen(api1.url, { token });
    const gone = disconnected(s, 6_000);
    expect(await gone).toBe("io server disconnect");
    expect(s.all("session:ended")).toEqual([{ reason: "token expired" }]);
  });

  it("a revocation whose signal was missed still ends the socket at the next re-check", async () => {
    const sweeping = await startTestApi({ SOCKET_RECHECK_SECONDS: "1" });
    try {
      const { id, key } = await aKey(["matches:read"]);
      const k = await listen(sweeping.url, { apiKey: key });
      const gone = disconnected(k, 5_000);
      await revokeApiKey(stores.db.knex, orgA, id); // straight in the ledger: no signal is sent
      expect(await gone).toBe("io server disconnect");
      expect(k.all("session:ended")).toEqual([{ reason: "credentials revoked" }]);
    } finally {
      await sweeping.stop();
    }
  });

  it("a user's open socket joins a new organization's rooms as soon as the membership exists", async () => {
    const carol = await anActor(stores.db.knex, r1, "org_admin", [], "rv-carol");
    const s = await listen(api2.url, { token: carol.token });
    expect(s.session.rooms.filter((r) => r.startsWith("org:"))).toEqual([]);
    const orgC = await anOrg(carol);
    const again = await s.waitFor("session", (p) => p.rooms.includes(`org:${orgC}:proposal`));
    expect(again.rooms).toEqual(expect.arrayContaining([`org:${orgC}:match`, `org:${orgC}:import`]));
    expect((await api1.realtime.io.in(`org:${orgC}:match`).fetchSockets()).map((x) => x.id)).toContain(s.socket.id);
    s.close();
  });

  it("a member added through api #1 joins the organization's rooms on api #2; removed, the socket leaves them and gets no more of its proposals", async () => {
    const dave = await anActor(stores.db.knex, r1, "org_member", [], "rv-dave");
    const s = await listen(api2.url, { token: dave.token });

    const added = await r1.request("put", `${V1}/organizations/${orgA}/members`, { token: alice.token, body: { email: dave.email, role: "org_member" } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    await s.waitFor("session", (p) => p.rooms.includes(`org:${orgA}:proposal`));
    const proposalWhileMember = await aProposal();
    await s.waitFor("proposal:changed", (p) => p.id === proposalWhileMember || p.proposal?.id === proposalWhileMember);

    const removed = await r1.request("delete", `${V1}/organizations/${orgA}/members/${dave.id}`, { token: alice.token });
    expect(removed.status).toBe(204);
    const sessionsSoFar = s.all("session").length;
    const after = await s.waitFor("session", (p) => s.all("session").indexOf(p) >= sessionsSoFar);
    expect(after.rooms.filter((r: string) => r.startsWith("org:"))).toEqual([]);
    const changesSoFar = s.all("proposal:changed").length;
    await aProposal();
    await sleep(500);

    expect(s.all("proposal:changed").slice(changesSoFar)).toEqual([]);
    expect((await r1.request("get", `${V1}/organizations/${orgA}/mandates`, { token: dave.token })).status).toBe(404);
    s.close();
  });

  it("a colleague who accepts an invitation through api #1 joins the organization's rooms on api #2 at once", async () => {
    const erin = await anActor(stores.db.knex, r1, "org_member", [], "rv-erin");
    const s = await listen(api2.url, { token: erin.token });
    const sent = await r1.request("post", `${V1}/organizations/${orgA}/invitations`, { token: alice.token, body: { email: erin.email, role: "org_member" } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const token = String(sent.body.link).split("#/invite/")[1];

    const accepted = await r1.request("post", `${V1}/invitations/accept`, { token: erin.token, body: { token } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await s.waitFor("session", (p) => p.rooms.includes(`org:${orgA}:proposal`));
    const proposal = await aProposal();
    await s.waitFor("proposal:changed", (p) => p.id === proposal || p.proposal?.id === proposal);
    s.close();
  });
});
