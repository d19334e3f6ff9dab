/**
 * A synthetic municipal register: the generated region (generate-region.ts) written as the
 * flat spreadsheet a municipality would send — one row per flow, the company and site
 * repeated on each — for import tests and the ingest benchmark. Deterministic per seed.
 */
import type { GeneratedRegion } from "./generate-region.ts";

/** The register's header, in the English layout the README documents. */
export const REGISTER_HEADER = [
  "Company",
  "NACE",
  "Site",
  "Street",
  "Postcode",
  "City",
  "Country",
  "Latitude",
  "Longitude",
  "Direction",
  "Resource type",
  "Description",
  "Quantity",
  "Unit",
  "Temperature (°C)",
  "Hours per week",
  "Price (EUR/unit)",
  "Disposal cost (EUR/unit)",
  "Precision",
] as const;

/** The register's rows (at most `limit`), as cells in header order. */
export function registerRows(region: GeneratedRegion, limit = Infinity): (string | number)[][] {
  const sites = new Map(region.sites.map((s) => [s.externalId, s]));
  const businesses = new Map(region.businesses.map((b) => [b.externalId, b]));
  const rows: (string | number)[][] = [];
  for (const f of region.flows) {
    if (rows.length >= limit) break;
    const s = sites.get(f.siteId)!;
    const b = businesses.get(s.businessId)!;
    const schedule = f.availability?.schedule;
    rows.push([
      b.name,
      b.naceCode,
      s.name,
      s.address?.street ?? "",
      s.address?.postcode ?? "",
      s.address?.city ?? "",
      s.address?.country ?? "",
      s.lat,
      s.lon,
      f.direction,
      f.resourceType,
      f.description ?? "",
      f.quantity.value,
      f.quantity.unit,
      f.quality?.temperatureC ?? "",
      schedule === undefined ? "" : schedule === "24/7" ? "24/7" : schedule.hoursPerWeek,
      f.price?.eurPerUnit ?? "",
      f.disposalCost?.eurPerUnit ?? "",
      f.precision,
    ]);
  }
  return rows;
}

/** The register as comma-separated text (header line first). */
export function registerCsv(region: GeneratedRegion, limit = Infinity): string {
  const cell = (v: string | number) => (typeof v === "number" ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [REGISTER_HEADER.map(cell).join(",")];
  for (const row of registerRows(region, limit)) lines.push(row.map(cell).join(","));
  return lines.join("\n") + "\n";
}
