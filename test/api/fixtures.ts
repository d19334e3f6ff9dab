/** Builders that register organizations, sites and flows through the API itself. */
import { expect } from "vitest";
import type { Business } from "../../domain/schemas/business.ts";
import { addMembership, type Membership } from "../../ledgers/accounts.ts";
import { insertClusterProposal, type ClusterProposalRecord } from "../../ledgers/cluster-proposals.ts";
import type { Site } from "../../domain/schemas/site.ts";
import type { ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import type { Actor, TestApi } from "../helpers/http.ts";

/** The base path of the REST API. */
export const V1 = "/api/v1";

/** An organization registered by `founder`, who thereby becomes its org_admin. */
export async function anOrganization(api: TestApi, founder: Actor, overrides: Partial<Business> = {}): Promise<Business> {
  const org = aBusiness({ contact: { name: "Ida Jensen", email: "ida@example.test" }, ...overrides });
  const res = await api.request("post", `${V1}/organizations`, { token: founder.token, body: org });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return org;
}

/**
 * Make `actor` a member of `orgId` (org_admin or org_member). Memberships are read on every
 * request, so the actor's token needs no renewal; one logged-in user can play many parts.
 */
export async function join(api: TestApi, actor: Actor, orgId: string, role: Membership["role"] = "org_member"): Promise<void> {
  await addMembership(api.knex, actor.id, orgId, role);
}

/** A site of `orgId`, registered by `actor`. */
export async function aSiteOf(api: TestApi, actor: { token: string }, orgId: string, overrides: Partial<Site> = {}): Promise<Site> {
  const site = aSite(orgId, overrides);
  const res = await api.request("post", `${V1}/sites`, { token: actor.token, body: site });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return site;
}

/** A flow at `siteId`, registered by `actor`. */
export async function aFlowAt(api: TestApi, actor: { token: string }, siteId: string, overrides: Partial<ResourceFlow> = {}): Promise<ResourceFlow> {
  const flow = aFlow(siteId, overrides);
  const res = await api.request("post", `${V1}/resource-flows`, { token: actor.token, body: flow });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return flow;
}

let storedMatches = 0;

/**
 * A `:Match` node between two flows, as the matching worker stores one (the fields the
 * proposal and disclosure paths read). A fresh id each call, so each test starts with no
 * decisions on it.
 */
export async function aStoredMatch(
  api: TestApi,
  m: { supplyFlowId: string; demandFlowId: string; supplyOrgId: string; demandOrgId: string; offerType?: string; needType?: string; route?: "auto" | "facilitator" },
): Promise<string> {
  const id = `match-${++storedMatches}-${Math.random().toString(36).slice(2, 8)}`;
  await api.stores.neo4j.executeQuery(
    `CREATE (m:Match {id: $id, supplyFlowId: $s, demandFlowId: $d, supplyOrgId: $so, demandOrgId: $do, offerType: $ot, needType: $nt,
                      score: 0.8, route: $route, distanceKm: 1.2, annualValueEur: 10000, factors: '{}', economics: '{}', relaxed: false, updatedAt: toString(datetime())})`,
    { id, s: m.supplyFlowId, d: m.demandFlowId, so: m.supplyOrgId, do: m.demandOrgId, ot: m.offerType ?? "waste_heat_low", nt: m.needType ?? "space_heating", route: m.route ?? "auto" },
  );
  return id;
}

/** `orgAdmin` grants `facilitator` a mandate for `orgId` covering `acts`; returns its id. */
export async function aMandate(api: TestApi, orgAdmin: Actor, orgId: string, facilitator: Actor, acts: readonly string[]): Promise<string> {
  const res = await api.request("post", `${V1}/organizations/${orgId}/mandates`, { token: orgAdmin.token, body: { facilitatorId: facilitator.id, acts } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/**
 * A cluster proposal written straight to its ledger (the first member, the supplier,
 * proposes), for tests about who may reach it rather than about how clusters are found.
 */
export async function aClusterProposal(api: TestApi, members: readonly { orgId: string; flowId: string }[]): Promise<ClusterProposalRecord> {
  return insertClusterProposal(api.knex, {
    clusterId: `cl_${"0".repeat(24)}`,
    supplyFlowId: members[0]!.flowId,
    resourceType: "waste_heat_low",
    proposerOrg: members[0]!.orgId,
    proposedBy: "test",
    annualValueEur: 100_000 * members.length,
    pairsAloneEur: 90_000 * members.length,
    pipeKm: 1,
    capexEur: 1_000_000,
    members: members.map((m, i) => ({ ...m, role: i === 0 ? ("supplier" as const) : ("consumer" as const), matchId: null, quantityMWh: 1_000, deliveredMWh: 1_000, connected: true, shareEur: 100_000 })),
  });
}
