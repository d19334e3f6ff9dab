/** Request bodies and queries of the services projection's routes. */
import { z } from "zod";
import { freeText, shaped, text } from "../../../domain/schemas/strings.ts";
import { Version } from "../../../domain/schemas/common.ts";
import { ResourceTypeIdSchema } from "../../../domain/schemas/resource-flow.ts";
import { SERVICE_KINDS } from "../../../domain/service-kinds.ts";

/** A region code as `GET /regions` lists it (`DK`, `DK-0851`, `DE-091`…). */
export const RegionCode = shaped(64, /^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a region code as GET /regions lists it");

const distinct = <T>(items: readonly T[]) => new Set(items).size === items.length;

/** Body of `POST /organizations/{id}/services` and `PUT …/services/{serviceId}`. */
export const ServiceBody = z
  .strictObject({
    name: text(200),
    kind: z.enum(SERVICE_KINDS, { error: `must be one of ${SERVICE_KINDS.join(", ")}` }),
    description: freeText(2_000, 0).optional(),
    regions: z
      .array(RegionCode, { error: "must be a list of region codes" })
      .min(1, { error: "must name at least one region served" })
      .max(50, { error: "must name at most 50 regions" })
      .refine(distinct, { error: "must not repeat a region" }),
    expertise: z
      .array(ResourceTypeIdSchema, { error: "must be a list of resource type ids" })
      .min(1, { error: "must name at least one resource type" })
      .max(100, { error: "must name at most 100 resource types" })
      .refine(distinct, { error: "must not repeat a resource type" }),
    capacity: z.int({ error: "must be a whole number of slots" }).min(1, { error: "must be 1–1000 slots" }).max(1_000, { error: "must be 1–1000 slots" }),
    facilitatorId: z.uuid({ error: "must be a user id (uuid)" }).max(36).optional(),
    version: Version.optional().describe("on PUT: the version you read; another one is a 409 VERSION_CONFLICT"),
  })
  .superRefine((b, ctx) => {
    if (b.kind === "facilitation" && b.facilitatorId === undefined) ctx.addIssue({ code: "custom", path: ["facilitatorId"], message: "is required for a facilitation service: routed matches go to this facilitator" });
    if (b.kind !== "facilitation" && b.facilitatorId !== undefined) ctx.addIssue({ code: "custom", path: ["facilitatorId"], message: "is only for a facilitation service" });
  });
export type ServiceBodyInput = z.output<typeof ServiceBody>;

/** Query of `GET /marketplace`. */
export const MarketplaceQuery = z.strictObject({
  region: RegionCode.describe("a loaded region's code (GET /regions)"),
  resource_type: ResourceTypeIdSchema.optional().describe("only providers with expertise in this resource type"),
});
