/**
 * Input hygiene at the boundary: one string rule for every field, plausible quantities,
 * and JSON bodies that are JSON — each refusal a 4xx problem naming the field, with
 * nothing written.
 */
import { maxHeaderSize } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi } from "../helpers/api.ts";
import { aFlow, aSite } from "../helpers/builders.ts";
import { csvText, startTestIngestWorker } from "../helpers/imports.ts";
import { fieldsOf, problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { resetStores } from "../helpers/stores.ts";
import type { IngestWorker } from "../../ingest/imports/worker.ts";
import { anOrganization, aSiteOf, V1 } from "./fixtures.ts";

describe("input hygiene", () => {
  let api: TestApi;
  let ada: Actor;
  let orgId: string;
  let siteId: string;
  beforeAll(async () => {
    api = await startHttpApi({ JSON_BODY_LIMIT_BYTES: "4096" });
    await resetStores(api.stores);
    ada = await api.actor("org_admin", [], "ada");
    orgId = (await anOrganization(api, ada)).externalId;
    siteId = (await aSiteOf(api, ada, orgId)).externalId;
  });
  afterAll(async () => api?.stop());

  const sitesInGraph = async (id: string) => Number((await api.stores.neo4j.executeQuery("MATCH (s:Site {id: $id}) RETURN count(s) AS n", { id })).records[0]!.get("n"));
  const sitesIndexed = async (id: string) => Number((await api.knex("site_index").where({ site_id: id }).count<{ count: string }[]>("* as count"))[0]!.count);

  it("a NUL or another control character in any string field is a 400 naming the field, and nothing is written", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "\u0000" }, "body.name"],
      [{ name: "Plant\u001b[31m" }, "body.name"],
      [{ name: "Two\nlines" }, "body.name"],
      [{ name: "evil\u202egnp.exe" }, "body.name"],
      [{ name: "half \ud800 pair" }, "body.name"],
      [{ address: { city: "Aarhus\u0007" } }, "body.address.city"],
    ];
    for (const [change, field] of cases) {
      const site = aSite(orgId, change);

      const res = await api.request("post", `${V1}/sites`, { token: ada.token, body: site });

      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(change)).toEqual([field]);
      expect(problemOf(res).code).toBe("VALIDATION_FAILED");
      expect(await sitesInGraph(site.externalId)).toBe(0);
      expect(await sitesIndexed(site.externalId)).toBe(0);
    }
  });

  it("free text (a flow's description) may hold line breaks and tabs, but no other control character", async () => {
    const multiline = aFlow(siteId, { description: "Condensate from the pasteuriser\n\tabout 60 °C" });
    const withNul = aFlow(siteId, { description: "Condensate\u0000" });

    const ok = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: multiline });
    const refused = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: withNul });

    expect(ok.status).toBe(201);
    expect(ok.body.description).toBe(multiline.description);
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused)).toEqual(["body.description"]);
  });

  it("a control character in a query parameter — known or not — is a 400 naming it", async () => {
    for (const [query, field] of [
      ["direction=%00", "query.direction"],
      ["limit=5%09", "query.limit"],
      ["cursor=ab%1Bc", "query.cursor"],
      ["unheard=%7F", "query.unheard"],
    ]) {
      const res = await api.request("get", `${V1}/resource-flows?${query}`, { token: ada.token });

      expect(res.status, query).toBe(400);
      expect(fieldsOf(res), query).toContain(field);
    }
  });

  it("quantities beyond the largest industrial sites, or subnormal, are a 400 naming the value; the plausible range goes in", async () => {
    const cases = [
      { value: 1e15, unit: "TWh/yr" },
      { value: 2e5, unit: "TWh/yr" },
      { value: 1e-320, unit: "MWh/yr" },
      { value: 5e9, unit: "kW" },
    ];
    for (const quantity of cases) {
      const res = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: aFlow(siteId, { quantity }) });

      expect(res.status, JSON.stringify(quantity)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(quantity)).toEqual(["body.quantity.value"]);
    }
    const largest = await api.request("post", `${V1}/resource-flows`, { token: ada.token, body: aFlow(siteId, { quantity: { value: 100, unit: "TWh/yr" } }) });
    expect(largest.status).toBe(201);
  });

  it("a body that is not JSON by its media type is a 415; empty, blank, scalar or malformed JSON is a 400 naming body; over the limit a 413", async () => {
    const site = JSON.stringify(aSite(orgId));
    const send = (body: string, type?: string) => api.request("post", `${V1}/sites`, { token: ada.token, body, headers: type ? { "content-type": type } : {} });

    const asText = await send(site, "text/plain");
    const asForm = await send("name=x", "application/x-www-form-urlencoded");
    expect([asText.status, asForm.status]).toEqual([415, 415]);
    expect(problemOf(asText).code).toBe("UNSUPPORTED_MEDIA_TYPE");

    for (const body of ["", "   ", '"a site"', "42", "null", "true", '{"name": ', "{'name': 1}"]) {
      const res = await send(body, "application/json");
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(body)).toEqual(["body"]);
    }
    const list = await send("[1, 2]", "application/json");
    expect(list.status).toBe(400);
    expect(fieldsOf(list)).toEqual(["body"]);

    const huge = await send(JSON.stringify({ ...aSite(orgId), description: "x".repeat(5000) }), "application/json");
    expect(huge.status).toBe(413);
    expect(problemOf(huge)).toMatchObject({ code: "PAYLOAD_TOO_LARGE", field: "body", limitBytes: 4096 });
  });
});

describe("input hygiene in imports", () => {
  let api: TestApi;
  let worker: IngestWorker;
  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    worker = await startTestIngestWorker(api.stores);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
  });

  it("a control character in a CSV cell refuses that row with its line and column; the other rows go in", async () => {
    const facilitator = await api.actor("facilitator");
    const header = ["Company", "NACE", "Latitude", "Longitude", "Direction", "Resource type", "Quantity", "Unit", "Description"];
    const good = ["Holbæk Mejeri A/S", "10.51", "55.715", "11.71", "offer", "waste_heat_low", "2500", "MWh/yr", "Pasteuriser\ncondensate"];
    const bad = ["Kalundborg\u0000 Energi", "35.30", "55.68", "11.09", "offer", "waste_heat_low", "900", "MWh/yr", ""];
    const res = await fetch(`${api.url}${V1}/imports`, { method: "POST", headers: { authorization: `Bearer ${facilitator.token}`, "content-type": "text/csv" }, body: csvText(header, [good, bad], ",") });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };

    let report: { status: string; rows: Record<string, number>; errors: { line: number; field: string; reason: string; value?: string }[] } | undefined;
    for (let i = 0; i < 300 && report?.status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      report = (await api.request("get", `${V1}/imports/${id}`, { token: facilitator.token })).body;
    }

    expect(report?.rows).toMatchObject({ received: 2, imported: 1, refused: 1 });
    // Line numbers are the file's: the good row's quoted description spans lines 2 and 3.
    expect(report?.errors).toEqual([{ line: 4, field: "Company", reason: expect.stringMatching(/control characters \(U\+0000/), value: "Kalundborg\\u{0} Energi" }]);
  });
});

describe("input hygiene before the app: what Node's HTTP parser refuses", () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  it("headers over the server's limit are a 431 problem, and bytes that are not HTTP a 400 problem (the fuzz suite found bare status lines)", async () => {
    const res = await fetch(`${api.url}${V1}/sites?q=${"x".repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 431, code: "HEADERS_TOO_LARGE", field: "headers", limitBytes: maxHeaderSize });

    const { port } = api.server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.end("NOT HTTP AT ALL\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain("Content-Type: application/problem+json");
    expect(JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4))).toMatchObject({ status: 400, code: "BAD_REQUEST" });
  });
});
