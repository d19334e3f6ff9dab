/**
 * How the services projection leaves the API: an organization's service with its regions
 * (named), expertise, capacity, load and free slots; a region's marketplace grouped by
 * resource type. The zod schemas describe the same shapes for OpenAPI.
 */
import { z } from "zod";
import type { StoredService } from "../../../graph/queries/services.ts";
import type { Marketplace, ServiceEntry } from "../../commands/services.ts";
import { MAX_LISTED, wire } from "../../http/wire.ts";

const RegionRef = z.object({ code: wire.code(), name: wire.name() });

export const ServiceView = z.object({
  id: wire.id(),
  orgId: wire.id(),
  name: wire.name(),
  kind: wire.code(),
  description: wire.text().nullable(),
  regions: z.array(RegionRef).max(50),
  expertise: z.array(wire.code()).max(100),
  capacity: z.int().describe("slots: open facilitated matches it takes at once"),
  load: z.int().describe("open facilitated matches routed to it now"),
  free: z.int().describe("capacity minus load, never below 0"),
  facilitatorId: wire.id().nullable(),
  facilitatorName: wire.name().nullable(),
  version: z.int(),
  createdAt: wire.time(),
  updatedAt: wire.time(),
});

export const ServiceList = z.object({ items: z.array(ServiceView).max(MAX_LISTED) });

const ProviderView = z.object({
  serviceId: wire.id(),
  orgId: wire.id(),
  orgName: wire.name().nullable(),
  name: wire.name(),
  kind: wire.code(),
  description: wire.text().nullable(),
  expertise: z.array(wire.code()).max(100),
  regions: z.array(wire.code()).max(50),
  capacity: z.int(),
  free: z.int(),
});

export const MarketplaceView = z.object({
  region: RegionRef,
  regionsIncluded: z.array(RegionRef).max(MAX_LISTED).describe("the region and the regions containing it: a provider serving any of them is listed"),
  resourceTypes: z.array(z.object({ resourceType: wire.code(), providers: z.array(ProviderView).max(MAX_LISTED) })).max(MAX_LISTED),
});

const free = (s: StoredService) => Math.max(0, s.capacity - s.load);

/** One service. */
export function presentService(entry: ServiceEntry): z.output<typeof ServiceView> {
  const s = entry.service;
  return {
    id: s.id,
    orgId: s.orgId,
    name: s.name,
    kind: s.kind,
    description: s.description,
    regions: s.regions.map((code) => entry.regions.get(code) ?? { code, name: code }),
    expertise: [...s.expertise],
    capacity: s.capacity,
    load: s.load,
    free: free(s),
    facilitatorId: s.facilitatorId,
    facilitatorName: entry.facilitatorName,
    version: s.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** A region's marketplace. The facilitator's user id is not shown: a listing names the organization. */
export function presentMarketplace(m: Marketplace): z.output<typeof MarketplaceView> {
  return {
    region: m.region,
    regionsIncluded: [...m.regions],
    resourceTypes: m.byResourceType.map((g) => ({
      resourceType: g.resourceType,
      providers: g.providers.map((s) => ({ serviceId: s.id, orgId: s.orgId, orgName: m.orgNames.get(s.orgId) ?? null, name: s.name, kind: s.kind, description: s.description, expertise: [...s.expertise], regions: [...s.regions], capacity: s.capacity, free: free(s) })),
    })),
  };
}
