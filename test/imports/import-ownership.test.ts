/**
 * An import never moves or overwrites another organization's records: a row naming
 * another organization's site or flow id is refused (without saying whose it is) while
 * the rest of the file goes in, and a directory import never changes an existing
 * organization's profile. REST upload, signed webhook and directory import alike.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Business } from "../../domain/schemas/business.ts";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import type { Site } from "../../domain/schemas/site.ts";
import type { IngestWorker } from "../../ingest/imports/worker.ts";
import { aFlowAt, anOrganization, aSiteOf, V1 } from "../api/fixtures.ts";
import { startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { csvText, startTestIngestWorker, waitForJob } from "../helpers/imports.ts";
import { resetStores } from "../helpers/stores.ts";
import { anEndpoint, deliver } from "../webhooks/fixtures.ts";

const HEADER = ["Site ID", "Flow ID", "Latitude", "Longitude", "Direction", "Resource type", "Quantity", "Unit", "Temperature (°C)"];

describe("imports cannot take over another organization's records", () => {
  let api: TestApi;
  let worker: IngestWorker;
  let ada: Actor, bea: Actor, facilitator: Actor;
  let aarhus: string, bornholm: Business, bSite: Site, bFlow: ResourceFlow, aSite: Site;

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    worker = await startTestIngestWorker(api.stores);
    [ada, bea, facilitator] = await Promise.all([api.actor("org_admin", [], "ada"), api.actor("org_admin", [], "bea"), api.actor("facilitator", [], "fay")]);
    aarhus = (await anOrganization(api, ada, { name: "Aarhus Foods" })).externalId;
    aSite = await aSiteOf(api, ada, aarhus, { lat: 56.15, lon: 10.2 });
    bornholm = await anOrganization(api, bea, { name: "Bornholm Steel", size: "large", contact: { name: "CEO", email: "ceo@bornholm.example" } });
    bSite = await aSiteOf(api, bea, bornholm.externalId, { name: "Furnace hall", lat: 55.1, lon: 14.9 });
    bFlow = await aFlowAt(api, bea, bSite.externalId, { description: "slag from the furnace" });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
  });

  async function upload(token: string, body: string, query: string) {
    const res = await fetch(`${api.url}${V1}/imports${query}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body });
    expect(res.status).toBe(202);
    return waitForJob(api.stores, ((await res.json()) as { id: string }).id);
  }

  const report = async (token: string, id: string) => (await api.request("get", `${V1}/imports/${id}`, { token })).body;

  /** Bornholm sees its site, flow and profile exactly as it registered them. */
  async function bornholmUntouched() {
    const site = await api.request("get", `${V1}/sites/${bSite.externalId}`, { token: bea.token });
    const flow = await api.request("get", `${V1}/resource-flows/${bFlow.externalId}`, { token: bea.token });
    const org = await api.request("get", `${V1}/organizations/${bornholm.externalId}`, { token: bea.token });
    expect(site.body).toMatchObject({ name: "Furnace hall", orgId: bornholm.externalId, lat: 55.1, version: 1 });
    expect(flow.body).toMatchObject({ siteId: bSite.externalId, orgId: bornholm.externalId, description: "slag from the furnace", version: 1 });
    expect(org.body).toMatchObject({ name: "Bornholm Steel", size: "large", contact: { email: "ceo@bornholm.example" }, version: 1 });
    const indexed = await api.knex("flow_index").where({ flow_id: bFlow.externalId }).first();
    expect(indexed).toMatchObject({ org_id: bornholm.externalId, site_id: bSite.externalId, version: 1 });
    const { records } = await api.stores.neo4j.executeQuery("MATCH (b:Business)-[:OPERATES]->(:Site {id: $id}) RETURN b.id AS owner", { id: bSite.externalId });
    expect(records.map((r) => r.get("owner"))).toEqual([bornholm.externalId]);
  }

  it("a REST upload naming another organization's site or flow id refuses those rows and imports the rest", async () => {
    const file = csvText(HEADER, [
      [bSite.externalId, "", "55.1", "14.9", "offer", "waste_heat_low", "900", "MWh/yr", "60"],
      [bSite.externalId, "", "55.1", "14.9", "need", "steam", "400", "MWh/yr", "150"],
      [aSite.externalId, bFlow.externalId, "56.15", "10.2", "offer", "waste_heat_low", "1", "MWh/yr", "45"],
      [aSite.externalId, "aarhus-own-heat", "56.15", "10.2", "offer", "waste_heat_low", "2500", "MWh/yr", "45"],
    ], ",");

    const job = await upload(ada.token, file, `?org=${aarhus}`);

    expect(job.rows).toMatchObject({ received: 4, created: 1, refused: 3 });
    const { errors } = await report(ada.token, job.id);
    expect(errors).toEqual([
      expect.objectContaining({ line: 2, field: "Site ID", reason: "site id belongs to another organization" }),
      expect.objectContaining({ line: 3, field: "Site ID", reason: "site id belongs to another organization" }),
      expect.objectContaining({ line: 4, field: "Flow ID", reason: "flow id belongs to another organization" }),
    ]);
    expect(JSON.stringify(errors)).not.toContain(bornholm.externalId);
    const own = await api.request("get", `${V1}/resource-flows/aarhus-own-heat`, { token: ada.token });
    expect(own.body).toMatchObject({ orgId: aarhus, siteId: aSite.externalId });
    await bornholmUntouched();
  });

  it("a signed webhook delivery naming another organization's flow id is refused the same way", async () => {
    const endpoint = await anEndpoint(api, ada, aarhus);
    const rows = [
      { siteId: aSite.externalId, flowId: bFlow.externalId, lat: 56.15, lon: 10.2, direction: "offer", resourceType: "waste_heat_low", quantity: 5, unit: "MWh/yr", temperatureC: 45 },
      { siteId: bSite.externalId, lat: 55.1, lon: 14.9, direction: "need", resourceType: "steam", quantity: 5, unit: "MWh/yr" },
    ];

    const res = await deliver(api, endpoint, { rows }, { path: "/webhooks/imports" });

    expect(res.status).toBe(202);
    const job = await waitForJob(api.stores, res.body.id);
    expect(job.rows).toMatchObject({ received: 2, refused: 2, imported: 0 });
    const { errors } = await report(ada.token, job.id);
    expect(errors.map((e: { line: number; reason: string }) => [e.line, e.reason])).toEqual([
      [1, "flow id belongs to another organization"],
      [2, "site id belongs to another organization"],
    ]);
    await bornholmUntouched();
  });

  it("a facilitator's directory import naming an existing organization by company id keeps its profile as stored", async () => {
    const file = csvText(
      ["Company ID", "Company", "NACE", "Size", "Latitude", "Longitude", "Direction", "Resource type", "Quantity", "Unit"],
      [
        [bornholm.externalId, "Taken Over ApS", "10.51", "micro", "55.2", "14.8", "need", "steam", "300", "MWh/yr"],
        ["new-register-co", "Register Co", "23.51", "small", "55.6", "12.1", "offer", "fly_ash", "1200", "t/yr"],
      ],
      ",",
    );

    const job = await upload(facilitator.token, file, "");

    expect(job.rows).toMatchObject({ received: 2, refused: 0 });
    const { mergeRecords } = await report(facilitator.token, job.id);
    expect(mergeRecords).toEqual([expect.objectContaining({ line: 2, entityType: "business", intoId: bornholm.externalId, reason: expect.stringContaining("kept as stored") })]);
    const created = await api.request("get", `${V1}/organizations/new-register-co`, { token: facilitator.token });
    expect(created.body).toMatchObject({ name: "Register Co", size: "small" });
    await bornholmUntouched();
  });

  it("an organization's own record under an id another holds (created over REST) is reached by that id in an import, not refused", async () => {
    const ownSite = { ...aSite, externalId: bSite.externalId, name: "Aarhus annex" };
    expect((await api.request("post", `${V1}/sites`, { token: ada.token, body: ownSite })).status).toBe(201);
    const file = csvText(HEADER, [[bSite.externalId, "aarhus-annex-heat", "56.15", "10.2", "offer", "waste_heat_low", "700", "MWh/yr", "50"]], ",");

    const job = await upload(ada.token, file, `?org=${aarhus}`);

    expect(job.rows).toMatchObject({ received: 1, refused: 0 });
    const flow = await api.request("get", `${V1}/resource-flows/aarhus-annex-heat`, { token: ada.token });
    expect(flow.body).toMatchObject({ siteId: bSite.externalId, orgId: aarhus, quantity: { value: 700 } });
    const site = await api.request("get", `${V1}/sites/${bSite.externalId}`, { token: ada.token });
    expect(site.body).toMatchObject({ orgId: aarhus, lat: 56.15 });
    await bornholmUntouched();
  });
});
