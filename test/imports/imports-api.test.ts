import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi } from "../helpers/api.ts";
import { csvText, withIngestWorkerPerTest } from "../helpers/imports.ts";
import { writeContext } from "../helpers/stores.ts";
import { aBusiness, aSite } from "../helpers/builders.ts";
import { writeBusinesses, writeSites } from "../../ingest/write-path.ts";
import { anActor, listen, rest, V1 } from "../realtime/clients.ts";

type Api = Awaited<ReturnType<typeof startTestApi>>;

const HEADER = ["Company", "NACE", "Latitude", "Longitude", "Direction", "Resource type", "Quantity", "Unit", "Temperature (°C)"];
const GOOD = ["Holbæk Mejeri A/S", "10.51", "55.715", "11.71", "offer", "waste_heat_low", "2500", "MWh/yr", "40"];
const BAD = ["Nowhere Ltd", "10.51", "95", "11.7", "offer", "waste_heat_low", "2500", "MWh/yr", "40"];

describe("POST /api/v1/imports and GET /api/v1/imports/{id}", () => {
  const suite = withIngestWorkerPerTest();
  let api: Api;
  const r = () => rest(api.url);

  async function upload(token: string, body: string, type = "text/csv", query = "") {
    const res = await fetch(`${api.url}${V1}/imports${query}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": type }, body });
    return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.json() };
  }

  async function finished(token: string, id: string) {
    for (let i = 0; i < 300; i++) {
      const res = await r().request("get", `${V1}/imports/${id}`, { token });
      if (res.body.status === "completed") return res.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`import ${id} did not complete`);
  }

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  it("takes a facilitator's file with 202, reports the refused row by line and column, and shows progress live", async () => {
    const facilitator = await anActor(suite.stores.db.knex, r(), "facilitator");
    const socket = await listen(api.url, { token: facilitator.token });

    const res = await upload(facilitator.token, csvText(HEADER, [GOOD, BAD], ","), "text/csv", "?fileName=holbaek.csv");

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: "queued", fileName: "holbaek.csv", rows: { received: 2 }, links: { self: `/api/v1/imports/${res.body.id}` } });
    const job = await finished(facilitator.token, res.body.id);
    expect(job.rows).toMatchObject({ received: 2, imported: 1, created: 1, refused: 1 });
    expect(job.errors).toEqual([{ line: 3, field: "Latitude", reason: "must be ≤ 90 degrees latitude", value: "95" }]);
    expect(job.columns.mapped).toMatchObject({ Company: "companyName", "Temperature (°C)": "temperatureC" });
    const done = await socket.waitFor("import:progress", (p) => p.jobId === res.body.id && p.status === "completed", 10_000);
    expect(done).toMatchObject({ done: 2, total: 2, errors: 1, imported: 1 });
    socket.close();
  });

  it("refuses what cannot be imported with a problem naming the field", async () => {
    const facilitator = await anActor(suite.stores.db.knex, r(), "facilitator");

    const columns = await upload(facilitator.token, "Company,City\nA,B\n");
    expect(columns.status).toBe(400);
    expect(columns.type).toContain("application/problem+json");
    expect(columns.body.errors.map((e: { field: string }) => e.field)).toEqual(["columns.lat", "columns.resourceType"]);

    const media = await upload(facilitator.token, "<rows/>", "application/xml");
    expect(media.status).toBe(415);

    const mapping = await upload(facilitator.token, csvText(HEADER, [GOOD], ","), "text/csv", "?mapping=notjson");
    expect(mapping.status).toBe(400);
    expect(mapping.body.errors[0].field).toBe("query.mapping");
  });

  it("refuses a JSON upload that is no JSON array, and a header breaking the string rule, with a 400 naming it (the fuzz suite found 500s)", async () => {
    const facilitator = await anActor(suite.stores.db.knex, r(), "facilitator");

    for (const body of [csvText(HEADER, [GOOD], ","), "\ufeff[]", "", '{"rows": 1}', "[1, 2"]) {
      const res = await upload(facilitator.token, body, "application/json");
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.type).toContain("application/problem+json");
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(["file"]);
    }
    const nul = await upload(facilitator.token, csvText(["\u0000Company", ...HEADER.slice(1)], [GOOD], ","));
    expect(nul.status).toBe(400);
    expect(nul.body.errors.map((e: { field: string }) => e.field)).toEqual(["columns.\\u{0}Company", "columns.companyName"]);
  });

  it("keeps a refused NDJSON line whose parser message quotes a NUL or a lone surrogate, and imports the good line (the fuzz suite found a 500)", async () => {
    const facilitator = await anActor(suite.stores.db.knex, r(), "facilitator");
    const good = JSON.stringify(Object.fromEntries(HEADER.map((h, i) => [h, GOOD[i]])));

    const res = await upload(facilitator.token, `${good}\n\u0000 not json\n{"a": "\\ud800"} x\n`, "application/x-ndjson");

    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const job = await finished(facilitator.token, res.body.id);
    expect(job.rows).toMatchObject({ received: 3, imported: 1, refused: 2 });
    expect(job.errors.map((e: { line: number }) => e.line)).toEqual([2, 3]);
    expect(job.errors[0].reason).not.toContain("\u0000");
  });

  it("lets an organization import its own sites and flows, and nobody else's", async () => {
    const ctx = writeContext(suite.stores, "test");
    await writeBusinesses(ctx, [aBusiness({ externalId: "holbaek-dairy", name: "Holbæk Mejeri", naceCode: "10.51" })]);
    await writeSites(ctx, [aSite("holbaek-dairy", { externalId: "hd-main", lat: 55.715, lon: 11.71 })]);
    const owner = await anActor(suite.stores.db.knex, r(), "org_admin", ["holbaek-dairy"]);
    const stranger = await anActor(suite.stores.db.knex, r(), "org_admin", []);
    const own = csvText(["Latitude", "Longitude", "Direction", "Resource type", "Quantity", "Unit"], [["55.7152", "11.7101", "need", "steam", "8000", "MWh/yr"]], ",");

    expect((await upload(owner.token, own)).status).toBe(403); // a directory import is for facilitators
    expect((await upload(stranger.token, own, "text/csv", "?org=holbaek-dairy")).status).toBe(403);
    const res = await upload(owner.token, own, "text/csv", "?org=holbaek-dairy");
    expect(res.status).toBe(202);
    const job = await finished(owner.token, res.body.id);
    expect(job.rows).toMatchObject({ imported: 1, refused: 0 });

    const flows = await r().request("get", `${V1}/resource-flows?site=hd-main`, { token: owner.token });
    expect(flows.body.items).toEqual([expect.objectContaining({ siteId: "hd-main", resourceType: "steam", direction: "need", dataQuality: expect.objectContaining({ score: expect.any(Number) }) })]);
    expect((await r().request("get", `${V1}/imports/${res.body.id}`, { token: stranger.token })).status).toBe(404);
  });
});
