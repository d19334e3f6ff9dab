/**
 * Strict request bodies: an unknown field is a 400 application/problem+json naming it (at
 * any depth), never silently dropped — `PATCH /sites/:id {"siteId": …}` used to answer 200
 * and change nothing. The OpenAPI document says so: every request body object has
 * `additionalProperties: false`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { resetStores } from "../helpers/stores.ts";
import { actorsOf, expectEachRefused, problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, aStoredMatch, V1 } from "./fixtures.ts";

describe("unknown body fields are refused, naming them", () => {
  let api: TestApi;
  let ada: Actor, ben: Actor;
  let org: string, other: string, site: string, flow: string, need: string;

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [ada, ben] = await actorsOf(api, [["org_admin", "ada"], ["org_admin", "ben"]]);
    org = (await anOrganization(api, ada)).externalId;
    other = (await anOrganization(api, ben, { name: "Greenhouse ApS", naceCode: "01.13" })).externalId;
    site = (await aSiteOf(api, ada, org)).externalId;
    flow = (await aFlowAt(api, ada, site)).externalId;
    need = (await aFlowAt(api, ben, (await aSiteOf(api, ben, other)).externalId, { direction: "need" })).externalId;
  });
  afterAll(async () => api?.stop());

  const send = (method: "post" | "patch", path: string) => (body: unknown) => api.request(method, `${V1}${path}`, { token: ada.token, body });

  it("organizations: POST and PATCH", async () => {
    await expectEachRefused(
      [
        [{ ...aBusiness(), colour: "green" }, "body.colour"],
        [{ ...aBusiness(), contact: { name: "Ida", email: "ida@example.test", fax: "123" } }, "body.contact.fax"],
      ],
      send("post", "/organizations"),
    );
    await expectEachRefused([[{ version: 1, externalId: "renamed" }, "body.externalId"]], send("patch", `/organizations/${org}`));
  });

  it("sites: POST and PATCH (the PATCH that named siteId and changed nothing)", async () => {
    await expectEachRefused(
      [
        [{ ...aSite(org), owner: "me" }, "body.owner"],
        [{ ...aSite(org), address: { city: "Kalundborg", planet: "Earth" } }, "body.address.planet"],
      ],
      send("post", "/sites"),
    );
    const res = await send("patch", `/sites/${site}`)({ version: 1, siteId: "elsewhere" });
    expect(res.status).toBe(400);
    expect(problemOf(res).errors).toEqual([{ field: "body.siteId", message: expect.stringMatching(/not a known field/) }]);
    expect((await api.request("get", `${V1}/sites/${site}`, { token: ada.token })).body.version).toBe(1);
  });

  it("resource flows: POST and PATCH, nested objects included", async () => {
    await expectEachRefused(
      [
        [{ ...aFlow(site), hazardous: true }, "body.hazardous"],
        [{ ...aFlow(site), quality: { temperatureC: 60, colour: "brown" } }, "body.quality.colour"],
        [{ ...aFlow(site), quantity: { value: 1, unit: "MWh/yr", peak: 3 } }, "body.quantity.peak"],
      ],
      send("post", "/resource-flows"),
    );
    await expectEachRefused(
      [
        [{ version: 1, siteId: "elsewhere" }, "body.siteId"],
        [{ version: 1, availability: { schedule: { hoursPerWeek: 40, shifts: 2 } } }, "body.availability.schedule.shifts"],
      ],
      send("patch", `/resource-flows/${flow}`),
    );
  });

  it("proposals: POST and the lifecycle bodies", async () => {
    const matchId = await aStoredMatch(api, { supplyFlowId: flow, demandFlowId: need, supplyOrgId: org, demandOrgId: other });
    await expectEachRefused([[{ externalId: "prop-strict-1", matchId, message: "Heat for your greenhouse?", priority: "high" }, "body.priority"]], send("post", "/proposals"));
    const created = await send("post", "/proposals")({ externalId: "prop-strict-2", matchId, message: "Heat for your greenhouse?" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    await expectEachRefused([[{ status: "withdrawn", version: created.body.version, why: "changed my mind" }, "body.why"]], send("post", `/proposals/${id}/status`));
    await expectEachRefused([[{ to: "reserved", version: created.body.version, urgent: true }, "body.urgent"]], send("post", `/proposals/${id}/deal`));
  });

  it("the OpenAPI document closes every request body object", async () => {
    const doc = (await api.request("get", "/openapi.json")).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>; components?: { schemas?: Record<string, unknown> } };
    const open: string[] = [];
    const resolve = (node: Record<string, unknown>) => (typeof node.$ref === "string" ? (doc.components?.schemas?.[node.$ref.split("/").pop()!] as Record<string, unknown>) : node);
    const walk = (raw: unknown, at: string, seen: Set<unknown>) => {
      if (raw === null || typeof raw !== "object" || seen.has(raw)) return;
      seen.add(raw);
      const node = resolve(raw as Record<string, unknown>);
      if (node.type === "object" && node.properties !== undefined && node.additionalProperties !== false) open.push(at);
      for (const [key, child] of Object.entries(node)) {
        if (Array.isArray(child)) child.forEach((c, i) => walk(c, `${at}.${key}.${i}`, seen));
        else walk(child, `${at}.${key}`, seen);
      }
    };
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content["application/json"]?.schema;
        if (schema) walk(schema, `${method.toUpperCase()} ${path}`, new Set());
      }
    expect(open).toEqual([]);
  });
});
