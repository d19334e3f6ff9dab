/**
 * The map routes: the client's public configuration, and sites of a bounding box as
 * GeoJSON — your own sites named, other (confidential) organizations' sites only as H3
 * cells with roles and resource types, never quantities; the search for organizations the
 * caller may name. Also: the CSP the map client needs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetStores } from "../helpers/stores.ts";
import { externalOf } from "../../domain/node-ref.ts";
import { fieldsOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, V1 } from "./fixtures.ts";

describe("/map/sites and /client-config", () => {
  let api: TestApi;
  let ada: Actor, ben: Actor, cara: Actor;
  let adaSite: string, benSite: string, benEmpty: string, caraSite: string;
  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [ada, ben, cara] = await Promise.all([api.actor("org_admin", [], "ada"), api.actor("org_admin", [], "ben"), api.actor("org_admin", [], "cara")]);
    const aarhus = (await anOrganization(api, ada, { name: "Aarhus Mejeri A/S" })).externalId;
    const billund = (await anOrganization(api, ben, { name: "Billund Gartneri ApS" })).externalId;
    const odense = (await anOrganization(api, cara, { name: "Odense Bryggeri A/S", disclosure: "public" })).externalId;
    caraSite = (await aSiteOf(api, cara, odense, { name: "Cara brewhouse", lat: 55.4, lon: 10.39 })).externalId;
    adaSite = (await aSiteOf(api, ada, aarhus, { name: "Ada dairy", lat: 56.15, lon: 10.2 })).externalId;
    benSite = (await aSiteOf(api, ben, billund, { name: "Ben greenhouse", lat: 55.73, lon: 9.12 })).externalId;
    benEmpty = (await aSiteOf(api, ben, billund, { name: "Ben depot", lat: 55.74, lon: 9.13 })).externalId;
    await aFlowAt(api, ada, adaSite, { direction: "offer" });
    await aFlowAt(api, ben, benSite, { direction: "need" });
    await aFlowAt(api, ben, benSite, { direction: "offer" });
  });
  afterAll(async () => api?.stop());

  it("client-config is public and says there is no Mapbox token", async () => {
    const res = await api.request("get", `${V1}/client-config`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mapboxAccessToken: null, mapStyleUrl: null });
  });

  it("returns the sites of the box as GeoJSON with roles; your own named, a confidential organization's only as H3 cells", async () => {
    const res = await api.request("get", `${V1}/map/sites?bbox=8,55,11,57`, { token: ada.token });
    expect(res.status).toBe(200);
    const body = res.body as { type: string; truncated: boolean; features: { id: string; geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] };
    expect(body.type).toBe("FeatureCollection");
    expect(body.truncated).toBe(false);
    const byId = new Map(body.features.map((f) => [f.id, f]));
    expect(byId.get(adaSite)?.properties).toMatchObject({ id: adaSite, role: "supplier", own: true, name: "Ada dairy", orgName: "Aarhus Mejeri A/S" });
    // A public organization's site is named with its organization.
    expect(body.features.find((f) => f.properties.name === "Cara brewhouse")?.properties).toMatchObject({ kind: "site", own: false, orgName: "Odense Bryggeri A/S" });
    expect(byId.get(adaSite)?.geometry.coordinates).toEqual([10.2, 56.15]);
    // Ben's sites carry no id, name or exact point: only cells, which say how many sites and what they do.
    expect(byId.has(benSite)).toBe(false);
    expect(byId.has(benEmpty)).toBe(false);
    const cells = body.features.filter((f) => f.properties.kind === "cell");
    expect(cells.reduce((n, f) => n + (f.properties.sites as number), 0)).toBe(2);
    expect(cells.map((f) => f.properties.role)).toContain("both");
    for (const f of cells) expect(f.id).toBe(`cell:${f.properties.cell}`);
    expect(body.features.some((f) => f.geometry.coordinates[0] === 9.12 && f.geometry.coordinates[1] === 55.73)).toBe(false);
    expect(JSON.stringify(body)).not.toMatch(new RegExp(`quantity|annual|Ben greenhouse|Ben depot|Billund Gartneri|${benSite}|${benEmpty}`, "i"));
  });

  it("the search finds your own and public organizations by name wherever they are, never a confidential one", async () => {
    type Found = { items: { name: string; own: boolean; sites: { id: string; name: string; lon: number; lat: number }[] }[] };
    const search = async (q: string, actor = ada) => {
      const res = await api.request("get", `${V1}/map/organizations/search?q=${encodeURIComponent(q)}`, { token: actor.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body as Found).items;
    };
    expect(await search("aarhus mejeri")).toEqual([{ name: "Aarhus Mejeri A/S", own: true, sites: [{ id: adaSite, name: "Ada dairy", lon: 10.2, lat: 56.15 }] }]);
    const bryggeri = await search("Bryggeri");
    expect(bryggeri.map((o) => [o.name, o.own, o.sites.map((s) => s.name)])).toEqual([["Odense Bryggeri A/S", false, ["Cara brewhouse"]]]);
    // The id the map's named point carries for it.
    expect(externalOf(bryggeri[0]!.sites[0]!.id)).toBe(caraSite);
    expect(await search("Billund Gartneri")).toEqual([]);
    expect(await search("Gartneri")).toEqual([]);
    // Ben finds his own, by a part of its name.
    expect((await search("gartneri", ben)).map((o) => [o.name, o.own, o.sites.length])).toEqual([["Billund Gartneri ApS", true, 2]]);
    const short = await api.request("get", `${V1}/map/organizations/search?q=a`, { token: ada.token });
    expect(short.status).toBe(400);
    expect(fieldsOf(short)).toContain("query.q");
    expect((await api.request("get", `${V1}/map/organizations/search?q=Odense`)).status).toBe(401);
  });

  it("only sites inside the box; a bad box is a 400 naming query.bbox; anonymous callers get 401", async () => {
    const north = await api.request("get", `${V1}/map/sites?bbox=9,55.7,9.5,56`, { token: ada.token });
    const inside = (north.body as { features: { properties: { kind: string; sites: number } }[] }).features;
    expect(inside.every((f) => f.properties.kind === "cell")).toBe(true);
    expect(inside.reduce((n, f) => n + f.properties.sites, 0)).toBe(2);
    const bad = await api.request("get", `${V1}/map/sites?bbox=1,2,3`, { token: ada.token });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toContain("query.bbox");
    expect((await api.request("get", `${V1}/map/sites?bbox=8,55,11,57`)).status).toBe(401);
  });

  it("sends a CSP that lets the WebGL map run (blob: workers, data:/blob: images, websockets)", async () => {
    const res = await api.request("get", `${V1}/client-config`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toMatch(/img-src 'self' data: blob:/);
    expect(csp).toMatch(/connect-src 'self' ws: wss:/);
    expect(csp).not.toMatch(/mapbox\.com/);
  });
});
