/**
 * Shared supplies over REST: one 13,100 MWh/yr heat offer wanted by two 10,000 MWh/yr
 * needs. Each match alone would take 10,000 MWh/yr; together they cannot, and every match
 * the parties read says how much of the supply is left for it and that another need
 * competes — the supplier's matches never promise more than the supply has.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetStores, writeContext } from "../helpers/stores.ts";
import { startHttpApi, type TestApi } from "../helpers/http.ts";
import { aFlowAt, anOrgWithSite } from "./fixtures.ts";

let api: TestApi;
let supply: string;
let supplyOrg: string;
const needs: { orgId: string; flowId: string }[] = [];

interface AllocationView {
  shareOfWish: number;
  shareOfSupply: number;
  competitors: number;
  mostlyTaken: boolean;
  suppliedQuantity?: number;
  reason: string;
}
interface ListedMatch {
  id: string;
  allocation?: AllocationView;
}

beforeAll(async () => {
  api = await startHttpApi();
  await resetStores(api.stores);
  const ctx = writeContext(api.stores);
  const supplier = await anOrgWithSite(ctx, "Allocation Dairy", 0, 0);
  supplyOrg = supplier.orgId;
  supply = await aFlowAt(ctx, supplier.siteId, { direction: "offer", resourceType: "waste_heat_low", quantity: { value: 13_100, unit: "MWh/yr" }, quality: { temperatureC: 75 } });
  for (const [name, east] of [["Allocation Greenhouse", 1], ["Allocation Pool", -1.2]] as const) {
    const org = await anOrgWithSite(ctx, name, 0.5, east);
    needs.push({ orgId: org.orgId, flowId: await aFlowAt(ctx, org.siteId, { direction: "need", resourceType: "waste_heat_low", quantity: { value: 10_000, unit: "MWh/yr" }, quality: { temperatureC: 45 } }) });
  }
});

afterAll(async () => {
  await api?.stop();
});

const matchesOf = async (flowId: string, orgId: string): Promise<ListedMatch[]> => {
  const member = await api.actor("org_member", [orgId]);
  const res = await api.request("get", `/api/v1/resource-flows/${flowId}/matches?limit=10`, { token: member.token });
  expect(res.status).toBe(200);
  return res.body.matches as ListedMatch[];
};

describe("a supply two needs want", () => {
  it("is shared between them: the supplier's matches together take no more than the supply, and each names its competitor", async () => {
    const supplierView = await matchesOf(supply, supplyOrg);
    const toNeeds = supplierView.filter((m) => m.allocation);
    expect(toNeeds).toHaveLength(2);
    for (const m of toNeeds) expect(m.allocation!.competitors).toBe(1);
    // Rounded to tenths while anonymous: the two shares of the supply add up to all of it, not to 2 × 10,000 / 13,100.
    expect(toNeeds.reduce((sum, m) => sum + m.allocation!.shareOfSupply, 0)).toBeCloseTo(1, 1);
    expect(toNeeds.some((m) => m.allocation!.shareOfWish < 1)).toBe(true);
    for (const m of toNeeds) expect(m.allocation!.suppliedQuantity).toBeUndefined();
  });

  it("tells each need how much is left for it, in words that match the figures", async () => {
    for (const need of needs) {
      const [best] = await matchesOf(need.flowId, need.orgId);
      const a = best!.allocation!;
      expect(a.competitors).toBe(1);
      expect(a.shareOfWish).toBeGreaterThanOrEqual(0);
      expect(a.shareOfWish).toBeLessThanOrEqual(1);
      expect(a.reason).toContain(`${Math.round(a.shareOfWish * 100)} %`);
      expect(a.reason).toMatch(/1 other need competes/);
      expect(a.mostlyTaken).toBe(a.shareOfWish < 0.5);
      if (a.mostlyTaken) expect(a.reason).toMatch(/mostly taken/);
    }
  });
});

describe("a supply whose quantity changes", () => {
  it("is shared anew on the next read: no list keeps the share computed for the old quantity", async () => {
    const before = await matchesOf(supply, supplyOrg);
    // Read again: the second read is answered from the solved rings kept in the process.
    const again = await matchesOf(supply, supplyOrg);
    expect(again.map((m) => m.allocation)).toEqual(before.map((m) => m.allocation));
    expect(before.filter((m) => m.allocation).some((m) => m.allocation!.shareOfWish < 1)).toBe(true);

    // 25,000 MWh/yr is enough for both 10,000 MWh/yr needs: nobody is short any more.
    const admin = await api.actor("org_admin", [supplyOrg]);
    const patched = await api.request("patch", `/api/v1/resource-flows/${supply}`, { token: admin.token, body: { version: 1, quantity: { value: 25_000, unit: "MWh/yr" } } });
    expect(patched.status).toBe(200);

    const after = (await matchesOf(supply, supplyOrg)).filter((m) => m.allocation);
    expect(after).toHaveLength(2);
    for (const m of after) {
      expect(m.allocation!.shareOfWish).toBe(1);
      expect(m.allocation!.mostlyTaken).toBe(false);
    }
    // The needs' own lists see the larger supply too.
    for (const need of needs) {
      const [best] = await matchesOf(need.flowId, need.orgId);
      expect(best!.allocation!.shareOfWish).toBe(1);
    }
  });
});
