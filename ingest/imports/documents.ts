/**
 * From a completed row and the ids it resolved to, the domain documents — validated by
 * the same zod schemas the REST API uses, so an import accepts exactly what the API
 * accepts. A domain error names the import field it came from ("quantity", "naceCode"),
 * which the report turns into the file's own column header. Pure.
 */
import type { z } from "zod";
import { BusinessCreateSchema, type Business } from "../../domain/schemas/business.ts";
import { SiteCreateSchema, type Site } from "../../domain/schemas/site.ts";
import { ResourceFlowCreateSchema, type EstimableField, type ResourceFlow } from "../../domain/schemas/resource-flow.ts";
import type { FieldError, ParsedRow } from "./parse-row.ts";

/** Domain paths → the import field a person fixes in the file. */
const FIELD_OF_PATH: Record<string, string> = {
  name: "companyName",
  naceCode: "naceCode",
  size: "size",
  "contact.name": "contactName",
  "contact.email": "contactEmail",
  "contact.phone": "contactPhone",
  externalId: "id",
  "address.street": "street",
  "address.postcode": "postcode",
  "address.city": "city",
  "address.country": "country",
  lat: "lat",
  lon: "lon",
  region: "region",
  direction: "direction",
  resourceType: "resourceType",
  ewcCode: "ewcCode",
  "quantity.value": "quantity",
  "quantity.unit": "unit",
  "quality.temperatureC": "temperatureC",
  "quality.pressureBar": "pressureBar",
  "quality.purityPct": "purityPct",
  "quality.hazardClass": "hazardClass",
  "availability.schedule": "hoursPerWeek",
  "availability.schedule.hoursPerWeek": "hoursPerWeek",
  "availability.seasonality": "seasonality",
  "price.eurPerUnit": "price",
  disposalCost: "disposalCost",
  "disposalCost.eurPerUnit": "disposalCost",
  precision: "precision",
  description: "description",
};

function issuesAsErrors(entity: "business" | "site" | "flow", error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).filter((p) => !/^\d+$/.test(p)).join(".");
    const field = FIELD_OF_PATH[path] ?? (entity === "site" && path === "name" ? "siteName" : path || entity);
    return { field: entity === "site" && path === "name" ? "siteName" : field, reason: issue.message };
  });
}

const defined = <T extends object>(o: T): T | undefined => (Object.values(o).some((v) => v !== undefined) ? o : undefined);

/** The business document of a new business. */
export function businessDocument(row: ParsedRow, id: string): { doc?: Business; errors: FieldError[] } {
  if (row.naceCode === undefined) return { errors: [{ field: "naceCode", reason: "missing: a new company needs the NACE code of its main activity, e.g. 10.51" }] };
  const parsed = BusinessCreateSchema.safeParse({
    externalId: id,
    name: row.companyName,
    naceCode: row.naceCode,
    size: row.size?.toLowerCase(),
    contact: row.contactName || row.contactEmail ? { name: row.contactName ?? row.companyName, email: row.contactEmail, phone: row.contactPhone } : undefined,
  });
  return parsed.success ? { doc: parsed.data, errors: [] } : { errors: issuesAsErrors("business", parsed.error) };
}

/** The site document of a new site. */
export function siteDocument(row: ParsedRow, id: string, businessId: string, regionCode: string | null): { doc?: Site; errors: FieldError[] } {
  const parsed = SiteCreateSchema.safeParse({
    externalId: id,
    businessId,
    name: row.siteName ?? ([row.companyName, row.city].filter(Boolean).join(", ") || id),
    address: defined({ street: row.street, postcode: row.postcode, city: row.city, country: row.country }),
    lat: row.lat,
    lon: row.lon,
    region: row.region ?? regionCode ?? undefined,
  });
  return parsed.success ? { doc: parsed.data, errors: [] } : { errors: issuesAsErrors("site", parsed.error) };
}

/** The flow document. */
export function flowDocument(row: ParsedRow, id: string, siteId: string, estimated: readonly EstimableField[]): { doc?: ResourceFlow; errors: FieldError[] } {
  const parsed = ResourceFlowCreateSchema.safeParse({
    externalId: id,
    siteId,
    direction: row.direction,
    resourceType: row.resourceType,
    ewcCode: row.ewcCode,
    quantity: { value: row.quantity, unit: row.unit },
    quality: defined({ temperatureC: row.temperatureC, pressureBar: row.pressureBar, purityPct: row.purityPct, hazardClass: row.hazardClass }),
    availability: defined({ schedule: row.schedule, seasonality: row.seasonality }),
    price: row.price !== undefined ? { eurPerUnit: row.price } : undefined,
    disposalCost: row.disposalCost !== undefined ? { eurPerUnit: row.disposalCost } : undefined,
    acceptedHazardClasses: row.acceptedHazardClasses,
    maxDistanceKm: row.maxDistanceKm,
    minAnnualQuantity: row.minAnnualQuantity,
    precision: row.precision,
    description: row.description,
    estimatedFields: estimated.length > 0 ? [...estimated] : undefined,
  });
  return parsed.success ? { doc: parsed.data, errors: [] } : { errors: issuesAsErrors("flow", parsed.error) };
}
