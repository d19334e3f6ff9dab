import { describe, expect, it } from "vitest";
import type { ClusterView } from "../../../match-service/clusters.ts";
import { presentCluster } from "./presenter.ts";

const cluster: ClusterView = {
  id: "cl_000000000000000000000000",
  supplyFlowId: "dairy:flow:heat",
  resourceType: "waste_heat_low",
  members: [
    { role: "supplier", orgId: "dairy", flowId: "dairy:flow:heat", matchId: null, resourceType: "waste_heat_low", quantityMWh: 21_000, valuePerMWh: null, deliveredMWh: 16_000, connected: true, shareEur: 120_000 },
    { role: "consumer", orgId: "tomato", flowId: "tomato:flow:need", matchId: "m_a", resourceType: "waste_heat_low", quantityMWh: 8_000, valuePerMWh: 31, deliveredMWh: 8_000, connected: true, shareEur: 70_000 },
    { role: "consumer", orgId: "cucumber", flowId: "cucumber:flow:need", matchId: "m_b", resourceType: "waste_heat_low", quantityMWh: 8_100, valuePerMWh: 29, deliveredMWh: 8_000, connected: true, shareEur: 69_000 },
  ],
  network: { pipeKm: 1.7, capexEur: 1_800_000, connectedConsumers: 2 },
  annualValueEur: 259_000,
  pairsAloneEur: 220_000,
};

describe("presentCluster", () => {
  it("shows every share, but nothing that names or locates an anonymous member", () => {
    const view = presentCluster(cluster, { own: new Set(["tomato"]), named: new Map() });
    expect(view.members.map((m) => m.shareEur)).toEqual([120_000, 70_000, 69_000]);
    expect(view.members.map((m) => m.label)).toEqual(["member 1", "you", "member 3"]);
    const others = JSON.stringify(view.members.filter((m) => m.disclosure !== "you"));
    for (const secret of ["dairy", "cucumber", "m_b", "8100", "21000", "16000"]) expect(others).not.toContain(secret);
    expect(view.members[1]).toMatchObject({ orgId: "tomato", quantityMWh: 8_000, matchId: "m_a" });
    expect(view.gainOverPairsEur).toBe(39_000);
  });

  it("names a member the viewer may know (public or revealed), with its figures", () => {
    const view = presentCluster(cluster, { own: new Set(["tomato"]), named: new Map([["dairy", "Cluster Dairy"]]) });
    expect(view.members[0]).toMatchObject({ label: "Cluster Dairy", disclosure: "named", orgId: "dairy", quantityMWh: 21_000, flowId: null });
  });

  it("two anonymous members whose figures share a band look alike but for their shares", () => {
    const view = presentCluster(cluster, { own: new Set(["dairy"]), named: new Map() });
    const [, a, b] = view.members;
    expect({ ...a, label: "", shareEur: 0 }).toEqual({ ...b, label: "", shareEur: 0 });
  });
});
