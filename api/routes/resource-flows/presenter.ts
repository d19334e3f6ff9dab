/** How resource flows leave the API: as declared, plus the normalized quantity. */
import { z } from "zod";
import { explanations, wire } from "../../http/wire.ts";
import type { StoredEntity } from "../../../graph/entity-store.ts";
import type { StoredFlowDoc } from "../../../ingest/write-path.ts";
import { dataQuality } from "../../../domain/data-quality.ts";
import { HAZARDOUS_PROPERTIES } from "../../../domain/hazardous-properties.ts";
import { presentedId } from "../../../domain/node-ref.ts";
import type { FlowView as FlowWire } from "../../../contract/flows.ts";

export const FlowView = z.object({
  id: wire.id(),
  siteId: wire.id(),
  orgId: wire.id(),
  direction: z.enum(["offer", "need"]),
  resourceType: wire.code(),
  ewcCode: wire.code().nullable(),
  quantity: z.object({ value: z.number(), unit: wire.code() }),
  normalized: z.object({ annual: z.number(), unit: wire.code(), peakKW: z.number().nullable(), hoursPerYear: z.number(), assumptions: explanations() }),
  quality: z.record(wire.code(), z.unknown()).nullable(),
  availability: z.record(wire.code(), z.unknown()).nullable(),
  price: z.object({ eurPerUnit: z.number() }).nullable(),
  disposalCost: z.object({ eurPerUnit: z.number() }).nullable(),
  acceptedHazardClasses: z.array(wire.code()).max(HAZARDOUS_PROPERTIES.length).nullable().describe("need: hazard classes (HP1–HP15) it accepts; null = accepts no hazardous input"),
  maxDistanceKm: z.number().nullable().describe("the farthest this party ships or fetches, km; null = the resource type's radius"),
  minAnnualQuantity: z.number().nullable().describe("need: the least it takes per year, in normalized.unit; null = any amount"),
  precision: z.enum(["rough", "estimated", "measured"]),
  description: wire.text().nullable(),
  estimatedFields: explanations(),
  dataQuality: z.object({ score: z.number(), gaps: explanations() }),
  version: z.number(),
  updatedAt: wire.time(),
}) satisfies z.ZodType<FlowWire>;

/** Present a flow to a viewer belonging to `viewerOrgIds` (its members see the ids they gave). */
export function presentFlow(stored: StoredEntity<StoredFlowDoc>, viewerOrgIds: readonly string[]) {
  const f = stored.doc;
  return {
    id: presentedId(stored.id, stored.orgId, viewerOrgIds),
    siteId: presentedId(f.siteId, stored.orgId, viewerOrgIds),
    orgId: stored.orgId,
    direction: f.direction,
    resourceType: f.resourceType,
    ewcCode: f.ewcCode ?? null,
    quantity: f.quantity,
    normalized: {
      annual: f.normalized.annual,
      unit: f.normalized.unit,
      peakKW: f.normalized.peakKW ?? null,
      hoursPerYear: f.normalized.hoursPerYear,
      assumptions: f.normalized.assumptions,
    },
    quality: f.quality ?? null,
    availability: f.availability ?? null,
    price: f.price ?? null,
    disposalCost: f.disposalCost ?? null,
    acceptedHazardClasses: f.acceptedHazardClasses ?? null,
    maxDistanceKm: f.maxDistanceKm ?? null,
    minAnnualQuantity: f.minAnnualQuantity ?? null,
    precision: f.precision,
    description: f.description ?? null,
    estimatedFields: f.estimatedFields ?? [],
    dataQuality: dataQuality(f),
    version: stored.version,
    updatedAt: stored.updatedAt,
  } satisfies FlowWire;
}
