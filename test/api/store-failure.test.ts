/**
 * No half-writes (ingest/write-path.ts): PostGIS is made to fail on purpose — a trigger on
 * the site index raising an exception, installed by the test and dropped afterwards — and
 * every surface answers with a problem (422 when the database refuses the record, 503 when
 * it is unavailable), never a 500, while Neo4j and PostGIS keep agreeing: the site is in
 * neither store. An import row meets the same failure as a refused row, and its job completes.
 * A COMMIT that fails after the graph's is never answered as accepted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { aSite } from "../helpers/builders.ts";
import { problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { csvText, startTestIngestWorker, storeCounts } from "../helpers/imports.ts";
import { resetStores } from "../helpers/stores.ts";
import type { IngestWorker } from "../../ingest/imports/worker.ts";
import { anOrganization, V1 } from "./fixtures.ts";

// 'P0001' is what RAISE raises (a refusal, like a constraint); '57P03' is "cannot connect now" (the database away).
const REFUSED = "P0001";
const UNAVAILABLE = "57P03";

describe("a PostGIS write that fails after Neo4j accepted it", () => {
  let api: TestApi;
  let ada: Actor;
  let aarhus: string;
  let worker: IngestWorker | undefined;

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    ada = await api.actor("org_admin", [], "ada");
    aarhus = (await anOrganization(api, ada)).externalId;
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await api.knex.raw("drop trigger if exists turash_test_fail on site_index");
    await api.knex.raw("drop trigger if exists turash_test_fail_at_commit on site_index");
    await api.knex.raw("drop function if exists turash_test_fail()");
  });
  afterAll(async () => api?.stop());

  async function failSiteIndex(sqlstate: string) {
    await api.knex.raw(`create function turash_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'site_index write failed on purpose by a test' using errcode = '${sqlstate}'; end $$`);
    await api.knex.raw("create trigger turash_test_fail before insert or update or delete on site_index for each row execute function turash_test_fail()");
  }

  /** The site as each store holds it: its version in Neo4j and in PostGIS (null when absent). */
  async function inStores(id: string) {
    const { records } = await api.stores.neo4j.executeQuery("MATCH (s:Site {id: $id}) RETURN s.version AS version, s.name AS name", { id });
    const row = await api.knex("site_index").where({ site_id: id }).first("version");
    return { graph: records[0] ? { version: Number(records[0].get("version")), name: records[0].get("name") } : null, index: row ? { version: row.version } : null };
  }

  it("POST /sites answers 422 STORE_REFUSED when PostGIS refuses the row; the site is in neither store and reads as 404", async () => {
    await failSiteIndex(REFUSED);
    const site = aSite(aarhus, { name: "Refused harbour" });

    const res = await api.request("post", `${V1}/sites`, { token: ada.token, body: site });

    expect(res.status).toBe(422);
    expect(problemOf(res)).toMatchObject({ code: "STORE_REFUSED", status: 422 });
    expect((await api.request("get", `${V1}/sites/${site.externalId}`, { token: ada.token })).status).toBe(404);
    expect(await inStores(site.externalId)).toEqual({ graph: null, index: null });
  });

  it("POST /sites answers 503 naming postgres when PostGIS is unavailable; nothing is written, and a retry once it is back succeeds", async () => {
    await failSiteIndex(UNAVAILABLE);
    const site = aSite(aarhus, { name: "Unavailable harbour" });

    const res = await api.request("post", `${V1}/sites`, { token: ada.token, body: site });

    expect(res.status).toBe(503);
    expect(problemOf(res)).toMatchObject({ code: "SERVICE_UNAVAILABLE", service: "postgres" });
    expect(problemOf(res).detail).toContain("Nothing was changed");
    expect((await api.request("get", `${V1}/sites/${site.externalId}`, { token: ada.token })).status).toBe(404);
    expect(await inStores(site.externalId)).toEqual({ graph: null, index: null });

    await api.knex.raw("drop trigger turash_test_fail on site_index");
    const retry = await api.request("post", `${V1}/sites`, { token: ada.token, body: site });
    expect(retry.status).toBe(201);
    expect(await inStores(site.externalId)).toEqual({ graph: { version: 1, name: "Unavailable harbour" }, index: { version: 1 } });
  });

  it("an edit and a delete that PostGIS fails leave the site as it was in both stores", async () => {
    const site = aSite(aarhus, { name: "Kept harbour" });
    expect((await api.request("post", `${V1}/sites`, { token: ada.token, body: site })).status).toBe(201);
    await failSiteIndex(UNAVAILABLE);

    const edit = await api.request("patch", `${V1}/sites/${site.externalId}`, { token: ada.token, body: { version: 1, name: "Renamed harbour", lat: 56.9, lon: 8.6 } });
    const removal = await api.request("delete", `${V1}/sites/${site.externalId}`, { token: ada.token });

    expect([edit.status, removal.status]).toEqual([503, 503]);
    expect(problemOf(removal).code).toBe("SERVICE_UNAVAILABLE");
    expect(await inStores(site.externalId)).toEqual({ graph: { version: 1, name: "Kept harbour" }, index: { version: 1 } });
    const read = await api.request("get", `${V1}/sites/${site.externalId}`, { token: ada.token });
    expect(read.body).toMatchObject({ name: "Kept harbour", version: 1 });
  });

  it("a PostgreSQL COMMIT that fails after the graph committed is answered 503, not 201; the same request again completes the write in both stores", async () => {
    // A deferred constraint trigger raises in PostgreSQL's COMMIT itself — the instant a
    // PostgreSQL killed mid-write fails in (test/faults): the graph has committed already.
    await api.knex.raw(`create function turash_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'COMMIT failed on purpose by a test' using errcode = '${UNAVAILABLE}'; end $$`);
    await api.knex.raw(
      "create constraint trigger turash_test_fail_at_commit after insert on site_index deferrable initially deferred for each row execute function turash_test_fail()",
    );
    const site = aSite(aarhus, { name: "Half-written harbour" });

    const res = await api.request("post", `${V1}/sites`, { token: ada.token, body: site });

    expect(res.status).toBe(503);
    expect(problemOf(res)).toMatchObject({ code: "SERVICE_UNAVAILABLE", service: "postgres" });
    expect(problemOf(res).detail).toContain("send the same request again");
    expect(await inStores(site.externalId)).toEqual({ graph: { version: 1, name: "Half-written harbour" }, index: null });

    await api.knex.raw("drop trigger turash_test_fail_at_commit on site_index");
    const retry = await api.request("post", `${V1}/sites`, { token: ada.token, body: site });
    expect(retry.status).toBe(201);
    expect(await inStores(site.externalId)).toEqual({ graph: { version: 1, name: "Half-written harbour" }, index: { version: 1 } });
    const audit = await api.knex("audit_log").where({ entity_type: "site", action: "created" }).whereLike("entity_id", `%${site.externalId}`).count<{ n: string }[]>("* as n");
    expect(Number(audit[0]!.n), "one 'created' audit entry").toBe(1);
  });

  const HEADER = ["Site name", "Latitude", "Longitude", "Direction", "Resource type", "Quantity", "Unit"];
  const file = csvText(HEADER, [
    ["Nord dock", "56.15", "10.2", "offer", "waste_heat_low", "2500", "MWh/yr"],
    ["Syd dock", "56.10", "10.21", "offer", "waste_heat_low", "900", "MWh/yr"],
  ], ",");

  async function importFinished(id: string) {
    for (let i = 0; i < 600; i++) {
      const res = await api.request("get", `${V1}/imports/${id}`, { token: ada.token });
      if (res.body.status === "completed") return res.body;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`import ${id} never completed`);
  }

  async function importWhileFailing(sqlstate: string) {
    const before = await storeCounts(api.stores);
    await failSiteIndex(sqlstate);
    const res = await fetch(`${api.url}${V1}/imports?org=${aarhus}`, { method: "POST", headers: { authorization: `Bearer ${ada.token}`, "content-type": "text/csv" }, body: file });
    expect(res.status).toBe(202);
    const job = await importFinished((await res.json()).id);
    const after = await storeCounts(api.stores);
    expect({ graphSites: after.graphSites, indexSites: after.indexSites, graphFlows: after.graphFlows, indexFlows: after.indexFlows }).toEqual({
      graphSites: before.graphSites,
      indexSites: before.indexSites,
      graphFlows: before.graphFlows,
      indexFlows: before.indexFlows,
    });
    expect(after.graphSites).toBe(after.indexSites);
    return job;
  }

  it("an import row whose PostGIS write is refused is a refused row with the reason; the job completes", async () => {
    worker = await startTestIngestWorker(api.stores);
    const job = await importWhileFailing(REFUSED);

    expect(job.rows).toMatchObject({ received: 2, imported: 0, refused: 2 });
    expect(job.errors).toEqual([
      expect.objectContaining({ line: 2, reason: expect.stringContaining("could not be stored") }),
      expect.objectContaining({ line: 3, reason: expect.stringContaining("could not be stored") }),
    ]);
  });

  it("an import whose PostGIS stays unavailable does not wait forever: after the last retry its rows are refused as not written", async () => {
    worker = await startTestIngestWorker(api.stores, { maxDeliver: 2, nakDelayMs: () => 50 });
    const job = await importWhileFailing(UNAVAILABLE);

    expect(job.rows).toMatchObject({ received: 2, imported: 0, refused: 2 });
    expect(job.errors).toEqual([
      expect.objectContaining({ line: 2, field: "(row)", reason: expect.stringMatching(/^not written: gave up after 2 deliveries: postgres is unavailable/) }),
      expect.objectContaining({ line: 3, field: "(row)", reason: expect.stringMatching(/^not written: gave up after 2 deliveries/) }),
    ]);
  });
});
