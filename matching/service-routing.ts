/**
 * Which facilitator a facilitated match goes to (DESIGN.md, "services"): pure, no I/O — the
 * match's regions, its resource types and the facilitation services with their load in,
 * one decision with its reason out. The services projection reads the inputs and stores
 * the decision on the match (match-service/service-routing.ts).
 *
 * **The rule.** A facilitation service *fits* a match when it
 * 1. serves one of the regions the match's supply site lies in (any level: a service for
 *    `DK` serves a site in Aalborg municipality),
 * 2. has expertise in the offered or the needed resource type, and
 * 3. has a free slot (`load < capacity`): a full service is skipped, however good.
 *
 * Among fitting services the best serves the **most specific** of those regions (a
 * municipality's facilitator before the country's), then has the **most free slots**, then
 * the **lowest id** — the last makes the choice stable: the same inputs in any order give
 * the same service. No service fitting sends the match to the shared queue, with the first
 * condition no service met as the reason.
 */

/** A region the match's supply lies in. */
export interface RoutingRegion {
  readonly code: string;
  readonly name: string;
}

/** What routing knows of a match. */
export interface RoutableMatch {
  /** The regions containing the supply site, most specific first (empty when unknown). */
  readonly regions: readonly RoutingRegion[];
  readonly offerType: string;
  readonly needType: string;
}

/** A facilitation service as routing sees it. */
export interface RoutingCandidate {
  readonly serviceId: string;
  readonly name: string;
  /** The facilitator who works the service's queue. */
  readonly facilitatorId: string;
  /** Region codes served. */
  readonly regions: readonly string[];
  /** Resource type ids it has expertise in. */
  readonly expertise: readonly string[];
  /** Slots: how many open facilitated matches it takes at once. */
  readonly capacity: number;
  /** Open facilitated matches routed to it now. */
  readonly load: number;
}

/** Why no facilitator fitted: the first condition no service met. */
export type SharedCause = "no_region" | "no_service_in_region" | "no_expertise" | "all_full";

/** Where a facilitated match goes, and why. */
export type RoutingDecision =
  | {
      readonly to: "facilitator";
      readonly serviceId: string;
      readonly serviceName: string;
      readonly facilitatorId: string;
      /** The region that made it fit (the most specific served). */
      readonly region: RoutingRegion;
      /** The resource type its expertise covers (the offered one when it covers both). */
      readonly resourceType: string;
      /** Free slots before this match took one. */
      readonly free: number;
      readonly capacity: number;
      /** Facilitators that fitted but were full. */
      readonly skippedFull: number;
    }
  | {
      readonly to: "shared";
      readonly cause: SharedCause;
      /** The match's most specific region, when known. */
      readonly region: RoutingRegion | null;
      readonly resourceType: string;
      /** Facilitators that fitted but were full. */
      readonly skippedFull: number;
    };

const free = (c: RoutingCandidate) => Math.max(0, c.capacity - c.load);

/** Route one facilitated match by the rule above. */
export function routeToFacilitator(match: RoutableMatch, candidates: readonly RoutingCandidate[]): RoutingDecision {
  const primary = match.regions[0] ?? null;
  const shared = (cause: SharedCause, skippedFull = 0): RoutingDecision => ({ to: "shared", cause, region: primary, resourceType: match.offerType, skippedFull });
  if (match.regions.length === 0) return shared("no_region");
  const rank = (c: RoutingCandidate) => {
    const served = new Set(c.regions);
    return match.regions.findIndex((r) => served.has(r.code));
  };
  const inRegion = candidates.map((c) => ({ c, at: rank(c) })).filter((x) => x.at >= 0);
  if (inRegion.length === 0) return shared("no_service_in_region");
  const skilled = inRegion.filter(({ c }) => c.expertise.includes(match.offerType) || c.expertise.includes(match.needType));
  if (skilled.length === 0) return shared("no_expertise");
  const open = skilled.filter(({ c }) => free(c) > 0);
  const skippedFull = skilled.length - open.length;
  if (open.length === 0) return shared("all_full", skippedFull);
  open.sort((a, b) => a.at - b.at || free(b.c) - free(a.c) || (a.c.serviceId < b.c.serviceId ? -1 : a.c.serviceId > b.c.serviceId ? 1 : 0));
  const best = open[0]!;
  return {
    to: "facilitator",
    serviceId: best.c.serviceId,
    serviceName: best.c.name,
    facilitatorId: best.c.facilitatorId,
    region: match.regions[best.at]!,
    resourceType: best.c.expertise.includes(match.offerType) ? match.offerType : match.needType,
    free: free(best.c),
    capacity: best.c.capacity,
    skippedFull,
  };
}

/**
 * The decision in one English line, as stored with the match and shown where no
 * translation applies (the client words it from the decision's fields in its language):
 * "Aalborg region, steam expertise, 2 of 5 slots free" or "shared queue: no facilitator
 * serves Aalborg". `typeName` names a resource type id.
 */
export function describeRouting(d: RoutingDecision, typeName: (id: string) => string = (id) => id): string {
  const full = d.skippedFull > 0 ? ` (${d.skippedFull} full facilitator${d.skippedFull === 1 ? "" : "s"} skipped)` : "";
  if (d.to === "facilitator") return `${d.region.name} region, ${typeName(d.resourceType)} expertise, ${d.free} of ${d.capacity} slots free${full}`;
  const where = d.region?.name ?? "its region";
  switch (d.cause) {
    case "no_region":
      return "shared queue: the supply's region is not known";
    case "no_service_in_region":
      return `shared queue: no facilitator serves ${where}`;
    case "no_expertise":
      return `shared queue: no facilitator serving ${where} has ${typeName(d.resourceType)} expertise`;
    case "all_full":
      return `shared queue: every facilitator for ${typeName(d.resourceType)} in ${where} is full${full}`;
  }
}
