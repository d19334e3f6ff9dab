import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import { resetStores } from "../helpers/stores.ts";
import { fieldsOf, problemOf, startHttpApi, type Actor, type HttpResponse, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, V1 } from "./fixtures.ts";

let proposals = 0;

describe("/proposals", () => {
  let api: TestApi;
  // Sam's smelter offers waste heat; Cleo's greenhouse needs it; Oscar is not involved; Fiona facilitates.
  let sam: Actor, cleo: Actor, oscar: Actor, fiona: Actor;
  let smelter: string, greenhouse: string, outsider: string;
  let heat: ResourceFlow, warmth: ResourceFlow, otherNeed: ResourceFlow;

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [sam, cleo, oscar, fiona] = await Promise.all([
      api.actor("org_admin", [], "sam"),
      api.actor("org_admin", [], "cleo"),
      api.actor("org_admin", [], "oscar"),
      api.actor("facilitator", [], "fiona"),
    ]);
    smelter = (await anOrganization(api, sam, { name: "Smelter A/S", naceCode: "24.42" })).externalId;
    greenhouse = (await anOrganization(api, cleo, { name: "Greenhouse ApS", naceCode: "01.13" })).externalId;
    outsider = (await anOrganization(api, oscar, { name: "Outsider I/S" })).externalId;
    const [s1, s2, s3] = await Promise.all([aSiteOf(api, sam, smelter), aSiteOf(api, cleo, greenhouse), aSiteOf(api, oscar, outsider)]);
    [heat, warmth, otherNeed] = await Promise.all([
      aFlowAt(api, sam, s1.externalId, { direction: "offer" }),
      aFlowAt(api, cleo, s2.externalId, { direction: "need" }),
      aFlowAt(api, oscar, s3.externalId, { direction: "need" }),
    ]);
  });
  afterAll(async () => api?.stop());

  const url = (id: string) => `${V1}/proposals/${id}`;
  const body = (overrides: Record<string, unknown> = {}) => ({
    externalId: `prop-${++proposals}-${Math.random().toString(36).slice(2, 8)}`,
    supplyFlowId: heat.externalId,
    demandFlowId: warmth.externalId,
    fromOrg: smelter,
    toOrg: greenhouse,
    message: "Our furnace cooling water runs at 55 °C all year; would it heat your greenhouse?",
    ...overrides,
  });

  /** Sam proposes to Cleo; returns the created proposal. */
  async function propose(overrides: Record<string, unknown> = {}) {
    const res = await api.request("post", `${V1}/proposals`, { token: sam.token, body: body(overrides) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number };
  }

  const decide = (actor: Actor, id: string, status: string, version: number, extra: Record<string, unknown> = {}) =>
    api.request("post", `${url(id)}/status`, { token: actor.token, body: { status, version, ...extra } });
  const move = (actor: Actor, id: string, to: string, version: number, extra: Record<string, unknown> = {}) =>
    api.request("post", `${url(id)}/deal`, { token: actor.token, body: { to, version, ...extra } });
  const ok = (res: HttpResponse) => {
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it("runs the whole lifecycle pending → accepted → negotiating → reserved → contracted → live, keeping every step", async () => {
    const created = await api.request("post", `${V1}/proposals`, { token: sam.token, body: body() });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(url(created.body.id));
    expect(created.body).toMatchObject({
      status: "pending",
      allowedStatuses: ["accepted", "rejected", "withdrawn"],
      deal: { state: "suggested", allowedNext: [] },
      supplierOrg: smelter,
      consumerOrg: greenhouse,
      resourceType: heat.resourceType,
      version: 1,
    });
    const id = created.body.id as string;

    const accepted = ok(await decide(cleo, id, "accepted", 1, { note: "Yes, let's talk" }));
    expect(accepted).toMatchObject({ status: "accepted", allowedStatuses: [], deal: { state: "negotiating", allowedNext: ["reserved", "failed", "cancelled"] }, version: 2 });
    const attachment = { name: "heat-profile.pdf", mediaType: "application/pdf", bytes: 48213, sha256: "a".repeat(64) };
    const reserved = ok(await move(sam, id, "reserved", 2, { note: "capacity reserved for 2026", attachments: [attachment] }));
    expect(reserved.deal.state).toBe("reserved");
    const contracted = ok(await move(cleo, id, "contracted", 3));
    expect(contracted.deal).toMatchObject({ state: "contracted", allowedNext: ["live", "failed", "cancelled"] });

    const { records } = await api.stores.neo4j.executeQuery(
      "MATCH (:Business {id: $s})-[p:PARTNERS_WITH]->(:Business {id: $c}) RETURN p.dealId AS dealId, toString(p.since) AS since, p.resource AS resource",
      { s: smelter, c: greenhouse },
    );
    expect(records.map((r) => r.toObject())).toEqual([{ dealId: id, since: new Date().toISOString().slice(0, 10), resource: heat.resourceType }]);

    const live = ok(await move(fiona, id, "live", 4));
    expect(live).toMatchObject({ deal: { state: "live" }, version: 5 });
    const read = await api.request("get", url(id), { token: cleo.token });
    expect(read.headers.get("etag")).toBe('"5"');
    expect(read.body.history.map((h: { kind: string; from: string | null; to: string }) => `${h.kind}:${h.from}→${h.to}`)).toEqual([
      "status:null→pending",
      "deal:null→suggested",
      "status:pending→accepted",
      "deal:suggested→negotiating",
      "deal:negotiating→reserved",
      "deal:reserved→contracted",
      "deal:contracted→live",
    ]);
    expect(read.body.history[2]).toMatchObject({ actor: cleo.id, note: "Yes, let's talk" });
    expect(read.body.history[4]).toMatchObject({ actor: sam.id, note: "capacity reserved for 2026", attachments: [attachment] });
    expect(read.body.history[6].actor).toBe(fiona.id);
  });

  it("an illegal move is 409 naming the moves that are allowed", async () => {
    const { id } = await propose();
    const early = await move(sam, id, "negotiating", 1);
    expect(early.status).toBe(409);
    expect(problemOf(early)).toMatchObject({ code: "ILLEGAL_TRANSITION", field: "body.to" });
    ok(await decide(cleo, id, "accepted", 1));

    const skip = await move(sam, id, "contracted", 2);
    const undecide = await decide(sam, id, "withdrawn", 2);

    expect(skip.status).toBe(409);
    expect(problemOf(skip)).toMatchObject({ code: "ILLEGAL_TRANSITION", from: "negotiating", to: "contracted", allowed: ["reserved", "failed", "cancelled"] });
    expect(undecide.status).toBe(409);
    expect(problemOf(undecide)).toMatchObject({ code: "ILLEGAL_TRANSITION", from: "accepted", allowed: [], field: "body.status" });
    expect((await api.request("get", url(id), { token: sam.token })).body).toMatchObject({ status: "accepted", deal: { state: "negotiating" }, version: 2 });
  });

  it("only the receiving organization accepts or rejects; the sender may only withdraw", async () => {
    const { id } = await propose();

    const bySender = await decide(sam, id, "accepted", 1);
    const byFacilitator = await decide(fiona, id, "accepted", 1);
    const byOutsider = await decide(oscar, id, "accepted", 1);
    const withdrawnByReceiver = await decide(cleo, id, "withdrawn", 1);

    expect(bySender.status).toBe(403);
    expect(byFacilitator.status).toBe(403);
    expect(byOutsider.status).toBe(404); // not a party: the proposal does not exist for them
    expect(withdrawnByReceiver.status).toBe(403);
    const withdrawn = ok(await decide(sam, id, "withdrawn", 1, { note: "plant closes" }));
    expect(withdrawn).toMatchObject({ status: "withdrawn", deal: { state: "cancelled", reason: { code: "counterparty" } }, allowedStatuses: [] });
  });

  it("a facilitator who brokered a proposal records the receiver's acceptance", async () => {
    const created = await api.request("post", `${V1}/proposals`, { token: fiona.token, body: body({ message: "brokered by the facilitator" }) });
    expect(created.status).toBe(201);

    const accepted = ok(await decide(fiona, created.body.id, "accepted", 1, { note: "greenhouse agreed by phone" }));

    expect(accepted).toMatchObject({ status: "accepted", deal: { state: "negotiating" } });
    const read = await api.request("get", url(created.body.id), { token: cleo.token });
    expect(read.body.history.find((h: { kind: string; to: string }) => h.kind === "status" && h.to === "accepted")).toMatchObject({ actor: fiona.id, note: "greenhouse agreed by phone" });
  });

  it("a rejected proposal's deal fails; a deal may fail later with a coded reason, and then never moves again", async () => {
    const rejected = await propose();
    expect(ok(await decide(cleo, rejected.id, "rejected", 1))).toMatchObject({ status: "rejected", deal: { state: "failed" } });

    const { id } = await propose();
    ok(await decide(cleo, id, "accepted", 1));
    const noReason = await move(sam, id, "failed", 2);
    const otherWithoutNote = await move(sam, id, "failed", 2, { reason: { code: "other" } });
    const unknownCode = await move(sam, id, "failed", 2, { reason: { code: "bad-luck" } });
    expect([noReason.status, otherWithoutNote.status, unknownCode.status]).toEqual([400, 400, 400]);
    expect(fieldsOf(noReason)).toEqual(["body.reason"]);
    expect(fieldsOf(otherWithoutNote)).toEqual(["body.reason.note"]);
    expect(fieldsOf(unknownCode)).toEqual(["body.reason.code"]);

    const failed = ok(await move(cleo, id, "failed", 2, { reason: { code: "distance", note: "pipe would be 14 km" } }));

    expect(failed.deal).toMatchObject({ state: "failed", reason: { code: "distance", note: "pipe would be 14 km" }, allowedNext: [] });
    const after = await move(sam, id, "negotiating", 3);
    expect(after.status).toBe(409);
    expect(problemOf(after).allowed).toEqual([]);
    const history = (await api.request("get", url(id), { token: sam.token })).body.history;
    expect(history.at(-1)).toMatchObject({ kind: "deal", from: "negotiating", to: "failed", reason: { code: "distance" } });
  });

  it("replaying a proposal answers 200 and changes nothing; another body under the id is 409", async () => {
    const first = body();
    await api.request("post", `${V1}/proposals`, { token: sam.token, body: first });

    const replay = await api.request("post", `${V1}/proposals`, { token: sam.token, body: first });
    const clash = await api.request("post", `${V1}/proposals`, { token: sam.token, body: { ...first, message: "something else" } });

    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ id: first.externalId, version: 1, status: "pending" });
    expect(clash.status).toBe(409);
    expect(problemOf(clash).code).toBe("ALREADY_EXISTS");
    expect((await api.request("get", url(first.externalId), { token: cleo.token })).body.history).toHaveLength(2);
  });

  it("decisions need the current version: stale body 409, stale If-Match 412; of two concurrent decisions one wins", async () => {
    const { id } = await propose();

    const results = await Promise.all([decide(cleo, id, "accepted", 1), decide(cleo, id, "rejected", 1)]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(["VERSION_CONFLICT", "ILLEGAL_TRANSITION"]).toContain(problemOf(loser).code);
    const won = results.find((r) => r.status === 200)!.body;
    if (won.status === "accepted") {
      const stale = await move(sam, id, "reserved", 1);
      const staleIfMatch = await api.request("post", `${url(id)}/deal`, { token: sam.token, headers: { "if-match": '"1"' }, body: { to: "reserved" } });
      const current = await api.request("post", `${url(id)}/deal`, { token: sam.token, headers: { "if-match": '"2"' }, body: { to: "reserved" } });
      expect(stale.status).toBe(409);
      expect(problemOf(stale).code).toBe("VERSION_CONFLICT");
      expect(staleIfMatch.status).toBe(412);
      expect(current.status).toBe(200);
    }
    expect((await api.request("get", url(id), { token: cleo.token })).body.history.filter((h: { kind: string }) => h.kind === "status")).toHaveLength(2);
  });

  it("a proposal can take up a match; bad proposals are 4xx naming the field", async () => {
    await api.stores.neo4j.executeQuery("MERGE (m:Match {id: 'match-heat-1'}) SET m.supplyFlowId = $s, m.demandFlowId = $d", { s: heat.externalId, d: warmth.externalId });
    const fromMatch = await api.request("post", `${V1}/proposals`, { token: sam.token, body: body({ matchId: "match-heat-1", supplyFlowId: undefined, demandFlowId: undefined }) });
    expect(fromMatch.status).toBe(201);
    expect(fromMatch.body).toMatchObject({ matchId: "match-heat-1", supplyFlowId: heat.externalId, demandFlowId: warmth.externalId });

    const cases: [Record<string, unknown>, number, string][] = [
      [{ message: "" }, 400, "body.message"],
      [{ toOrg: smelter }, 400, "body.toOrg"],
      [{ supplyFlowId: undefined }, 400, "body.supplyFlowId"],
      [{ demandFlowId: heat.externalId }, 400, "body.demandFlowId"],
      [{ supplyFlowId: warmth.externalId, demandFlowId: heat.externalId }, 400, "body.supplyFlowId"], // a need offered
      [{ demandFlowId: otherNeed.externalId }, 400, "body.toOrg"], // the outsider's flow
      [{ supplyFlowId: "no-such-flow" }, 404, "body.supplyFlowId"],
      [{ matchId: "no-such-match", supplyFlowId: undefined, demandFlowId: undefined }, 404, "body.matchId"],
      [{ fromOrg: outsider, toOrg: greenhouse }, 403, "body.fromOrg"],
    ];
    for (const [overrides, status, field] of cases) {
      const res = await api.request("post", `${V1}/proposals`, { token: sam.token, body: body(overrides) });
      expect(res.status, JSON.stringify(overrides)).toBe(status);
      expect(fieldsOf(res), JSON.stringify(overrides)).toEqual([field]);
    }
    const { id } = await propose();
    const badStatus = await api.request("post", `${url(id)}/status`, { token: cleo.token, body: { status: "maybe", version: 1 } });
    const badState = await api.request("post", `${url(id)}/deal`, { token: cleo.token, body: { to: "signed", version: 1 } });
    const badQuery = await api.request("get", `${V1}/proposals?status=maybe`, { token: cleo.token });
    expect(fieldsOf(badStatus)).toEqual(["body.status"]);
    expect(fieldsOf(badState)).toEqual(["body.to"]);
    expect(fieldsOf(badQuery)).toEqual(["query.status"]);
  });

  it("lists the proposals involving the caller's organizations, filtered and by cursor", async () => {
    const mine = await Promise.all([0, 1, 2].map(() => propose()));
    ok(await decide(cleo, mine[0]!.id, "accepted", 1));

    const walk = async (actor: Actor, query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: HttpResponse = await api.request("get", `${V1}/proposals?limit=2&${query}${cursor ? `&cursor=${cursor}` : ""}`, { token: actor.token });
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((p: { id: string }) => p.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    };
    const all = await api.knex("proposals").where({ from_org: smelter, to_org: greenhouse }).orderBy("id").pluck("id");
    const acceptedIds = await api.knex("proposals").where({ to_org: greenhouse, status: "accepted" }).orderBy("id").pluck("id");

    expect(await walk(cleo, "")).toEqual(all);
    expect(await walk(sam, `from_org=${smelter}`)).toEqual(all);
    expect(await walk(cleo, "status=accepted")).toEqual(acceptedIds);
    expect(acceptedIds).toContain(mine[0]!.id);
    expect(await walk(oscar, "")).toEqual([]);
    expect((await walk(fiona, "")).length).toBe(all.length);
  });
});
