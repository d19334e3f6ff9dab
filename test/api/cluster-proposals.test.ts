/**
 * A three-party heat cluster over REST, end to end: a dairy with waste heat and two
 * greenhouses side by side 1.2 km away, so one trunk pipe serves both. After each flow's
 * matches are computed, the dairy sees the cluster with its split, proposes it, and the
 * proposal is accepted only when both greenhouses accepted too; one rejection rejects it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import { at } from "../matching/fixtures.ts";
import { resetStores } from "../helpers/stores.ts";
import { actorsOf, problemOf, startHttpApi, type Actor, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrganization, aSiteOf, join, V1 } from "./fixtures.ts";

interface MemberView {
  label: string;
  disclosure: "you" | "named" | "anonymous";
  orgId: string | null;
  name: string | null;
  role: "supplier" | "consumer";
  flowId: string | null;
  shareEur: number;
  quantityMWh: number | null;
  decision?: "accepted" | "rejected" | null;
}
interface ClusterBody {
  id: string;
  members: MemberView[];
  network: { pipeKm: number; capexEur: number; connectedConsumers: number };
  annualValueEur: number;
  pairsAloneEur: number;
  gainOverPairsEur: number;
}
interface ProposalBody extends ClusterBody {
  clusterId: string;
  status: string;
  proposedBy: string;
  awaiting: string[];
  version: number;
}

describe("a three-party heat cluster", () => {
  let api: TestApi;
  let dana: Actor, gina: Actor, gus: Actor, otto: Actor, mia: Actor;
  let dairy: string, greenhouseA: string, greenhouseB: string, outsider: string;
  let heat: ResourceFlow, needA: ResourceFlow, needB: ResourceFlow;

  beforeAll(async () => {
    api = await startHttpApi();
    await resetStores(api.stores);
    [dana, gina, gus, otto, mia] = await actorsOf(api, [["org_admin", "dana"], ["org_admin", "gina"], ["org_admin", "gus"], ["org_admin", "otto"], ["org_member", "mia"]]);
    dairy = (await anOrganization(api, dana, { name: "Cluster Dairy", naceCode: "10.51" })).externalId;
    greenhouseA = (await anOrganization(api, gina, { name: "Tomato Greenhouse", naceCode: "01.13" })).externalId;
    greenhouseB = (await anOrganization(api, gus, { name: "Cucumber Greenhouse", naceCode: "01.13" })).externalId;
    outsider = (await anOrganization(api, otto, { name: "Outsider Works" })).externalId;
    await join(api, mia, greenhouseA, "org_member");
    const [s0, sA, sB] = await Promise.all([
      aSiteOf(api, dana, dairy, { ...at(0, 0) }),
      aSiteOf(api, gina, greenhouseA, { ...at(1.2, -0.25) }),
      aSiteOf(api, gus, greenhouseB, { ...at(1.2, 0.25) }),
      aSiteOf(api, otto, outsider, { ...at(-30, 0) }),
    ]);
    [heat, needA, needB] = await Promise.all([
      aFlowAt(api, dana, s0.externalId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 20_000, unit: "MWh/yr" }, quality: { temperatureC: 75 } }),
      aFlowAt(api, gina, sA.externalId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 8_000, unit: "MWh/yr" }, quality: { temperatureC: 45 } }),
      aFlowAt(api, gus, sB.externalId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 8_000, unit: "MWh/yr" }, quality: { temperatureC: 45 } }),
    ]);
    // Matches are stored when a party reads them.
    for (const [actor, flow] of [[dana, heat], [gina, needA], [gus, needB]] as const) {
      const res = await api.request("get", `${V1}/resource-flows/${flow.externalId}/matches?limit=10`, { token: actor.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });
  afterAll(async () => api?.stop());

  const clustersOf = async (actor: Actor, orgId: string) => {
    const res = await api.request("get", `${V1}/organizations/${orgId}/matching/clusters`, { token: actor.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.clusters as ClusterBody[];
  };
  const propose = (actor: Actor, clusterId: string) => api.request("post", `${V1}/cluster-proposals`, { token: actor.token, body: { clusterId } });
  const decide = (actor: Actor, id: string, decision: string) => api.request("post", `${V1}/cluster-proposals/${id}/decision`, { token: actor.token, body: { decision } });
  const read = async (actor: Actor, id: string) => {
    const res = await api.request("get", `${V1}/cluster-proposals/${id}`, { token: actor.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as ProposalBody;
  };

  it("the dairy sees one cluster of three, worth more together than as pairs, split exactly, its counterparts anonymous", async () => {
    const [cluster, ...rest] = await clustersOf(dana, dairy);
    expect(rest).toEqual([]);
    expect(cluster!.members.map((m) => [m.role, m.disclosure])).toEqual([["supplier", "you"], ["consumer", "anonymous"], ["consumer", "anonymous"]]);
    expect(cluster!.network.connectedConsumers).toBe(2);
    expect(cluster!.pairsAloneEur).toBeGreaterThan(0);
    expect(cluster!.annualValueEur).toBeGreaterThan(cluster!.pairsAloneEur);
    expect(cluster!.gainOverPairsEur).toBeCloseTo(cluster!.annualValueEur - cluster!.pairsAloneEur, 6);
    expect(cluster!.members.reduce((s, m) => s + m.shareEur, 0)).toBeCloseTo(cluster!.annualValueEur, 3);
    for (const m of cluster!.members) expect(m.shareEur).toBeGreaterThan(0);
    // Two greenhouses alike in all but their side of the trunk: symmetric shares.
    expect(cluster!.members[1]!.shareEur).toBeCloseTo(cluster!.members[2]!.shareEur, 0);
    const text = JSON.stringify(cluster);
    for (const hidden of [greenhouseA, greenhouseB, needA.externalId, needB.externalId, "Tomato", "Cucumber"]) expect(text).not.toContain(hidden);
    // Each greenhouse sees the same cluster, itself as "you".
    const [seenByGina] = await clustersOf(gina, greenhouseA);
    expect(seenByGina!.id).toBe(cluster!.id);
    expect(seenByGina!.members.filter((m) => m.disclosure === "you").map((m) => m.orgId)).toEqual([greenhouseA]);
    expect(JSON.stringify(seenByGina)).not.toContain(dairy);
  });

  it("a foreign organization's clusters are a 404, as a missing one's", async () => {
    const foreign = await api.request("get", `${V1}/organizations/${dairy}/matching/clusters`, { token: otto.token });
    const missing = await api.request("get", `${V1}/organizations/no-such-org/matching/clusters`, { token: otto.token });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(String(problemOf(foreign).detail).replace(dairy, "X")).toBe(String(problemOf(missing).detail).replace("no-such-org", "X"));
    expect(await clustersOf(otto, outsider)).toEqual([]);
  });

  it("is proposed by the dairy, split for all three, and accepted only after the third acceptance", async () => {
    const [cluster] = await clustersOf(dana, dairy);
    // An outsider cannot propose a cluster it does not see; a body with a split of its own is refused.
    expect((await propose(otto, cluster!.id)).status).toBe(404);
    const forged = await api.request("post", `${V1}/cluster-proposals`, { token: dana.token, body: { clusterId: cluster!.id, shares: { [dairy]: 1e9 } } });
    expect(forged.status).toBe(400);
    // A plain member of a greenhouse does not bind it.
    expect((await propose(mia, cluster!.id)).status).toBe(403);

    const created = await propose(dana, cluster!.id);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const proposal = created.body as ProposalBody;
    expect(proposal).toMatchObject({ clusterId: cluster!.id, status: "open", proposedBy: "you", version: 1 });
    expect(proposal.members.map((m) => m.decision)).toEqual(["accepted", null, null]);
    expect(proposal.members.map((m) => m.shareEur)).toEqual(cluster!.members.map((m) => m.shareEur));
    expect(proposal.awaiting).toEqual(["member 2", "member 3"]);
    // Proposing it again while open answers the same proposal.
    const again = await propose(dana, cluster!.id);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(proposal.id);

    // Each greenhouse sees the split: its own share and the others', the others anonymous.
    for (const [actor, org] of [[gina, greenhouseA], [gus, greenhouseB]] as const) {
      const seen = await read(actor, proposal.id);
      expect(seen.members.reduce((s, m) => s + m.shareEur, 0)).toBeCloseTo(seen.annualValueEur, 3);
      expect(seen.members.filter((m) => m.disclosure === "you").map((m) => m.orgId)).toEqual([org]);
      expect(seen.members.filter((m) => m.disclosure !== "you").every((m) => m.disclosure === "anonymous" && m.orgId === null && m.quantityMWh === null)).toBe(true);
      expect(seen.proposedBy).toBe("member 1");
    }

    const outsiderRead = await api.request("get", `${V1}/cluster-proposals/${proposal.id}`, { token: otto.token });
    const missingRead = await api.request("get", `${V1}/cluster-proposals/00000000-0000-4000-8000-000000000000`, { token: otto.token });
    expect(outsiderRead.status).toBe(404);
    expect(missingRead.status).toBe(404);
    expect((await decide(otto, proposal.id, "accepted")).status).toBe(404);
    expect((await decide(mia, proposal.id, "accepted")).status).toBe(403);
    // The proposer already accepted by proposing.
    expect((await decide(dana, proposal.id, "accepted")).status).toBe(409);

    const second = await decide(gina, proposal.id, "accepted");
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    // The other greenhouse is still awaited ("member 2" or "member 3": consumers are in score order).
    expect(second.body).toMatchObject({ status: "open", version: 2 });
    expect(second.body.awaiting).toHaveLength(1);
    expect(second.body.awaiting[0]).toMatch(/^member [23]$/);
    const twice = await decide(gina, proposal.id, "rejected");
    expect(twice.status).toBe(409);
    expect(problemOf(twice).code).toBe("ILLEGAL_TRANSITION");
    expect((await read(dana, proposal.id)).status).toBe("open");

    const third = await decide(gus, proposal.id, "accepted");
    expect(third.status, JSON.stringify(third.body)).toBe(200);
    expect(third.body).toMatchObject({ status: "accepted", version: 3, awaiting: [] });
    // Once every member accepted, each is named to the others.
    const final = await read(dana, proposal.id);
    expect(final.members.map((m) => m.orgId).sort()).toEqual([dairy, greenhouseA, greenhouseB].sort());
    expect(final.members.map((m) => m.decision)).toEqual(["accepted", "accepted", "accepted"]);
    expect((await decide(gus, proposal.id, "rejected")).status).toBe(409);

    const audit = await api.knex("audit_log").where({ entity_type: "cluster_proposal", entity_id: proposal.id }).select("action", "org_id");
    expect(audit.filter((a: { action: string }) => a.action === "cluster_proposal.created")).toHaveLength(3);
    expect(audit.filter((a: { action: string }) => a.action === "cluster_proposal.accepted")).toHaveLength(6);
  });

  it("one member's rejection rejects a fresh proposal, and closes it to the others", async () => {
    const [cluster] = await clustersOf(gus, greenhouseB);
    const created = await propose(gus, cluster!.id);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect((created.body.members as MemberView[]).map((m) => [m.disclosure, m.decision]).sort()).toEqual([["anonymous", null], ["anonymous", null], ["you", "accepted"]]);
    const rejected = await decide(gina, id, "rejected");
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body.status).toBe("rejected");
    const late = await decide(dana, id, "accepted");
    expect(late.status).toBe(409);
    expect(problemOf(late).code).toBe("ILLEGAL_TRANSITION");
    expect((await read(dana, id)).status).toBe("rejected");
    expect((await api.request("post", `${V1}/cluster-proposals/${id}/withdraw`, { token: gus.token })).status).toBe(409);
  });

  it("the proposer withdraws an open proposal; no one else may, and it is closed after", async () => {
    const [cluster] = await clustersOf(dana, dairy);
    const created = await propose(dana, cluster!.id);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const withdraw = (actor: Actor) => api.request("post", `${V1}/cluster-proposals/${created.body.id}/withdraw`, { token: actor.token });
    expect((await withdraw(gina)).status).toBe(403);
    expect((await withdraw(otto)).status).toBe(404);
    const done = await withdraw(dana);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe("withdrawn");
    expect((await decide(gina, created.body.id, "accepted")).status).toBe(409);
  });
});
