/**
 * The services projection's step of the matching pipeline: a facilitated match, once
 * stored, goes to the best-fitting facilitator by the rule of matching/service-routing.ts
 * — or to the shared queue — and the decision and its reason are stored with the match
 * (graph/queries/services.ts), once: a match keeps where it was routed when it is
 * recomputed, so a facilitator's queue does not shift under them.
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import { findResourceType } from "../domain/taxonomy.ts";
import { routeUnroutedMatches, type StoredRouting, type StoredService } from "../graph/queries/services.ts";
import { describeRouting, routeToFacilitator, type RoutingDecision } from "../matching/service-routing.ts";
import { flowRegionChains } from "../spatial/service-regions.ts";

/** A routing decision as stored on the match (JSON) and shown on the workbench's card. */
export type RoutingView = RoutingDecision & {
  /** The decision in one English line ("Aalborg region, steam expertise, 2 of 5 slots free"). */
  readonly reason: string;
  readonly routedAt: string;
};

/** A resource type's label inside a sentence: "steam", "low-grade waste heat (< 90 °C)"; acronyms (CO2) kept. */
const typeName = (id: string) => {
  const label = findResourceType(id)?.label ?? id;
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
};

/** The stored routing of a match (JSON text), or null when absent or unreadable. */
export function parseRouting(text: string | undefined): RoutingView | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as RoutingView;
    return v && (v.to === "facilitator" || v.to === "shared") && typeof v.reason === "string" ? v : null;
  } catch {
    return null;
  }
}

/** The stored form of a decision. */
export function routingRecord(decision: RoutingDecision, now: string): StoredRouting {
  const view: RoutingView = { ...decision, reason: describeRouting(decision, typeName), routedAt: now };
  return {
    routing: JSON.stringify(view),
    serviceId: decision.to === "facilitator" ? decision.serviceId : null,
    facilitatorId: decision.to === "facilitator" ? decision.facilitatorId : null,
  };
}

/** What a withdrawn service's matches go back to the shared queue with. */
export function withdrawnRouting(serviceName: string, now: string): string {
  return JSON.stringify({ to: "shared", cause: "withdrawn", region: null, resourceType: "", skippedFull: 0, reason: `shared queue: the service ${serviceName} was withdrawn`, routedAt: now });
}

/**
 * Route the facilitated matches among `ids` that are not routed yet (others are left as
 * they are). Only facilitation services with a facilitator take part.
 * @returns how many went to a facilitator and how many to the shared queue
 */
export async function routeFacilitatedMatches(stores: { readonly neo4j: Driver; readonly knex: Knex }, ids: readonly string[], now = new Date().toISOString()): Promise<{ routed: number; shared: number }> {
  if (ids.length === 0) return { routed: 0, shared: 0 };
  // Regions are read before the graph transaction (another store): the supply's site does not move meanwhile.
  let regions: Awaited<ReturnType<typeof flowRegionChains>> | null = null;
  const stored = await routeUnroutedMatches(stores.neo4j, ids, (match, services) => {
    const candidates = services.filter((s): s is StoredService & { facilitatorId: string } => s.kind === "facilitation" && s.facilitatorId !== null);
    const decision = routeToFacilitator(
      { regions: regions?.get(match.supplyFlowId) ?? [], offerType: match.offerType, needType: match.needType },
      candidates.map((s) => ({ serviceId: s.id, name: s.name, facilitatorId: s.facilitatorId, regions: s.regions, expertise: s.expertise, capacity: s.capacity, load: s.load })),
    );
    return routingRecord(decision, now);
  }, async (pending) => {
    regions = await flowRegionChains(stores.knex, pending.map((m) => m.supplyFlowId));
  });
  let routed = 0;
  for (const r of stored.values()) if (r.serviceId !== null) routed++;
  return { routed, shared: stored.size - routed };
}
