import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import { resetStores } from "../helpers/stores.ts";
import { actorsOf, fieldsOf, problemOf, startHttpApi, type Actor, type HttpResponse, type TestApi } from "../helpers/http.ts";
import { aFlowAt, aMandate, anOrganization, aSiteOf, aStoredMatch, V1 } from "./fixtures.ts";

let proposals = 0;

describe("/proposals", () => {
  let api: TestApi;
  // Sam's smelter offers waste heat; Cleo's greenhouse needs it (both confidential, the
  // default); Oscar is not involved; Paula's pool is public; Fiona facilitates; Adam runs the platform.
  let sam: Actor, cleo: Actor, oscar: Actor, paula: Actor, fiona: Actor, adam: Actor;
  let smelter: string, greenhouse: string, outsider: string, pool: string;
  let heat: ResourceFlow, warmth: ResourceFlow, otherNeed: ResourceFlow, poolNeed: ResourceFlow, cleoHeat: ResourceFlow, cleoCold: ResourceFlow;

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [sam, cleo, oscar, paula, fiona, adam] = await actorsOf(api, [["org_admin", "sam"], ["org_admin", "cleo"], ["org_admin", "oscar"], ["org_admin", "paula"], ["facilitator", "fiona"], ["admin", "adam"]]);
    smelter = (await anOrganization(api, sam, { name: "Smelter A/S", naceCode: "24.42" })).externalId;
    greenhouse = (await anOrganization(api, cleo, { name: "Greenhouse ApS", naceCode: "01.13" })).externalId;
    outsider = (await anOrganization(api, oscar, { name: "Outsider I/S" })).externalId;
    pool = (await anOrganization(api, paula, { name: "City Pool", naceCode: "93.11", disclosure: "public" })).externalId;
    const [s1, s2, s3, s4] = await Promise.all([aSiteOf(api, sam, smelter), aSiteOf(api, cleo, greenhouse), aSiteOf(api, oscar, outsider), aSiteOf(api, paula, pool)]);
    [heat, warmth, otherNeed, poolNeed, cleoHeat, cleoCold] = await Promise.all([
      aFlowAt(api, sam, s1.externalId, { direction: "offer" }),
      aFlowAt(api, cleo, s2.externalId, { direction: "need" }),
      aFlowAt(api, oscar, s3.externalId, { direction: "need" }),
      aFlowAt(api, paula, s4.externalId, { direction: "need" }),
      aFlowAt(api, cleo, s2.externalId, { direction: "offer" }),
      // A second need of the greenhouse that no match ever revealed to the smelter.
      aFlowAt(api, cleo, s2.externalId, { direction: "need" }),
    ]);
  });
  afterAll(async () => api?.stop());

  const url = (id: string) => `${V1}/proposals/${id}`;
  const heatMatch = () => aStoredMatch(api, { supplyFlowId: heat.externalId, demandFlowId: warmth.externalId, supplyOrgId: smelter, demandOrgId: greenhouse });
  const body = (overrides: Record<string, unknown> = {}) => ({
    externalId: `prop-${++proposals}-${Math.random().toString(36).slice(2, 8)}`,
    message: "Our furnace cooling water runs at 55 °C all year; would it heat your greenhouse?",
    ...overrides,
  });

  /** Sam proposes to Cleo on a fresh match; returns the created proposal. */
  async function propose(actor: Actor = sam, overrides: Record<string, unknown> = {}) {
    const res = await api.request("post", `${V1}/proposals`, { token: actor.token, body: body({ matchId: await heatMatch(), ...overrides }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number; matchId: string };
  }

  const decide = (actor: Actor, id: string, status: string, version: number, extra: Record<string, unknown> = {}) =>
    api.request("post", `${url(id)}/status`, { token: actor.token, body: { status, version, ...extra } });
  const move = (actor: Actor, id: string, to: string, version: number, extra: Record<string, unknown> = {}) =>
    api.request("post", `${url(id)}/deal`, { token: actor.token, body: { to, version, ...extra } });
  const ok = (res: HttpResponse) => {
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const partnerships = async (dealId: string) =>
    (await api.stores.neo4j.executeQuery("MATCH (:Business {id: $s})-[p:PARTNERS_WITH {dealId: $id}]->(:Business {id: $c}) RETURN p.resource AS resource", { s: smelter, c: greenhouse, id: dealId })).records.map((r) => r.get("resource"));

  it("runs the whole lifecycle; contracted needs both parties, and only then is the partnership created", async () => {
    const created = await api.request("post", `${V1}/proposals`, { token: sam.token, body: body({ matchId: await heatMatch() }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get("location")).toBe(url(created.body.id));
    // Until Cleo accepts, each sees the other only as "counterpart".
    expect(created.body).toMatchObject({ status: "pending", fromOrg: smelter, toOrg: null, consumerOrg: null, demandFlowId: null, counterpart: "anonymous", deal: { state: "suggested", allowedNext: [] }, version: 1 });
    const id = created.body.id as string;
    const seenByCleo = (await api.request("get", url(id), { token: cleo.token })).body;
    expect(seenByCleo).toMatchObject({ fromOrg: null, supplierOrg: null, supplyFlowId: null, createdBy: null, toOrg: greenhouse, demandFlowId: warmth.externalId, counterpart: "anonymous" });
    expect(JSON.stringify(seenByCleo)).not.toContain(smelter);
    expect(JSON.stringify(seenByCleo)).not.toContain(sam.id);

    const accepted = ok(await decide(cleo, id, "accepted", 1, { note: "Yes, let's talk" }));
    expect(accepted).toMatchObject({ status: "accepted", fromOrg: smelter, toOrg: greenhouse, counterpart: "named", deal: { state: "negotiating", allowedNext: ["reserved", "failed", "cancelled"] }, version: 2 });
    expect(await api.knex("match_reveals").where({ match_id: created.body.matchId }).count({ n: "*" })).toEqual([{ n: "1" }]);
    const attachment = { name: "heat-profile.pdf", mediaType: "application/pdf", bytes: 48213, sha256: "a".repeat(64) };
    ok(await move(sam, id, "reserved", 2, { note: "capacity reserved for 2026", attachments: [attachment] }));

    // One party alone cannot contract: its request is a consent, the deal stays reserved.
    const half = ok(await move(sam, id, "contracted", 3));
    expect(half.deal).toMatchObject({ state: "reserved", contractConsents: [smelter], awaitingConsent: [greenhouse] });
    expect(await partnerships(id)).toEqual([]);
    const again = await move(sam, id, "contracted", 4);
    expect(again.status).toBe(409);
    expect(problemOf(again).code).toBe("CONSENT_ALREADY_GIVEN");
    const contracted = ok(await move(cleo, id, "contracted", 4));
    expect(contracted.deal).toMatchObject({ state: "contracted", allowedNext: ["live", "failed", "cancelled"], awaitingConsent: [] });
    expect(await partnerships(id)).toEqual([heat.resourceType]);

    // A facilitator without a mandate, and a platform admin, bind nobody.
    expect((await move(fiona, id, "live", 5)).status).toBe(403);
    expect((await move(adam, id, "live", 5)).status).toBe(403);
    const live = ok(await move(cleo, id, "live", 5));
    expect(live).toMatchObject({ deal: { state: "live" }, version: 6 });
    const read = await api.request("get", url(id), { token: cleo.token });
    expect(read.headers.get("etag")).toBe('"6"');
    expect(read.body.history.map((h: { kind: string; from: string | null; to: string; onBehalfOf: string }) => `${h.kind}:${h.from}→${h.to} for ${h.onBehalfOf}`)).toEqual([
      `status:null→pending for ${smelter}`,
      `deal:null→suggested for ${smelter}`,
      `status:pending→accepted for ${greenhouse}`,
      `deal:suggested→negotiating for ${greenhouse}`,
      `deal:negotiating→reserved for ${smelter}`,
      `consent:reserved→contracted for ${smelter}`,
      `consent:reserved→contracted for ${greenhouse}`,
      `deal:reserved→contracted for ${greenhouse}`,
      `deal:contracted→live for ${greenhouse}`,
    ]);
    expect(read.body.history[2]).toMatchObject({ actor: cleo.id, note: "Yes, let's talk", mandateId: null });
    expect(read.body.history[4]).toMatchObject({ actor: sam.id, note: "capacity reserved for 2026", attachments: [attachment] });
  });

  it("a facilitator acts for a party only under the mandate its org_admin granted, and the history says so", async () => {
    const withoutMandate = await api.request("post", `${V1}/proposals`, { token: fiona.token, body: body({ matchId: await heatMatch() }) });
    const byAdmin = await api.request("post", `${V1}/proposals`, { token: adam.token, body: body({ matchId: await heatMatch() }) });
    expect(withoutMandate.status).toBe(403);
    expect(byAdmin.status).toBe(403);
    // Only the organization's own administrators grant mandates; not the facilitator, not the platform admin.
    expect((await api.request("post", `${V1}/organizations/${smelter}/mandates`, { token: fiona.token, body: { facilitatorId: fiona.id, acts: ["proposals"] } })).status).toBe(403);
    expect((await api.request("post", `${V1}/organizations/${smelter}/mandates`, { token: adam.token, body: { facilitatorId: fiona.id, acts: ["proposals"] } })).status).toBe(403);
    const badGrant = await api.request("post", `${V1}/organizations/${smelter}/mandates`, { token: sam.token, body: { facilitatorId: oscar.id, acts: ["proposals"] } });
    expect(badGrant.status).toBe(400);
    expect(fieldsOf(badGrant)).toEqual(["body.facilitatorId"]);

    const smelterMandate = await aMandate(api, sam, smelter, fiona, ["proposals", "deals"]);
    const { id, version } = await propose(fiona, { fromOrg: smelter });
    // Cleo's organization has given Fiona nothing: she may not accept for it.
    expect((await decide(fiona, id, "accepted", version)).status).toBe(403);
    const greenhouseMandate = await aMandate(api, cleo, greenhouse, fiona, ["proposals"]);
    const accepted = ok(await decide(fiona, id, "accepted", version, { note: "greenhouse agreed by phone" }));
    expect(accepted).toMatchObject({ status: "accepted", deal: { state: "negotiating" } });
    ok(await move(fiona, id, "reserved", 2));
    // Fiona holds a deals mandate from the smelter only: her contract request is its consent alone.
    const half = ok(await move(fiona, id, "contracted", 3));
    expect(half.deal).toMatchObject({ state: "reserved", contractConsents: [smelter] });
    expect(await partnerships(id)).toEqual([]);

    const history = (await api.request("get", url(id), { token: cleo.token })).body.history;
    expect(history.find((h: { kind: string; to: string }) => h.kind === "status" && h.to === "accepted")).toMatchObject({ actor: fiona.id, onBehalfOf: greenhouse, mandateId: greenhouseMandate, note: "greenhouse agreed by phone" });
    expect(history.find((h: { kind: string }) => h.kind === "consent")).toMatchObject({ actor: fiona.id, onBehalfOf: smelter, mandateId: smelterMandate });

    // Revoked, the mandate binds no more.
    expect((await api.request("delete", `${V1}/organizations/${smelter}/mandates/${smelterMandate}`, { token: sam.token })).status).toBe(200);
    expect((await move(fiona, id, "negotiating", 4)).status).toBe(403);
    const listed = (await api.request("get", `${V1}/organizations/${smelter}/mandates`, { token: sam.token })).body.items;
    expect(listed.find((m: { id: string }) => m.id === smelterMandate)).toMatchObject({ live: false, revokedBy: sam.id });
    const audit = await api.knex("audit_log").where({ org_id: smelter }).whereIn("action", ["mandate.granted", "mandate.revoked"]).pluck("action");
    expect(audit.sort()).toEqual(["mandate.granted", "mandate.revoked"]);
  });

  it("a facilitator holding both parties' deals mandates contracts for both in one step", async () => {
    const { id } = await propose();
    ok(await decide(cleo, id, "accepted", 1));
    ok(await move(sam, id, "reserved", 2));
    await aMandate(api, sam, smelter, fiona, ["deals"]);
    await aMandate(api, cleo, greenhouse, fiona, ["deals"]);

    const contracted = ok(await move(fiona, id, "contracted", 3));

    expect(contracted.deal.state).toBe("contracted");
    expect(await partnerships(id)).toEqual([heat.resourceType]);
    const consents = (await api.request("get", url(id), { token: sam.token })).body.history.filter((h: { kind: string }) => h.kind === "consent");
    expect(consents.map((h: { onBehalfOf: string }) => h.onBehalfOf).sort()).toEqual([smelter, greenhouse].sort());
  });

  it("reads right: names (or the anonymous listing), the viewer's own present-tense actions, the next step and a link to the match", async () => {
    const matchId = await heatMatch();
    const created = await api.request("post", `${V1}/proposals`, { token: sam.token, body: body({ matchId }) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // The proposer: its own name, the receiver still anonymous; it may only withdraw.
    expect(created.body).toMatchObject({ fromName: "Smelter A/S", toName: null, fromLabel: "Smelter A/S", toLabel: "an anonymous consumer", links: { self: url(id), match: `${V1}/matches/${matchId}` } });
    expect(created.body.actions).toEqual([{ kind: "status", to: "withdrawn", label: "Withdraw" }]);
    expect(created.body.nextStep).toBe("Waiting for an anonymous consumer to accept or reject; you may withdraw the proposal until then.");
    expect(JSON.stringify(created.body)).not.toContain("Greenhouse ApS");

    // The receiver: accept or reject, never withdraw; the proposer is anonymous to it too.
    const asCleo = ok(await api.request("get", url(id), { token: cleo.token }));
    expect(asCleo).toMatchObject({ fromName: null, fromLabel: "an anonymous supplier", toName: "Greenhouse ApS" });
    expect(asCleo.actions.map((a: { label: string }) => a.label)).toEqual(["Accept", "Reject"]);
    expect(asCleo.nextStep).toMatch(/^An anonymous supplier proposes this exchange: accept/);
    expect(JSON.stringify(asCleo)).not.toContain("Smelter A/S");

    // Accepted: both named, the deal's steps offered in the present tense, the log readable.
    const accepted = ok(await decide(cleo, id, "accepted", asCleo.version));
    expect(accepted).toMatchObject({ fromName: "Smelter A/S", toName: "Greenhouse ApS" });
    expect(accepted.actions.map((a: { label: string }) => a.label)).toEqual(["Reserve", "Mark as failed", "Cancel the deal"]);
    expect(accepted.nextStep).toBe("Agree the terms, then reserve the exchange.");
    const read = ok(await api.request("get", url(id), { token: sam.token }));
    expect(read.history.map((h: { to: string }) => h.to)).toEqual(["pending", "suggested", "accepted", "negotiating"]);

    // Oscar, no party: a foreign proposal answers like a missing one.
    expect((await api.request("get", url(id), { token: oscar.token })).status).toBe(404);
  });

  it("a match has one open proposal at a time: a second is a 409 problem naming the open one; after it ends a new one may be made", async () => {
    const matchId = await heatMatch();
    const first = await api.request("post", `${V1}/proposals`, { token: sam.token, body: body({ matchId }) });
    expect(first.status).toBe(201);
    for (const actor of [sam, cleo]) {
      const second = await api.request("post", `${V1}/proposals`, { token: actor.token, body: body({ matchId }) });
      expect(second.status).toBe(409);
      expect(second.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(problemOf(second)).toMatchObject({ code: "PROPOSAL_ALREADY_OPEN", field: "body.matchId", openProposalId: first.body.id, matchId });
    }
    ok(await decide(sam, first.body.id, "withdrawn", first.body.version));
    expect((await api.request("post", `${V1}/proposals`, { token: sam.token, body: body({ matchId }) })).status).toBe(201);
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
    const byAdmin = await decide(adam, id, "accepted", 1);
    const byOutsider = await decide(oscar, id, "accepted", 1);
    const withdrawnByReceiver = await decide(cleo, id, "withdrawn", 1);

    expect(bySender.status).toBe(403);
    expect(byFacilitator.status).toBe(403);
    expect(byAdmin.status).toBe(403);
    expect(byOutsider.status).toBe(404); // not a party: the proposal does not exist for them
    expect(withdrawnByReceiver.status).toBe(403);
    const withdrawn = ok(await decide(sam, id, "withdrawn", 1, { note: "plant closes" }));
    expect(withdrawn).toMatchObject({ status: "withdrawn", deal: { state: "cancelled", reason: { code: "counterparty" } }, allowedStatuses: [] });
  });

  it("a rejected proposal's deal fails; a deal may fail later with a coded reason, and then never moves again", async () => {
    const rejected = await propose();
    expect(ok(await decide(cleo, rejected.id, "rejected", 1))).toMatchObject({ status: "rejected", deal: { state: "failed" }, counterpart: "anonymous" });

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
    expect(history.at(-1)).toMatchObject({ kind: "deal", from: "negotiating", to: "failed", reason: { code: "distance" }, onBehalfOf: greenhouse });
  });

  it("replaying a proposal answers 200 and changes nothing; another body under the id is 409", async () => {
    const first = body({ matchId: await heatMatch() });
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

  it("proposing between named flows works for a public counterpart; a confidential one's flow answers as a missing one", async () => {
    const toPool = await api.request("post", `${V1}/proposals`, { token: sam.token, body: body({ supplyFlowId: heat.externalId, demandFlowId: poolNeed.externalId }) });
    expect(toPool.status, JSON.stringify(toPool.body)).toBe(201);
    expect(toPool.body).toMatchObject({ fromOrg: smelter, toOrg: pool, consumerOrg: pool, counterpart: "named" });

    // Cleo's need (confidential, never revealed to Sam), Oscar's need, Cleo's *offer* given
    // as a need, and a flow that does not exist: all the same 404, naming the same field.
    const ids = [cleoCold.externalId, otherNeed.externalId, cleoHeat.externalId, "no-such-flow"];
    const answers = await Promise.all(
      ids.map((demandFlowId) =>
        api.request("post", `${V1}/proposals`, { token: sam.token, body: body({ supplyFlowId: heat.externalId, demandFlowId }) }),
      ),
    );
    const shapes = answers.map((r, i) => ({ status: r.status, code: problemOf(r).code, field: problemOf(r).field, detail: String(problemOf(r).detail).replace(ids[i]!, "<id>") }));
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(shapes[0]).toMatchObject({ status: 404, code: "NOT_FOUND", field: "body.demandFlowId" });
  });

  it("a match the caller is not party to answers as a missing one; bad proposals are 4xx naming the field", async () => {
    const theirs = await aStoredMatch(api, { supplyFlowId: cleoHeat.externalId, demandFlowId: otherNeed.externalId, supplyOrgId: greenhouse, demandOrgId: outsider });
    const foreign = await api.request("post", `${V1}/proposals`, { token: sam.token, body: body({ matchId: theirs }) });
    const missing = await api.request("post", `${V1}/proposals`, { token: sam.token, body: body({ matchId: "no-such-match" }) });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(problemOf(foreign).detail).toBe(String(problemOf(missing).detail).replace("no-such-match", theirs));
    expect(fieldsOf(foreign)).toEqual(fieldsOf(missing));

    const match = await heatMatch();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ matchId: match, message: "" }, 400, "body.message"],
      [{ matchId: match, fromOrg: smelter, toOrg: smelter }, 400, "body.toOrg"],
      [{ supplyFlowId: heat.externalId }, 400, "body.demandFlowId"],
      [{ supplyFlowId: heat.externalId, demandFlowId: heat.externalId }, 400, "body.demandFlowId"],
      [{ supplyFlowId: cleoHeat.externalId, demandFlowId: poolNeed.externalId }, 404, "body.supplyFlowId"], // not Sam's, confidential
      [{ matchId: match, fromOrg: outsider }, 403, "body.fromOrg"],
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

  it("lists the proposals involving the caller's organizations, filtered and by cursor; a facilitator's read is audited", async () => {
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
    expect(await walk(sam, `from_org=${smelter}`)).toEqual(await api.knex("proposals").where({ from_org: smelter }).orderBy("id").pluck("id"));
    expect(await walk(cleo, "status=accepted")).toEqual(acceptedIds);
    expect(acceptedIds).toContain(mine[0]!.id);
    // Filtering by a counterpart Sam may not see named tells him nothing of it.
    const namedToSam = await api.knex("proposals").where({ from_org: smelter, to_org: greenhouse, status: "accepted" }).orderBy("id").pluck("id");
    expect(await walk(sam, `to_org=${greenhouse}`)).toEqual(namedToSam);
    expect(await walk(oscar, "")).toEqual([]);

    const before = Number((await api.knex("audit_log").where({ actor: fiona.id, action: "identity.read" }).count({ n: "*" }))[0]!.n);
    expect((await walk(fiona, `from_org=${smelter}&to_org=${greenhouse}`)).length).toBe(all.length);
    const reads = await api.knex("audit_log").where({ actor: fiona.id, action: "identity.read" }).orderBy("id").offset(before);
    expect(new Set(reads.map((r: { org_id: string }) => r.org_id))).toEqual(new Set([smelter, greenhouse]));
  });
});
