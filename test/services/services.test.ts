/**
 * The services projection on the real services: organizations list facilitation and other
 * services (org_admins only, audited, strict bodies naming the field); a facilitated match
 * goes to the facilitator the rule says — the one serving the most specific region of the
 * supply, with expertise and a free slot — a full one is skipped, and with no fitting one
 * it stays in the shared queue with the reason; a foreign organization's service answers as
 * a missing one; the marketplace lists a region's providers by resource type.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testMatchId as matchId } from "../helpers/config.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { startTestApi } from "../helpers/api.ts";
import type { Actor } from "../helpers/http.ts";
import { anActor } from "../realtime/clients.ts";
import { openTestStores, resetStores } from "../helpers/stores.ts";
import { clearRegions, loadMunicipalities, loadZealand } from "../regions/fixtures.ts";
import { closeAll, created, rest, someActors, V1, type Rest } from "../realtime/clients.ts";

let stores: Awaited<ReturnType<typeof openTestStores>>;
let api: Awaited<ReturnType<typeof startTestApi>>;
let r: Rest;
let sam: Actor, cleo: Actor, pia: Actor, olga: Actor, fiona: Actor, frank: Actor, gina: Actor, mo: Actor;
let supplier: string, consumer: string, provider: string, otherProvider: string;
let vest: string, sjaelland: string;

const V = (path: string) => `${V1}${path}`;
const queue = (actor: Actor, query = "") => r.request("get", V(`/facilitator/queue?status=all${query}`), { token: actor.token });
const services = (org: string) => `/organizations/${org}/services`;
const facilitation = (over: Record<string, unknown>) => ({ name: "Facilitation", kind: "facilitation", regions: ["9901"], expertise: ["waste_heat_low"], capacity: 1, ...over });

/**
 * A rough-measured small heat offer and a much larger rough need 100 m apart at (lat, lon):
 * the low-coverage, low-precision match the hybrid router sends to a facilitator. Computing
 * the offer's matches stores it, and routing happens then. Returns the match id.
 */
// Ids of this run: a flow's last persisted result is fingerprinted in Redis, which outlives a run.
const RUN = Date.now().toString(36);

async function facilitatedPair(name: string, lat: number, lon: number): Promise<string> {
  const tag = `${name}-${RUN}`;
  const s1 = await created(r, sam, "sites", aSite(supplier, { externalId: `svc-s-${tag}`, lat, lon }));
  const s2 = await created(r, cleo, "sites", aSite(consumer, { externalId: `svc-d-${tag}`, lat: lat + 0.0009, lon }));
  const need = await created(r, cleo, "resource-flows", aFlow(s2, { externalId: `svc-need-${tag}`, direction: "need", resourceType: "waste_heat_low", quantity: { value: 4000, unit: "MWh/yr" }, quality: { temperatureC: 45 }, precision: "rough" }));
  const offer = await created(r, sam, "resource-flows", aFlow(s1, { externalId: `svc-offer-${tag}`, direction: "offer", resourceType: "waste_heat_low", quantity: { value: 600, unit: "MWh/yr" }, quality: { temperatureC: 70 }, precision: "rough" }));
  const res = await r.request("get", V(`/resource-flows/${offer}/matches`), { token: sam.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const id = matchId(offer, need);
  const m = (res.body.matches as { id: string; route: { decision: string } }[]).find((x) => x.id === id);
  expect(m?.route.decision, JSON.stringify(res.body.matches)).toBe("facilitator");
  return id;
}

async function queued(actor: Actor, id: string): Promise<any> {
  const item = ((await queue(actor)).body.items as any[]).find((i) => i.matchId === id);
  expect(item, `match ${id} in the queue: ${JSON.stringify((await queue(actor)).body).slice(0, 1500)}`).toBeDefined();
  return item;
}

beforeAll(async () => {
  stores = await openTestStores();
  await resetStores(stores);
  await clearRegions(stores.db.knex);
  await loadMunicipalities(stores.db.knex);
  await loadZealand(stores.db.knex);
  api = await startTestApi();
  r = rest(api.url);
  const knex = stores.db.knex;
  [sam, cleo, pia, olga, fiona, frank, gina] = await someActors(knex, r, [["org_admin", "sam"], ["org_admin", "cleo"], ["org_admin", "pia"], ["org_admin", "olga"], ["facilitator", "fiona"], ["facilitator", "frank"], ["facilitator", "gina"]]);
  supplier = await created(r, sam, "organizations", aBusiness({ name: "Routing Foundry A/S" }));
  consumer = await created(r, cleo, "organizations", aBusiness({ name: "Routing Greenhouse ApS" }));
  provider = await created(r, pia, "organizations", aBusiness({ name: "Symbiosis Services ApS" }));
  otherProvider = await created(r, olga, "organizations", aBusiness({ name: "Other Services GmbH" }));
  mo = await anActor(knex, r, "org_member", [provider], "mo");
});

afterAll(async () => {
  closeAll();
  await api?.stop();
  await clearRegions(stores.db.knex);
  await stores?.close();
});

describe("the services projection", () => {
  let unrouted: string;

  it("with no facilitator serving the region, a facilitated match stays in the shared queue and says why", async () => {
    unrouted = await facilitatedPair("shared", 55.62, 11.03);
    const item = await queued(fiona, unrouted);
    expect(item.route.routing).toMatchObject({ to: "shared", facilitatorId: null, region: { code: "9901", name: "Kalundborg Vest" }, cause: "no_service_in_region", reason: "shared queue: no facilitator serves Kalundborg Vest" });
  });

  it("lets an organization's administrator list services, with strict bodies naming the field, audited", async () => {
    const post = (actor: Actor, org: string, body: unknown) => r.request("post", V(services(org)), { token: actor.token, body });
    const unknownRegion = await post(pia, provider, facilitation({ regions: ["9901", "XX-NOPE"], facilitatorId: fiona.id }));
    expect(unknownRegion.status).toBe(400);
    expect(unknownRegion.body.field).toBe("body.regions.1");
    const extra = await post(pia, provider, facilitation({ facilitatorId: fiona.id, colour: "red" }));
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body)).toContain("colour");
    expect((await post(pia, provider, facilitation({}))).body.field).toBe("body.facilitatorId");
    expect((await post(pia, provider, facilitation({ facilitatorId: sam.id }))).body.field).toBe("body.facilitatorId");
    expect((await post(pia, provider, facilitation({ facilitatorId: fiona.id, capacity: 0 }))).body.field).toBe("body.capacity");
    expect((await post(pia, provider, facilitation({ facilitatorId: fiona.id, expertise: ["kryptonite"] }))).body.field).toBe("body.expertise.0");
    // A plain member, and another organization's administrator, may not list for it.
    expect((await post(mo, provider, facilitation({ facilitatorId: fiona.id }))).status).toBe(403);
    expect((await post(olga, provider, facilitation({ facilitatorId: fiona.id }))).status).toBe(404);

    const made = await post(pia, provider, facilitation({ name: "Vest Facilitation", capacity: 1, facilitatorId: fiona.id }));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ orgId: provider, kind: "facilitation", regions: [{ code: "9901", name: "Kalundborg Vest" }], capacity: 1, load: 0, free: 1, facilitatorId: fiona.id, version: 1 });
    vest = made.body.id;
    sjaelland = (await post(pia, provider, facilitation({ name: "Sjælland Facilitation", regions: ["DK02"], capacity: 3, facilitatorId: frank.id }))).body.id;
    // Gina serves the same municipality, but knows steam only: not a fit for heat.
    expect((await post(pia, provider, facilitation({ name: "Steam Desk", expertise: ["steam"], capacity: 9, facilitatorId: gina.id }))).status).toBe(201);
    expect((await post(pia, provider, { name: "Heat Engineering", kind: "engineering", regions: ["DK02"], expertise: ["waste_heat_low", "steam"], capacity: 4 })).status).toBe(201);

    const audit = await stores.db.knex("audit_log").where({ action: "service.created", org_id: provider }).orderBy("id");
    expect(audit).toHaveLength(4);
    expect(audit[0]).toMatchObject({ actor: pia.id, entity_type: "service", entity_id: vest });
    const list = await r.request("get", V(services(provider)), { token: mo.token });
    expect(list.body.items.map((s: any) => s.name)).toEqual(["Heat Engineering", "Sjælland Facilitation", "Steam Desk", "Vest Facilitation"]);
  });

  it("routes a facilitated match to the facilitator of the most specific region with expertise and a free slot, with the reason", async () => {
    const id = await facilitatedPair("vest", 55.68, 11.09);
    const item = await queued(fiona, id);
    expect(item.route.routing).toMatchObject({ to: "facilitator", serviceId: vest, facilitatorId: fiona.id, region: { code: "9901", name: "Kalundborg Vest" }, free: 1, capacity: 1 });
    expect(item.route.routing.reason).toBe("Kalundborg Vest region, low-grade waste heat (< 90 °C) expertise, 1 of 1 slots free");
    // Fiona's own queue holds it; the shared queue does not.
    const mine = await r.request("get", V("/facilitator/queue?status=all&routed=me"), { token: fiona.token });
    expect(mine.body.items.map((i: any) => i.matchId)).toEqual([id]);
    const shared = await r.request("get", V("/facilitator/queue?status=all&routed=shared"), { token: fiona.token });
    expect(shared.body.items.map((i: any) => i.matchId)).toEqual([unrouted]);
    const svc = await r.request("get", V(`${services(provider)}/${vest}`), { token: pia.token });
    expect(svc.body).toMatchObject({ load: 1, free: 0 });
  });

  it("skips a full facilitator for the next who fits, and says so", async () => {
    const id = await facilitatedPair("full", 55.75, 11.03);
    const item = await queued(frank, id);
    expect(item.route.routing).toMatchObject({ to: "facilitator", serviceId: sjaelland, facilitatorId: frank.id, region: { code: "DK02", name: "Sjælland" }, free: 3, capacity: 3, skippedFull: 1 });
    expect(item.route.routing.reason).toBe("Sjælland region, low-grade waste heat (< 90 °C) expertise, 3 of 3 slots free (1 full facilitator skipped)");
    const frankOwn = await r.request("get", V("/facilitator/queue?status=all&routed=me"), { token: frank.token });
    expect(frankOwn.body.items.map((i: any) => i.matchId)).toEqual([id]);
  });

  it("answers another organization's service exactly as a missing one, to read, edit and withdraw", async () => {
    const body = facilitation({ name: "Hijacked", facilitatorId: olga.id });
    const asOlga = async (method: string, id: string) => r.request(method, V(`${services(otherProvider)}/${id}`), { token: olga.token, body: method === "put" ? { ...body, facilitatorId: fiona.id } : undefined });
    for (const method of ["get", "put", "delete"]) {
      const foreign = await asOlga(method, vest);
      const missing = await asOlga(method, "svc_no-such-service");
      expect(foreign.status, `${method} ${JSON.stringify(foreign.body)}`).toBe(404);
      expect({ ...foreign.body, detail: foreign.body.detail.replace(vest, "ID"), id: undefined, instance: undefined, requestId: undefined }).toEqual({
        ...missing.body,
        detail: missing.body.detail.replace("svc_no-such-service", "ID"),
        id: undefined,
        instance: undefined,
        requestId: undefined,
      });
    }
    // Through the owner's path, another organization's administrator gets the organization's 404.
    const viaOwner = await r.request("put", V(`${services(provider)}/${vest}`), { token: olga.token, body: { ...body, facilitatorId: fiona.id } });
    expect(viaOwner.status).toBe(404);
    const still = await r.request("get", V(`${services(provider)}/${vest}`), { token: pia.token });
    expect(still.body).toMatchObject({ name: "Vest Facilitation", version: 1 });
  });

  it("edits a service guarded by its version, and withdrawing one returns its matches to the shared queue", async () => {
    const put = (body: unknown) => r.request("put", V(`${services(provider)}/${sjaelland}`), { token: pia.token, body });
    const stale = await put(facilitation({ name: "Sjælland Facilitation", regions: ["DK02"], capacity: 5, facilitatorId: frank.id, version: 7 }));
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("VERSION_CONFLICT");
    const changed = await put(facilitation({ name: "Sjælland Facilitation", regions: ["DK02"], capacity: 5, facilitatorId: frank.id, version: 1 }));
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ capacity: 5, load: 1, free: 4, version: 2 });
    const audit = await stores.db.knex("audit_log").where({ action: "service.changed", entity_id: sjaelland }).first();
    expect(audit.payload).toMatchObject({ capacity: 5, previous: { capacity: 3 } });

    const gone = await r.request("delete", V(`${services(provider)}/${sjaelland}`), { token: pia.token });
    expect(gone.status).toBe(204);
    expect((await r.request("get", V(`${services(provider)}/${sjaelland}`), { token: pia.token })).status).toBe(404);
    const frankOwn = await r.request("get", V("/facilitator/queue?status=all&routed=me"), { token: frank.token });
    expect(frankOwn.body.items).toEqual([]);
    const back = (await r.request("get", V("/facilitator/queue?status=all&routed=shared"), { token: frank.token })).body.items as any[];
    expect(back.find((i) => i.route.routing?.cause === "withdrawn")?.route.routing.reason).toBe("shared queue: the service Sjælland Facilitation was withdrawn");
    expect(await stores.db.knex("audit_log").where({ action: "service.withdrawn", entity_id: sjaelland }).count({ n: "*" })).toEqual([{ n: "1" }]);
  });

  it("lists a region's providers by resource type with their expertise and free capacity, for logged-in users", async () => {
    const res = await r.request("get", V("/marketplace?region=9901"), { token: cleo.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.region).toEqual({ code: "9901", name: "Kalundborg Vest" });
    expect(res.body.regionsIncluded.map((x: any) => x.code)).toEqual(["9901", "DK02"]);
    const heat = res.body.resourceTypes.find((g: any) => g.resourceType === "waste_heat_low");
    expect(heat.providers.map((p: any) => [p.name, p.kind, p.free])).toEqual([
      ["Heat Engineering", "engineering", 4],
      ["Vest Facilitation", "facilitation", 0],
    ]);
    expect(heat.providers[0]).toMatchObject({ orgName: "Symbiosis Services ApS", expertise: ["waste_heat_low", "steam"], capacity: 4 });
    expect(JSON.stringify(res.body)).not.toContain(fiona.id);
    const steam = await r.request("get", V("/marketplace?region=9901&resource_type=steam"), { token: cleo.token });
    expect(steam.body.resourceTypes.map((g: any) => g.resourceType)).toEqual(["steam"]);
    // Kalundborg Øst is in Sjælland too: only the Sjælland-wide engineering service is left there.
    const east = await r.request("get", V("/marketplace?region=9902"), { token: cleo.token });
    expect(east.body.resourceTypes.flatMap((g: any) => g.providers.map((p: any) => p.name))).toEqual(["Heat Engineering", "Heat Engineering"]);
    const unknown = await r.request("get", V("/marketplace?region=ZZ-9"), { token: cleo.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.field).toBe("query.region");
    expect((await r.request("get", V("/marketplace?region=9901"))).status).toBe(401);
  });

  it("takes an erased organization's services off the marketplace", async () => {
    const listed = await r.request("post", V(services(otherProvider)), { token: olga.token, body: { name: "Other Logistics", kind: "logistics", regions: ["9901"], expertise: ["waste_heat_low"], capacity: 2 } });
    expect(listed.status, JSON.stringify(listed.body)).toBe(201);
    const names = async () => ((await r.request("get", V("/marketplace?region=9901"), { token: cleo.token })).body.resourceTypes as any[]).flatMap((g) => g.providers.map((p: any) => p.name));
    expect(await names()).toContain("Other Logistics");
    expect((await r.request("delete", V(`/organizations/${otherProvider}`), { token: olga.token })).status).toBe(200);
    expect(await names()).not.toContain("Other Logistics");
  });
});
