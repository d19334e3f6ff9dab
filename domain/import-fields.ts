/**
 * The import format's vocabulary: every field an import row may carry, and how a file's
 * columns map to them. Shared by the import pipeline (ingest/imports/columns.ts maps
 * headers) and the import-job ledger (which stores a job's mapping).
 */

/** Every field an import row may carry. */
export const IMPORT_FIELDS = [
  "businessId",
  "companyName",
  "naceCode",
  "size",
  "contactName",
  "contactEmail",
  "contactPhone",
  "siteId",
  "siteName",
  "street",
  "postcode",
  "city",
  "country",
  "lat",
  "lon",
  "region",
  "flowId",
  "direction",
  "resourceType",
  "description",
  "ewcCode",
  "quantity",
  "unit",
  "temperatureC",
  "pressureBar",
  "purityPct",
  "hazardClass",
  "acceptedHazardClasses",
  "maxDistanceKm",
  "minAnnualQuantity",
  "hoursPerWeek",
  "seasonality",
  "price",
  "disposalCost",
  "precision",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** How a file's columns map to import fields. */
export interface ColumnMapping {
  /** The file's headers in the file's order (stored mappings may not keep key order). */
  readonly headers: readonly string[];
  /** Column header → field, for every recognised column. */
  readonly columns: Readonly<Record<string, ImportField>>;
  /** Headers that map to nothing (reported, their values ignored). */
  readonly ignored: readonly string[];
  /** Default unit per field taken from a header ("Quantity (MWh)"). */
  readonly headerUnits: Readonly<Partial<Record<ImportField, string>>>;
}
