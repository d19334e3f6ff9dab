/**
 * A resource flow: something a site offers (a by-product) or needs (an input), with
 * quantity, quality, availability and price. The boundary schema checks shape and
 * taxonomy; normalization to canonical units happens in `normalize-flow.ts`.
 */
import { z } from "zod";
import { HAZARDOUS_PROPERTIES } from "../hazardous-properties.ts";
import { RESOURCE_TYPE_IDS } from "../taxonomy.ts";
import { checkUnit, quantityValueProblem } from "../units.ts";
import { ExternalId, IsoDate, Version, bounded, freeText, singleLine, text } from "./common.ts";

export const FLOW_DIRECTIONS = ["offer", "need"] as const;
export type FlowDirection = (typeof FLOW_DIRECTIONS)[number];

/** How good the numbers are; feeds the trust score and the hybrid router. */
export const PRECISIONS = ["rough", "estimated", "measured"] as const;
export type Precision = (typeof PRECISIONS)[number];

/**
 * A flow's declared hazard: "none" (declared non-hazardous, which overrides a type that is
 * hazardous by default) or one hazardous property. Absent = not declared.
 */
export const HAZARD_CLASSES = ["none", ...HAZARDOUS_PROPERTIES] as readonly [string, ...string[]];

const resourceTypeIds = new Set(RESOURCE_TYPE_IDS);

/** Fields of a flow that an import may fill with an estimate. */
export const ESTIMABLE_FIELDS = ["resourceType", "ewcCode", "quantity", "temperatureC", "schedule"] as const;
export type EstimableField = (typeof ESTIMABLE_FIELDS)[number];

export const ResourceTypeIdSchema = singleLine(64)
  .refine((id) => resourceTypeIds.has(id), { error: "must be a resource type id from the taxonomy (GET /resource-types)" });

/** European Waste Catalogue code "NN NN NN", with "*" marking a hazardous entry. */
export const EwcCodeSchema = singleLine(9)
  .regex(/^\d{2} \d{2} \d{2}\*?$/, { error: 'must be an EWC code like "10 01 02" or "07 01 04*"' });

// Body schemas are strict objects at every level: an unknown field is a 400 naming it
// (domain/validation.ts), never silently dropped. Stored documents were written through
// these same schemas, so re-validating one merged with a patch meets no unknown key.
export const QuantitySchema = z.strictObject({
  value: z
    .number({ error: "must be a number" })
    .positive({ error: "must be greater than 0" })
    .max(1e15, { error: "is implausibly large" }),
  unit: text(32),
});

export const QualitySchema = z.strictObject({
  temperatureC: bounded(-273.15, 2000, "°C").optional(),
  pressureBar: bounded(0, 500, "bar").optional(),
  purityPct: bounded(0, 100, "%").optional(),
  hazardClass: z.enum(HAZARD_CLASSES, { error: "must be none or HP1–HP15" }).optional(),
});

/** Either running round the clock or a number of operating hours per week. */
export const ScheduleSchema = z.union(
  [z.literal("24/7"), z.strictObject({ hoursPerWeek: bounded(1, 168, "h/week") })],
  { error: 'must be "24/7" or {"hoursPerWeek": 1–168}' },
);
export type Schedule = z.output<typeof ScheduleSchema>;

export const AvailabilitySchema = z
  .strictObject({
    schedule: ScheduleSchema.optional(),
    /** Months (1 = January) in which the flow exists; absent means all year. */
    seasonality: z
      .array(z.int({ error: "must be a month number" }).min(1, { error: "must be 1–12" }).max(12, { error: "must be 1–12" }))
      .min(1, { error: "must list at least one month" })
      .max(12, { error: "must list each month at most once" })
      .refine((months) => new Set(months).size === months.length, { error: "must not repeat a month" })
      .optional(),
    start: IsoDate.optional(),
    end: IsoDate.optional(),
  })
  .refine((a) => a.start === undefined || a.end === undefined || a.end >= a.start, {
    error: "must not be before start",
    path: ["end"],
  });
export type Availability = z.output<typeof AvailabilitySchema>;

/** Money per canonical unit of the resource (EUR/MWh, EUR/t, EUR/m3). */
export const PriceSchema = z.strictObject({ eurPerUnit: bounded(0, 1_000_000, "EUR") });

const fields = {
  direction: z.enum(FLOW_DIRECTIONS, { error: "must be offer or need" }),
  resourceType: ResourceTypeIdSchema,
  ewcCode: EwcCodeSchema.optional(),
  quantity: QuantitySchema,
  quality: QualitySchema.optional(),
  availability: AvailabilitySchema.optional(),
  /** What the offerer asks or the needer pays today. */
  price: PriceSchema.optional(),
  /** What getting rid of it costs today (the saving a match can unlock). */
  disposalCost: PriceSchema.optional(),
  precision: z.enum(PRECISIONS, { error: "must be rough, estimated or measured" }),
  description: freeText(2000).optional(),
  /** Fields the platform filled in (NACE defaults, coding help) rather than the owner; they lower the data-quality score. */
  /** Need: the hazardous properties this consumer is permitted and equipped to take; absent = none. */
  acceptedHazardClasses: z
    .array(z.enum(HAZARDOUS_PROPERTIES, { error: "must be HP1–HP15" }))
    .min(1, { error: "must list at least one hazard class (leave it out to accept none)" })
    .max(HAZARDOUS_PROPERTIES.length, { error: "must list each hazard class at most once" })
    .refine((classes) => new Set(classes).size === classes.length, { error: "must not repeat a hazard class" })
    .optional(),
  /** The farthest this party will ship or fetch it, km as the crow flies; the smaller of the two sides' limits applies. */
  maxDistanceKm: bounded(0.1, 20_000, "km").optional(),
  /** Need: the least worth taking per year, in the resource type's canonical unit (t/yr, MWh/yr or m³/yr; GET /resource-types). */
  minAnnualQuantity: bounded(0, 1e15).optional(),
  estimatedFields: z.array(z.enum(ESTIMABLE_FIELDS, { error: `must be one of ${ESTIMABLE_FIELDS.join(", ")}` })).max(ESTIMABLE_FIELDS.length).optional(),
};

type FlowLike = {
  direction?: string;
  resourceType?: string;
  acceptedHazardClasses?: unknown;
  minAnnualQuantity?: unknown;
  quantity?: { value: number; unit: string };
  price?: unknown;
  disposalCost?: unknown;
  ewcCode?: string;
  quality?: { hazardClass?: string };
};

/** Cross-field rules; each issue carries the path of the field to fix. */
function crossCheck(flow: FlowLike, ctx: z.RefinementCtx): void {
  if (flow.resourceType !== undefined && flow.quantity !== undefined && resourceTypeIds.has(flow.resourceType)) {
    const check = checkUnit(flow.quantity.unit, flow.resourceType);
    if (!check.ok)
      ctx.addIssue({
        code: "custom",
        path: ["quantity", "unit"],
        message:
          check.code === "UNKNOWN_UNIT"
            ? `unknown unit "${flow.quantity.unit}"; accepted: ${check.accepted.join(", ")}`
            : `"${flow.quantity.unit}" does not fit ${flow.resourceType}; accepted: ${check.accepted.join(", ")}`,
        params: { code: check.code, accepted: check.accepted },
      });
  }
  // Plausible per unit (domain/units.ts QUANTITY_BOUNDS): 1e15 TWh/yr and 1e-320 are refused here.
  const implausible = flow.quantity && quantityValueProblem(flow.quantity.value, flow.quantity.unit);
  if (implausible) ctx.addIssue({ code: "custom", path: ["quantity", "value"], message: implausible });
  if (flow.price !== undefined && flow.disposalCost !== undefined)
    ctx.addIssue({ code: "custom", path: ["disposalCost"], message: "give either price or disposalCost, not both" });
  if (flow.ewcCode?.endsWith("*") && flow.quality?.hazardClass === "none")
    ctx.addIssue({
      code: "custom",
      path: ["quality", "hazardClass"],
      message: "cannot be none for a hazardous EWC entry (*)",
    });
  // What a consumer accepts and the least it takes are a need's rules; an offer states its own hazard in quality.hazardClass.
  if (flow.direction === "offer") {
    if (flow.acceptedHazardClasses !== undefined)
      ctx.addIssue({ code: "custom", path: ["acceptedHazardClasses"], message: "is a need's field; an offer declares its hazard in quality.hazardClass" });
    if (flow.minAnnualQuantity !== undefined)
      ctx.addIssue({ code: "custom", path: ["minAnnualQuantity"], message: "is a need's field (the least the consumer takes per year)" });
  }
}

/** Body of a flow creation. */
export const ResourceFlowCreateSchema = z
  .strictObject({ externalId: ExternalId, siteId: ExternalId, ...fields })
  .superRefine(crossCheck);

/**
 * Body of a flow update: any field plus the version the caller saw. Nested objects are
 * replaced whole (a quantity is its value and unit together). A unit is checked against
 * the resource type here only when both are in the update; the write path re-checks
 * against the stored type.
 */
export const ResourceFlowUpdateSchema = z.strictObject(fields).partial().extend({ version: Version }).superRefine(crossCheck);

export type ResourceFlow = z.output<typeof ResourceFlowCreateSchema>;
export type ResourceFlowInput = z.input<typeof ResourceFlowCreateSchema>;
export type ResourceFlowUpdate = z.output<typeof ResourceFlowUpdateSchema>;
export type Quantity = z.output<typeof QuantitySchema>;
export type Quality = z.output<typeof QualitySchema>;
