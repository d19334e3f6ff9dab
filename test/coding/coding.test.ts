/**
 * Coding help over HTTP on the real services: suggestions with their reasons, corrections
 * remembered for the same words (latest wins, history kept), who may do what, bad input.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { correctionHistory, loadCorrections, recordCorrection } from "../../ledgers/coding-corrections.ts";
import { suggestCoding } from "../../domain/coding/suggest.ts";
import { resetStores } from "../helpers/stores.ts";
import { actorsOf, fieldsOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, V1 } from "../api/fixtures.ts";

describe("/coding", () => {
  let api: TestApi;
  let olga: Actor, oscar: Actor, fiona: Actor, adam: Actor;
  let dairy: string, brewery: string;
  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [olga, oscar, fiona, adam] = await actorsOf(api, [["org_admin", "olga"], ["org_admin", "oscar"], ["facilitator", "fiona"], ["admin", "adam"]]);
    dairy = (await anOrganization(api, olga, { name: "Coding Dairy A/S" })).externalId;
    brewery = (await anOrganization(api, oscar, { name: "Coding Brewery ApS" })).externalId;
  });
  beforeEach(async () => {
    await api.knex.raw("truncate coding_corrections cascade");
  });
  afterAll(async () => api?.stop());

  const suggest = (description: unknown, actor: { token?: string } = olga) => api.request("post", `${V1}/coding/suggestions`, { token: actor.token, body: { description } });
  const correct = (body: Record<string, unknown>, actor: { token?: string } = olga) => api.request("post", `${V1}/coding/corrections`, { token: actor.token, body });
  const suggestNace = (body: unknown, actor: { token?: string } = olga) => api.request("post", `${V1}/coding/nace-suggestions`, { token: actor.token, body });
  const list = (query = "", actor: { token?: string } = fiona) => api.request("get", `${V1}/coding/corrections${query}`, { token: actor.token });

  it("suggests a type and EWC code with a confidence, the words that decided, and the runners-up", async () => {
    const res = await suggest("Spent brewer's grains from the mash tun");

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      description: "Spent brewer's grains from the mash tun",
      resourceType: "spent_grain",
      label: expect.any(String),
      ewcCode: "02 07 02",
      method: "keywords",
      reason: expect.stringMatching(/^matched /),
    });
    expect(res.body.confidence).toBeGreaterThan(0.5);
    expect(res.body.confidence).toBeLessThanOrEqual(1);
    expect(res.body.decidedBy.length).toBeGreaterThan(0);
    expect(res.body.alternatives.length).toBeLessThanOrEqual(2);
    expect(res.body.alternatives.map((a: { resourceType: string }) => a.resourceType)).not.toContain("spent_grain");
  });

  it("after a correction the same words suggest the corrected type with confidence 1, whatever their case and spacing", async () => {
    const before = await suggest("Grüner Abfall aus der Kantine");

    const recorded = await correct({ description: "Grüner Abfall aus der Kantine", resourceType: "food_waste", ewcCode: "20 01 08" });
    const after = await suggest("grüner  abfall aus der KANTINE");
    const other = await suggest("Grüner Abfall aus dem Lager");

    expect(before.body.method).not.toBe("correction");
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      description: "Grüner Abfall aus der Kantine",
      resourceType: "food_waste",
      ewcCode: "20 01 08",
      suggestedType: before.body.resourceType,
      agreedWithSuggestion: false,
      correctedBy: olga.id,
      orgId: dairy,
      flowId: null,
      revision: 1,
    });
    expect(after.body).toMatchObject({ resourceType: "food_waste", ewcCode: "20 01 08", confidence: 1, method: "correction", decidedBy: [] });
    expect(other.body.method).not.toBe("correction");
  });

  it("the latest correction wins; the history keeps every one, and confirming a suggestion is recorded as agreement", async () => {
    const suggested = (await suggest("condensate return at 95 °C")).body.resourceType as string;

    const confirmed = await correct({ description: "condensate return at 95 °C", resourceType: suggested }, olga);
    const corrected = await correct({ description: "Condensate return at 95 °C", resourceType: "steam" }, fiona);
    const page = await list();
    const history = await correctionHistory(api.knex, "condensate return at 95 °C");

    expect(confirmed.body).toMatchObject({ resourceType: suggested, agreedWithSuggestion: true, revision: 1 });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ id: confirmed.body.id, resourceType: "steam", correctedBy: fiona.id, orgId: null, revision: 2 });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).toMatchObject({ resourceType: "steam", revision: 2, description: "Condensate return at 95 °C" });
    expect(history.map((h) => [h.revision, h.resourceType, h.correctedBy])).toEqual([
      [1, suggested, olga.id],
      [2, "steam", fiona.id],
    ]);
    expect((await suggest("condensate return at 95 °C")).body).toMatchObject({ resourceType: "steam", confidence: 1 });
  });

  it("loadCorrections gives every correction in the shape suggestCoding takes, and sees one recorded here at once", async () => {
    await correct({ description: "Mash filter cake", resourceType: "spent_grain" });
    const first = await loadCorrections(api.knex);

    await recordCorrection(api.knex, { description: "Tank bottoms", resourceType: "spent_yeast", suggestedType: null, suggestedConfidence: null, correctedBy: "test" });
    const second = await loadCorrections(api.knex);

    expect([...first.keys()]).toEqual(["mash filter cake"]);
    expect(suggestCoding("MASH filter cake", first)).toMatchObject({ resourceType: "spent_grain", confidence: 1, method: "correction" });
    expect([...second.keys()].sort()).toEqual(["mash filter cake", "tank bottom"]);
    expect(second.get("tank bottom")).toEqual({ description: "Tank bottoms", resourceType: "spent_yeast", ewcCode: null });
  });

  it("a correction may name a flow the caller can see; the flow's organization is recorded", async () => {
    const site = await aSiteOf(api, oscar, brewery);
    const flow = await aFlowAt(api, oscar, site.externalId, { resourceType: "spent_grain", quantity: { value: 800, unit: "t/yr" }, quality: undefined });

    const own = await correct({ description: "Wet draff", resourceType: "spent_grain", flowId: flow.externalId }, oscar);
    const byFacilitator = await correct({ description: "Wet draff from lautering", resourceType: "spent_grain", flowId: flow.externalId }, fiona);
    const foreign = await correct({ description: "Wet draff", resourceType: "spent_grain", flowId: flow.externalId }, olga);

    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body).toMatchObject({ orgId: brewery, flowId: flow.externalId });
    expect(byFacilitator.body).toMatchObject({ orgId: brewery, flowId: flow.externalId, correctedBy: fiona.id });
    expect(foreign.status).toBe(404);
    expect(fieldsOf(foreign)).toEqual(["body.flowId"]);
  });

  it("facilitators and admins page through corrections, filtered by type and organization", async () => {
    for (const [i, type] of ["food_waste", "spent_grain", "food_waste"].entries()) {
      expect((await correct({ description: `kitchen scraps batch ${i}`, resourceType: type })).status).toBe(201);
    }
    await correct({ description: "brewery scraps", resourceType: "food_waste" }, oscar);

    const seen: { description: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ""}`, adam);
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const foodWaste = await list("?resource_type=food_waste");
    const ofBrewery = await list(`?org=${brewery}`);

    expect(seen.map((c) => c.description)).toEqual(["brewery scraps", "kitchen scraps batch 2", "kitchen scraps batch 1", "kitchen scraps batch 0"]);
    expect(foodWaste.body.items.map((c: { description: string }) => c.description)).toEqual(["brewery scraps", "kitchen scraps batch 2", "kitchen scraps batch 0"]);
    expect(ofBrewery.body.items.map((c: { description: string }) => c.description)).toEqual(["brewery scraps"]);
  });

  it("organization users suggest and correct but do not list; nobody without credentials", async () => {
    const member = await api.actor("org_member", [dairy], "mads");

    expect((await suggest("fly ash", member)).status).toBe(200);
    expect((await correct({ description: "fly ash from boiler 2", resourceType: "fly_ash" }, member)).status).toBe(201);
    expect((await list("", olga)).status).toBe(403);
    expect((await list("", member)).status).toBe(403);
    expect((await suggest("fly ash", {})).status).toBe(401);
    expect((await correct({ description: "fly ash", resourceType: "fly_ash" }, {})).status).toBe(401);
  });

  it("bad input is a 400 problem naming the field, and nothing is recorded", async () => {
    const cases: [() => ReturnType<typeof correct>, string][] = [
      [() => correct({ description: "fly ash", resourceType: "unobtainium" }), "body.resourceType"],
      [() => correct({ description: "fly ash", resourceType: 7 }), "body.resourceType"],
      [() => correct({ description: "fly ash", resourceType: "fly_ash", ewcCode: "1001 02" }), "body.ewcCode"],
      [() => correct({ description: "fly ash", resourceType: "fly_ash", flowId: "not an id" }), "body.flowId"],
      [() => correct({ description: "", resourceType: "fly_ash" }), "body.description"],
      [() => correct({ description: "  ?!  ", resourceType: "fly_ash" }), "body.description"],
      [() => correct({ resourceType: "fly_ash" }), "body.description"],
      [() => suggest("x".repeat(501)), "body.description"],
      [() => suggest(42), "body.description"],
      [() => list("?resource_type=unobtainium"), "query.resource_type"],
      [() => list("?limit=0"), "query.limit"],
      [() => list("?cursor=garbage"), "query.cursor"],
      [() => list(`?cursor=${Buffer.from(JSON.stringify({ after: "x" })).toString("base64url")}`), "query.cursor"],
    ];
    for (const [send, field] of cases) {
      const res = await send();
      expect(res.status, field).toBe(400);
      expect(res.headers.get("content-type"), field).toMatch(/application\/problem\+json/);
      expect(fieldsOf(res), JSON.stringify(res.body)).toEqual([field]);
    }
    expect(await api.knex("coding_corrections").count({ n: "*" }).first()).toEqual({ n: "0" });
  });

  it("reads a Danish description, ignores the named destination and says so", async () => {
    const res = await suggest("Spildvarme fra køleanlæg, 35 °C, leveres til Kalundborg Forsyning");

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resourceType: "waste_heat_low", language: "da" });
    expect(res.body.ignoredAsContext.join(" ")).toMatch(/Kalundborg Forsyning/);
  });

  it("suggests a NACE class from a company description, with what such a plant offers and needs", async () => {
    const res = await suggestNace({ description: "we brew beer and malt barley" });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ naceCode: "11.05", label: "Manufacture of beer", section: "C", language: "en" });
    expect(res.body.decidedBy).toEqual(expect.arrayContaining(["brew", "beer"]));
    expect(res.body.alternatives.map((a: { nace: string }) => a.nace)).toContain("11.06");
    expect(res.body.expectedFlows).toContainEqual(expect.objectContaining({ direction: "offer", resourceType: "spent_grain" }));
    expect((await suggestNace({ description: "Molkerei mit Käserei" })).body).toMatchObject({ naceCode: "10.51", language: "de" });
    expect((await suggestNace({ description: "miscellaneous stuff" })).body).toMatchObject({ naceCode: null, confidence: 0, expectedFlows: [] });
  });

  it("a NACE suggestion needs credentials and a description; bad input is a 400 problem naming the field", async () => {
    expect((await suggestNace({ description: "brewery" }, {})).status).toBe(401);
    const cases: [unknown, string][] = [
      [{}, "body.description"],
      [{ description: "" }, "body.description"],
      [{ description: 42 }, "body.description"],
      [{ description: "x".repeat(501) }, "body.description"],
      [{ description: "brewery", nace: "11.05" }, "body.nace"],
    ];
    for (const [body, field] of cases) {
      const res = await suggestNace(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(fieldsOf(res), JSON.stringify(res.body)).toEqual([field]);
    }
  });
});
