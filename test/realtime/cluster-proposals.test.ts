/**
 * A multi-party proposal reaches its members live: proposing a heat cluster, each
 * member's decision and the final acceptance emit `cluster_proposal:changed` to every
 * member organization's proposal room — on the other api process too — and to no one
 * else; the event names no organization (members read each other over REST, under the
 * disclosure rules).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import type { Actor } from "../helpers/http.ts";
import { at } from "../matching/fixtures.ts";
import { anActor, created, listen, sleep, V1, type Listener, type Rest } from "./clients.ts";
import { startRealtimeWorld, type RealtimeWorld } from "./world.ts";

let world: RealtimeWorld;
let r1: Rest;
let dana: Actor, gina: Actor, gus: Actor, otto: Actor;
let dairy: string, greenhouseA: string, greenhouseB: string, outsider: string;
let clusterId: string;

const anOrg = (founder: Actor, name: string) => created(r1, founder, "organizations", aBusiness({ name, naceCode: "01.13" }));
const aSiteOf = (actor: Actor, orgId: string, north: number, east: number) => created(r1, actor, "sites", aSite(orgId, at(north, east)));
const aFlowOf = (actor: Actor, siteId: string, overrides: Parameters<typeof aFlow>[1]) => created(r1, actor, "resource-flows", aFlow(siteId, overrides));

beforeAll(async () => {
  world = await startRealtimeWorld("matching-cluster-rt", { reset: true });
  r1 = world.r1;
  const knex = world.stores.db.knex;
  [dana, gina, gus, otto] = await Promise.all([anActor(knex, r1, "org_admin", [], "cl-dana"), anActor(knex, r1, "org_admin", [], "cl-gina"), anActor(knex, r1, "org_admin", [], "cl-gus"), anActor(knex, r1, "org_admin", [], "cl-otto")]);
  [dairy, greenhouseA, greenhouseB, outsider] = await Promise.all([
    anOrg(dana, "Live Cluster Dairy"),
    anOrg(gina, "Live Tomato Greenhouse"),
    anOrg(gus, "Live Cucumber Greenhouse"),
    anOrg(otto, "Live Outsider"),
  ]);
  // The dairy and two greenhouses side by side 1.2 km away (one trunk pipe); the outsider 30 km off.
  const [s0, sA, sB] = await Promise.all([aSiteOf(dana, dairy, 40, 40), aSiteOf(gina, greenhouseA, 41.2, 39.75), aSiteOf(gus, greenhouseB, 41.2, 40.25)]);
  await aSiteOf(otto, outsider, 10, 40);
  const heat = await aFlowOf(dana, s0, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 20_000, unit: "MWh/yr" }, quality: { temperatureC: 75 } });
  const needs = await Promise.all([
    aFlowOf(gina, sA, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 8_000, unit: "MWh/yr" }, quality: { temperatureC: 45 } }),
    aFlowOf(gus, sB, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 8_000, unit: "MWh/yr" }, quality: { temperatureC: 45 } }),
  ]);
  for (const [actor, flow] of [[dana, heat], [gina, needs[0]], [gus, needs[1]]] as const) {
    const res = await r1.request("get", `${V1}/resource-flows/${flow}/matches?limit=10`, { token: actor.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  const clusters = await r1.request("get", `${V1}/organizations/${dairy}/matching/clusters`, { token: dana.token });
  expect(clusters.status, JSON.stringify(clusters.body)).toBe(200);
  expect(clusters.body.clusters).toHaveLength(1);
  clusterId = clusters.body.clusters[0].id;
});

afterAll(async () => world?.stop());

describe("cluster_proposal:changed", () => {
  it("tells every member, on the other api too, of each step up to the acceptance by all; an outsider hears nothing", async () => {
    const listeners: Record<string, Listener> = {};
    for (const [who, actor] of Object.entries({ dana, gina, gus, otto })) listeners[who] = await listen(world.api2.url, { token: actor.token });

    const proposed = await r1.request("post", `${V1}/cluster-proposals`, { token: dana.token, body: { clusterId } });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const id = proposed.body.id as string;
    for (const who of ["dana", "gina", "gus"]) {
      const event = await listeners[who]!.waitFor("cluster_proposal:changed", (e) => e.id === id && e.version === 1);
      expect(event).toMatchObject({ type: "cluster_proposal.changed", clusterId, status: "open", decided: 1, members: 3 });
      // No organization is named in the event: who the others are is REST's to say.
      expect(JSON.stringify(event)).not.toMatch(new RegExp([dairy, greenhouseA, greenhouseB].join("|")));
    }

    for (const [actor, version] of [[gina, 2], [gus, 3]] as const) {
      const res = await r1.request("post", `${V1}/cluster-proposals/${id}/decision`, { token: actor.token, body: { decision: "accepted" } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const seen = await listeners.dana!.waitFor("cluster_proposal:changed", (e) => e.id === id && e.version === version);
      expect(seen).toMatchObject({ decided: version, status: version === 3 ? "accepted" : "open" });
    }
    for (const who of ["gina", "gus"]) await listeners[who]!.waitFor("cluster_proposal:changed", (e) => e.id === id && e.status === "accepted");

    await sleep(1_000); // anything misrouted would have arrived
    expect(listeners.otto!.all("cluster_proposal:changed")).toEqual([]);
    for (const l of Object.values(listeners)) l.close();
  });
});
