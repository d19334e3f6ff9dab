/** Rows pushed over a signed webhook become an import of the endpoint's organization's own sites and flows. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestWorker } from "../../ingest/imports/worker.ts";
import { startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { resetStores } from "../helpers/stores.ts";
import { startTestIngestWorker, waitForJob } from "../helpers/imports.ts";
import { anOrganization, aSiteOf } from "../api/fixtures.ts";
import { anEndpoint, deliver, type Endpoint } from "./fixtures.ts";

describe("POST /api/v1/webhooks/imports", () => {
  let api: TestApi;
  let worker: IngestWorker;
  let owner: Actor;
  let orgId: string;
  let site: { externalId: string; lat: number; lon: number };
  let endpoint: Endpoint;

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    worker = await startTestIngestWorker(api.stores);
    owner = await api.actor("org_admin", [], "push-owner");
    orgId = (await anOrganization(api, owner)).externalId;
    site = await aSiteOf(api, owner, orgId);
    endpoint = await anEndpoint(api, owner, orgId);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
  });

  it("queues the rows as the organization's own import and reports them like a file", async () => {
    const rows = [
      { lat: site.lat, lon: site.lon, direction: "offer", resourceType: "waste_heat_low", quantity: 1800, unit: "MWh/yr", temperatureC: 45 },
      { lat: site.lat, lon: site.lon, direction: "need", resourceType: "steam", quantity: -5, unit: "MWh/yr" },
    ];

    const res = await deliver(api, endpoint, { rows }, { path: "/webhooks/imports" });

    expect(res.status).toBe(202);
    const job = await waitForJob(api.stores, res.body.id);
    expect(job).toMatchObject({ source: "webhook", ownerOrgId: orgId, rows: { received: 2, created: 1, refused: 1 } });
    const report = await api.request("get", `/api/v1/imports/${job.id}`, { token: owner.token });
    expect(report.body.errors).toEqual([expect.objectContaining({ line: 2, field: "quantity", reason: "must be greater than 0" })]);
    const flows = await api.request("get", `/api/v1/resource-flows?site=${site.externalId}`, { token: owner.token });
    expect(flows.body.items.map((f: { resourceType: string }) => f.resourceType)).toEqual(["waste_heat_low"]);    const audit = await api.request("get", `/api/v1/audit?action=import.submitted`, { token: owner.token });
    expect(audit.body.items).toContainEqual(expect.objectContaining({ actor: `webhook:${endpoint.id}`, entityId: job.id, payload: expect.objectContaining({ source: "webhook" }) }));
  });

  it("refuses a delivery over IMPORT_MAX_BYTES with a 413 problem naming the limit, and creates no job", async () => {
    const small = await startHttpApi({ IMPORT_MAX_BYTES: "4096" });
    try {
      const own = await anEndpoint(small, owner, orgId, "small ERP");
      const rows = Array.from({ length: 100 }, () => ({ lat: site.lat, lon: site.lon, direction: "offer", resourceType: "waste_heat_low", quantity: 1800, unit: "MWh/yr" }));
      const jobsBefore = await small.knex("import_jobs").count("* as n").first();

      const res = await deliver(small, own, { rows }, { path: "/webhooks/imports" });

      expect(res.status).toBe(413);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body).toMatchObject({ code: "PAYLOAD_TOO_LARGE", limitBytes: 4096, detail: expect.stringContaining("IMPORT_MAX_BYTES") });
      expect(await small.knex("import_jobs").count("* as n").first()).toEqual(jobsBefore);
    } finally {
      await small.stop();
    }
  });

  it("refuses an unsigned delivery of rows", async () => {
    const res = await api.request("post", "/api/v1/webhooks/imports", { body: { rows: [{ lat: 1, lon: 1 }] } });
    expect(res.status).toBe(401);
  });
});
