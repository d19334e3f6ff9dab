/**
 * GET /outcomes on a hand-built lifecycle ledger with a known answer, against the real
 * PostgreSQL: precision@k per stage, the funnel, the groups, the failure reasons and the
 * durations, worked out by hand below; and who may read them.
 * (The ledger: aKnownLedger in ledger-fixture.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetStores } from "../helpers/stores.ts";
import { actorsOf, fieldsOf, problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { aKnownLedger, HOV, SYD } from "./ledger-fixture.ts";

const V1 = "/api/v1";

describe("GET /outcomes", () => {
  let api: TestApi;
  let fiona: Actor, adam: Actor, olga: Actor, mia: Actor;

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [fiona, adam, olga, mia] = await actorsOf(api, [["facilitator", "fiona"], ["admin", "adam"], ["org_admin", "olga"], ["org_member", "mia"]]);
    await aKnownLedger(api.knex);
  });
  afterAll(async () => api?.stop());

  const read = (actor: Actor, query = "") => api.request("get", `${V1}/outcomes${query}`, { token: actor.token });
  const precision = (body: { precisionAtK: { stage: string; precision: number | null }[] }) => Object.fromEntries(body.precisionAtK.map((p) => [p.stage, p.precision]));

  it("measures precision@1 of a region against each stage", async () => {
    const res = await read(fiona, `?region=${encodeURIComponent(SYD)}&k=1`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.needs).toBe(2);
    // need1's top is m1 (live), need2's top is m4 (negotiating, then failed).
    expect(precision(res.body)).toEqual({ negotiating: 1, contracted: 0.5, live: 0.5 });
  });

  it("measures precision@2 on the ranked lists as they were suggested", async () => {
    const res = await read(adam, `?region=${encodeURIComponent(SYD)}&k=2`);
    // need1: m1 ✓, m2 ✗ → ½ at every stage; need2: m4 ✓ m5 ✓ (negotiating), m5 only (contracted), none (live).
    expect(precision(res.body)).toEqual({ negotiating: 0.75, contracted: 0.5, live: 0.25 });
  });

  it("counts the funnel, the failure reasons and the groups over every region", async () => {
    const res = await read(fiona);
    expect(res.body.filter).toEqual({ region: null, resourceType: null, from: null, to: null });
    expect(res.body.funnel).toEqual({
      suggested: 6, interested: 4, mutual: 3, rejected: 1, negotiating: 3, contracted: 2, live: 1, failed: 2, acceptanceRate: 0.5, conversionRate: 1 / 6,
    });
    const reasons = Object.fromEntries(res.body.failureReasons.map((r: { code: string; failed: number; cancelled: number }) => [r.code, r.failed + r.cancelled]));
    expect(reasons).toMatchObject({ price: 1, counterparty: 1, distance: 0, other: 0 });
    expect(res.body.byRoute.map((g: { key: string; suggested: number; negotiating: number }) => [g.key, g.suggested, g.negotiating])).toEqual([["auto", 5, 2], ["facilitator", 1, 1]]);
    expect(res.body.byRegion.map((g: { key: string; suggested: number }) => [g.key, g.suggested])).toEqual([[SYD, 5], [HOV, 1]]);
    expect(res.body.byResourceType.map((g: { key: string; suggested: number }) => [g.key, g.suggested])).toEqual([["waste_heat_low", 5], ["fly_ash", 1]]);
    // All three needs at k = 1: need3's top (m6) was rejected.
    expect(precision((await read(fiona, "?k=1")).body).negotiating).toBeCloseTo(2 / 3);
  });

  it("times each stage from the suggestion: median and p90 in hours", async () => {
    const res = await read(fiona);
    const byStage = Object.fromEntries(res.body.durations.map((d: { stage: string }) => [d.stage, d]));
    expect(byStage.negotiating).toEqual({ stage: "negotiating", count: 3, medianHours: 48, p90Hours: 72 });
    expect(byStage.contracted).toEqual({ stage: "contracted", count: 2, medianHours: 480, p90Hours: 500 });
    expect(byStage.live).toEqual({ stage: "live", count: 1, medianHours: 960, p90Hours: 960 });
  });

  it("filters by period and resource type", async () => {
    const april = await read(fiona, "?from=2026-03-01&to=2026-04-30");
    expect(april.body.funnel.suggested).toBe(5);
    const may = await read(fiona, "?from=2026-05-10&to=2026-05-10");
    expect(may.body.funnel.suggested).toBe(1);
    const ash = await read(fiona, "?resource_type=fly_ash");
    expect(ash.body.funnel).toMatchObject({ suggested: 1, negotiating: 0 });
    const none = await read(fiona, "?region=Nowhere");
    expect(none.body).toMatchObject({ needs: 0, funnel: { suggested: 0, acceptanceRate: null } });
    expect(precision(none.body)).toEqual({ negotiating: null, contracted: null, live: null });
  });

  it("refuses bad parameters with problem+json naming the field", async () => {
    for (const [query, field] of [
      ["?k=0", "query.k"],
      ["?k=21", "query.k"],
      ["?k=two", "query.k"],
      ["?from=2026-13-01", "query.from"],
      ["?from=2026-05-01&to=2026-04-01", "query.to"],
      ["?resource_type=unobtainium", "query.resource_type"],
    ] as const) {
      const res = await read(fiona, query);
      expect(res.status, query).toBe(400);
      expect(problemOf(res).code).toBe("VALIDATION_FAILED");
      expect(fieldsOf(res), query).toContain(field);
    }
  });

  it("is for facilitators and admins only", async () => {
    for (const actor of [olga, mia]) {
      const res = await read(actor);
      expect(res.status).toBe(403);
      expect(problemOf(res).code).toBe("FORBIDDEN");
    }
    expect((await api.request("get", `${V1}/outcomes`)).status).toBe(401);
  });
});
