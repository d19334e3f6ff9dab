/**
 * From a mapped spreadsheet row (field → raw cell) to typed values, reading cells the way
 * people write them: "1.234,5" in a semicolon file, "supply"/"by-product" for an offer,
 * "Jun–Aug" for seasonality, "24/7" or "120" for operating hours, "Denmark" for DK. Every
 * cell that cannot be read becomes a field error; the rest of the row is still read, so one
 * report lists everything wrong with a line.
 */
import type { ImportField } from "../../domain/import-fields.ts";
import { countryCode } from "./countries.ts";
import { findUnit } from "../../domain/units.ts";
import { escapeControls, stringRuleViolation } from "../../domain/schemas/strings.ts";

/** Cells that are free text: they may span lines and hold tabs (domain/schemas/strings.ts). */
const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set(["description"]);

/** The typed values of one row; absent when the cell was empty or unreadable. */
export interface ParsedRow {
  businessId?: string;
  companyName?: string;
  naceCode?: string;
  size?: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
  siteId?: string;
  siteName?: string;
  street?: string;
  postcode?: string;
  city?: string;
  country?: string;
  lat?: number;
  lon?: number;
  region?: string;
  flowId?: string;
  direction?: "offer" | "need";
  resourceType?: string;
  description?: string;
  ewcCode?: string;
  quantity?: number;
  unit?: string;
  temperatureC?: number;
  pressureBar?: number;
  purityPct?: number;
  hazardClass?: string;
  acceptedHazardClasses?: string[];
  maxDistanceKm?: number;
  minAnnualQuantity?: number;
  schedule?: "24/7" | { hoursPerWeek: number };
  seasonality?: number[];
  price?: number;
  disposalCost?: number;
  precision?: "rough" | "estimated" | "measured";
}

/** A cell that could not be read, or a value the domain refuses. */
export interface FieldError {
  readonly field: ImportField | string;
  readonly reason: string;
  readonly value?: string;
}

/** How numbers are written in this file. */
export interface ParseOptions {
  /** "1.234,5" rather than "1,234.5" (files separated by semicolons, as Excel writes them in most of Europe). */
  readonly decimalComma: boolean;
  /** Units from the headers ("Quantity (t/yr)"), used where the row has no unit. */
  readonly headerUnits?: Readonly<Partial<Record<ImportField, string>>>;
}

const OFFER_WORDS = new Set(["offer", "offers", "supply", "supplies", "output", "by product", "byproduct", "waste", "surplus", "excess", "available", "source", "has", "give", "udbud", "overskud", "angebot", "abgabe", "out"]);
const NEED_WORDS = new Set(["need", "needs", "demand", "input", "want", "wants", "require", "requires", "consumer", "sink", "take", "behov", "bedarf", "in"]);
const PRECISION_WORDS: Record<string, ParsedRow["precision"]> = {
  measured: "measured", metered: "measured", meter: "measured", measurement: "measured", målt: "measured", gemessen: "measured",
  estimated: "estimated", estimate: "estimated", calculated: "estimated", reported: "estimated", modelled: "estimated", modeled: "estimated", beregnet: "estimated", geschätzt: "estimated",
  rough: "rough", guess: "rough", guessed: "rough", assumed: "rough", skøn: "rough",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_ALIASES: Record<string, number> = { maj: 5, mai: 5, okt: 10, dez: 12, dec: 12, mrz: 3, mär: 3 };

const str = (raw: unknown) => String(raw).trim();
const words = (raw: unknown) => str(raw).toLowerCase().replace(/[-_/]+/g, " ").replace(/\s+/g, " ");

const UNIT_WORDS: Record<string, string> = { tonnes: "t", tonne: "t", tons: "t", ton: "t", tonnes_per_year: "t/yr", "m³": "m3", "nm³": "Nm3" };

/**
 * A register's quantity is a yearly amount, so an amount unit without a period ("MWh",
 * "t", "m3") means per year; other units are left for the domain to check.
 */
export function annualUnit(unit: string): string {
  const u = UNIT_WORDS[unit.trim().toLowerCase()] ?? unit.trim().replace(/³/g, "3").replace(/\s*\/\s*(year|yr|a|år|jahr)$/i, "/yr");
  return findUnit(u) === undefined && findUnit(`${u}/yr`) !== undefined ? `${u}/yr` : u;
}

/** Read a number as written in the file; undefined when it is not one. */
export function readNumber(raw: unknown, decimalComma: boolean): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  let s = str(raw).replace(/[\s\u00a0']/g, "");
  if (s === "") return undefined;
  if (decimalComma) s = s.replace(/\./g, "").replace(",", ".");
  else s = s.replace(/,/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return undefined;
  return Number(s);
}

/** "Jun–Aug", "6-8", "1,2,12", "Dec–Feb" → month numbers; undefined when unreadable. */
export function readMonths(raw: unknown): number[] | undefined {
  const month = (token: string): number | undefined => {
    const t = token.trim().toLowerCase();
    if (/^\d{1,2}$/.test(t)) return Number(t) >= 1 && Number(t) <= 12 ? Number(t) : undefined;
    const i = MONTHS.indexOf(t.slice(0, 3));
    return i >= 0 ? i + 1 : MONTH_ALIASES[t.slice(0, 3)];
  };
  const out = new Set<number>();
  for (const part of str(raw).split(/[,;]+/).filter((p) => p.trim() !== "")) {
    const range = part.split(/\s*[-–]\s*/);
    if (range.length === 1) {
      const m = month(range[0]!);
      if (m === undefined) return undefined;
      out.add(m);
    } else if (range.length === 2) {
      const a = month(range[0]!);
      const b = month(range[1]!);
      if (a === undefined || b === undefined) return undefined;
      // A range may wrap over the new year (Nov–Feb).
      for (let m = a; ; m = (m % 12) + 1) {
        out.add(m);
        if (m === b) break;
      }
    } else return undefined;
  }
  return out.size > 0 ? [...out].sort((x, y) => x - y) : undefined;
}

/**
 * "HP8, HP14", "hp 8; hp 14" or "8/14" → ["HP8", "HP14"], or undefined when a part is not
 * a hazard class number (the schema then checks each is one of HP1–HP15).
 */
export function readHazardClasses(raw: unknown): string[] | undefined {
  const parts = str(raw).split(/[,;/|+]|\s+and\s+/i).map((p) => p.trim().replace(/\s+/g, "")).filter((p) => p !== "");
  const classes = parts.map((p) => /^(?:hp)?(\d{1,2})$/i.exec(p)).map((m) => (m ? `HP${Number(m[1])}` : undefined));
  return classes.length > 0 && classes.every((c) => c !== undefined) ? [...new Set(classes)] : undefined;
}

/**
 * Read one mapped row. Text fields are trimmed; numbers, directions, precisions, months,
 * schedules and countries are interpreted; anything unreadable is reported by field.
 */
export function parseRow(fields: Readonly<Partial<Record<ImportField, unknown>>>, options: ParseOptions): { row: ParsedRow; errors: FieldError[] } {
  const row: ParsedRow = {};
  const errors: FieldError[] = [];
  const fail = (field: ImportField, reason: string, raw: unknown) => errors.push({ field, reason, value: str(raw).slice(0, 200) });
  const num = (field: ImportField, raw: unknown, what?: string) => {
    const n = readNumber(raw, options.decimalComma);
    if (n === undefined) fail(field, `must be ${what ?? `a number${options.decimalComma ? " (decimal comma, e.g. 1.234,5)" : " (e.g. 1234.5)"}`}`, raw);
    return n;
  };
  for (const [field, raw] of Object.entries(fields) as [ImportField, unknown][]) {
    if (raw === undefined || raw === null || str(raw) === "") continue;
    // The one string rule of every boundary: a cell with a control character refuses its row.
    const ruleBroken = typeof raw === "string" ? stringRuleViolation(raw, FREE_TEXT_FIELDS.has(field)) : undefined;
    if (ruleBroken) {
      errors.push({ field, reason: ruleBroken, value: escapeControls(str(raw).slice(0, 200)) });
      continue;
    }
    switch (field) {
      case "lat":
      case "lon":
      case "quantity":
      case "temperatureC":
      case "pressureBar":
      case "purityPct":
      case "price":
      case "disposalCost":
      case "maxDistanceKm":
      case "minAnnualQuantity": {
        const n = num(field, raw);
        if (n !== undefined) row[field] = n;
        break;
      }
      case "direction": {
        const w = words(raw);
        if (OFFER_WORDS.has(w)) row.direction = "offer";
        else if (NEED_WORDS.has(w)) row.direction = "need";
        else fail(field, 'must say offer (supply, by-product, surplus…) or need (demand, input…)', raw);
        break;
      }
      case "precision": {
        const p = PRECISION_WORDS[words(raw)];
        if (p) row.precision = p;
        else fail(field, "must be measured, estimated or rough", raw);
        break;
      }
      case "hoursPerWeek": {
        const w = words(raw);
        if (w === "24 7" || w === "continuous" || w === "24h" || w === "always") row.schedule = "24/7";
        else {
          const n = num(field, raw, "hours per week (1–168) or 24/7");
          if (n !== undefined) row.schedule = n >= 168 ? "24/7" : { hoursPerWeek: n };
        }
        break;
      }
      case "acceptedHazardClasses": {
        const classes = readHazardClasses(raw);
        if (classes) row.acceptedHazardClasses = classes;
        else fail(field, 'must list hazard classes, e.g. "HP8, HP14" or "8;14"', raw);
        break;
      }
      case "seasonality": {
        const months = readMonths(raw);
        if (months) row.seasonality = months;
        else fail(field, 'must list months, e.g. "Jun-Aug" or "1,2,12"', raw);
        break;
      }
      case "country": {
        const code = countryCode(str(raw));
        if (code) row.country = code;
        else fail(field, "must be a country name or ISO 3166-1 alpha-2 code like DK", raw);
        break;
      }
      case "ewcCode": {
        // "100102" and "10.01.02" are common spellings of "10 01 02".
        const digits = str(raw).replace(/[^0-9*]/g, "");
        row.ewcCode = /^\d{6}\*?$/.test(digits) ? `${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}` : str(raw);
        break;
      }
      case "resourceType":
        row.resourceType = str(raw).toLowerCase().replace(/[\s-]+/g, "_");
        break;
      case "naceCode":
        row.naceCode = str(raw).replace(/^nace\s*/i, "");
        break;
      default:
        (row as Record<string, string>)[field] = str(raw);
    }
  }
  if (row.quantity !== undefined && row.unit === undefined && options.headerUnits?.quantity) row.unit = options.headerUnits.quantity;
  if (row.unit !== undefined) row.unit = annualUnit(row.unit);
  return { row, errors };
}
