/**
 * Fill in what a row leaves out, saying so: the resource type from the description
 * (coding help), the quantity, temperature and schedule from NACE defaults, and the
 * precision ("estimated" for a figure in a spreadsheet, "rough" once a quantity is a
 * default). Every filled field is listed in `estimated`; a row that cannot be completed
 * gets a field error that says what to add. Pure.
 */
import { RESOURCE_TYPES, findResourceType } from "../../domain/taxonomy.ts";
import type { EstimableField } from "../../domain/schemas/resource-flow.ts";
import { suggestCoding, type Correction } from "../../domain/coding/suggest.ts";
import { flowDefault, scheduleDefault } from "./nace-defaults.ts";
import type { FieldError, ParsedRow } from "./parse-row.ts";

/** Below this confidence a suggested type is not used; the row asks for a type instead. */
export const MIN_CODING_CONFIDENCE = 0.35;

const THERMAL = new Set(["waste_heat_low", "waste_heat_high", "steam", "process_heat", "cooling"]);

// "Waste heat (< 90 °C)", "spent grain", "Spent-Grain" → the taxonomy id, when unambiguous.
const BY_LABEL: ReadonlyMap<string, string> = (() => {
  const key = (s: string) => s.toLowerCase().replace(/\(.*?\)/g, "").replace(/[^a-z0-9]+/g, " ").trim();
  const table = new Map<string, string>();
  for (const t of RESOURCE_TYPES) {
    table.set(key(t.id), t.id);
    table.set(key(t.label), t.id);
  }
  return new Map([...table].map(([k, v]) => [k.replace(/ /g, "_"), v]));
})();

/** A row completed as far as possible. */
export interface EnrichedRow {
  readonly row: ParsedRow;
  readonly estimated: readonly EstimableField[];
  /** Where each estimate came from, for the report. */
  readonly notes: readonly string[];
  readonly errors: readonly FieldError[];
}

/** Complete a row. `naceCode` is the business's when the row has none (a known business). */
export function enrichRow(input: ParsedRow, corrections: ReadonlyMap<string, Correction>, naceCode = input.naceCode): EnrichedRow {
  const row: ParsedRow = { ...input };
  const estimated: EstimableField[] = [];
  const notes: string[] = [];
  const errors: FieldError[] = [];

  if (row.resourceType !== undefined && !findResourceType(row.resourceType)) {
    const id = BY_LABEL.get(row.resourceType.replace(/_+/g, "_").replace(/^_|_$/g, ""));
    if (id) row.resourceType = id;
    else {
      const guess = suggestCoding(`${input.resourceType!.replace(/_/g, " ")} ${row.description ?? ""}`, corrections);
      errors.push({
        field: "resourceType",
        reason: `"${input.resourceType}" is not a resource type${guess.resourceType ? `; did you mean ${guess.resourceType}?` : ""} (GET /api/v1/resource-types lists them)`,
        value: input.resourceType,
      });
      row.resourceType = undefined;
    }
  } else if (row.resourceType === undefined && row.description !== undefined) {
    const s = suggestCoding(row.description, corrections);
    if (s.resourceType && s.confidence >= MIN_CODING_CONFIDENCE) {
      row.resourceType = s.resourceType;
      estimated.push("resourceType");
      notes.push(`resource type ${s.resourceType} from the description (confidence ${s.confidence})`);
      if (row.ewcCode === undefined && s.ewcCode) {
        row.ewcCode = s.ewcCode;
        estimated.push("ewcCode");
      }
    } else {
      errors.push({
        field: "resourceType",
        reason: s.resourceType
          ? `missing, and the description is not clear enough (best guess ${s.resourceType} at confidence ${s.confidence}); give a resource type`
          : "missing, and the description names no known resource; give a resource type",
        value: row.description,
      });
    }
  } else if (row.resourceType === undefined) {
    errors.push({ field: "resourceType", reason: "missing: give a resource type or a description of the resource" });
  }

  if (row.direction === undefined) errors.push({ field: "direction", reason: "missing: say whether the site offers or needs it" });
  if (row.lat === undefined) errors.push({ field: "lat", reason: "missing: the site's latitude (WGS84 degrees)" });
  if (row.lon === undefined) errors.push({ field: "lon", reason: "missing: the site's longitude (WGS84 degrees)" });

  const type = row.resourceType;
  const direction = row.direction;
  const fallback = type && direction ? flowDefault(naceCode, direction, type) : undefined;
  if (row.quantity === undefined && type && direction) {
    if (fallback) {
      row.quantity = fallback.annual;
      row.unit = fallback.unit;
      row.precision = "rough";
      estimated.push("quantity");
      notes.push(`quantity: typical for a ${fallback.source}`);
    } else {
      errors.push({ field: "quantity", reason: `missing, and there is no typical figure for ${type} (${direction}) at NACE ${naceCode ?? "(none given)"}; give the annual quantity` });
    }
  } else if (row.quantity !== undefined && row.unit === undefined) {
    errors.push({ field: "unit", reason: "missing: the unit of the quantity, e.g. MWh/yr, t/yr, m3/yr" });
  }
  if (type && THERMAL.has(type) && row.temperatureC === undefined && fallback?.temperatureC !== undefined) {
    row.temperatureC = fallback.temperatureC;
    estimated.push("temperatureC");
    notes.push(`temperature: typical for a ${fallback.source}`);
  }
  if (row.schedule === undefined) {
    const schedule = fallback?.schedule ?? scheduleDefault(naceCode);
    if (schedule) {
      row.schedule = schedule;
      estimated.push("schedule");
    }
  }
  row.precision ??= "estimated";
  return { row, estimated, notes, errors };
}
