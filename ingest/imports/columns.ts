/**
 * Header mapping: which column of a spreadsheet holds which import field. Headers are
 * compared after normalization (case, accents, punctuation and a trailing unit in
 * brackets ignored), against synonyms for the layouts people actually send: English,
 * Danish and German municipal registers, E-PRTR / Hotmaps style exports, and our own
 * field names. An explicit mapping always wins. A unit written in a header
 * ("Quantity (t/yr)") becomes the default unit of that column's rows.
 */
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from "../../domain/import-fields.ts";
import { escapeControls, stringRuleViolation } from "../../domain/schemas/strings.ts";

const FIELD_SET: ReadonlySet<string> = new Set(IMPORT_FIELDS);

/** Synonyms per field, written as they appear; normalized when the table is built. */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  businessId: ["business id", "company id", "organization id", "organisation id", "cvr", "cvr nr", "vat", "vat number", "vat no", "registration number", "firm id"],
  companyName: ["company", "company name", "business", "business name", "organization", "organisation", "name", "firm", "firma", "firmanavn", "virksomhed", "virksomhedsnavn", "unternehmen", "operator", "operator name", "parent company", "companyname"],
  naceCode: ["nace", "nace code", "nace rev 2", "nace rev2", "nace2", "branchekode", "db07", "wz", "wz 2008", "activity code", "industry code", "sector code"],
  size: ["size", "size class", "company size", "sme class"],
  contactName: ["contact", "contact name", "contact person", "kontaktperson", "ansprechpartner"],
  contactEmail: ["email", "e mail", "contact email", "mail"],
  contactPhone: ["phone", "telephone", "tel", "contact phone", "telefon"],
  siteId: ["site id", "facility id", "plant id", "installation id", "p number", "p nr", "pnr", "eprtr id"],
  siteName: ["site", "site name", "facility", "facility name", "plant", "plant name", "installation", "installation name", "sitename", "anlaeg", "standort"],
  street: ["street", "address", "street address", "adresse", "strasse", "vej", "addr"],
  postcode: ["postcode", "post code", "postal code", "zip", "zip code", "postnr", "postnummer", "plz"],
  city: ["city", "town", "municipality name", "by", "ort", "stadt", "locality"],
  country: ["country", "country code", "land", "iso country", "countrycode"],
  lat: ["lat", "latitude", "y", "breddegrad", "breitengrad", "geo lat"],
  lon: ["lon", "lng", "long", "longitude", "x", "laengdegrad", "laengengrad", "geo lon"],
  region: ["region", "nuts", "nuts2", "nuts3", "nuts code", "municipality code", "kommune", "kommunekode", "gemeinde"],
  flowId: ["flow id", "stream id", "resource id", "line id"],
  direction: ["direction", "udbud behov", "udbud eller behov", "angebot bedarf", "offer or need", "offer need", "type of flow", "flow direction", "supply demand", "role", "in out", "input output"],
  resourceType: ["resource type", "resource", "ressource", "ressourcetype", "ressourcentyp", "resource type id", "material type", "category", "resourcetype"],
  description: ["description", "resource description", "material", "waste description", "by product", "byproduct", "what", "beskrivelse", "bezeichnung", "stream description", "notes"],
  ewcCode: ["ewc", "ewc code", "low code", "list of waste code", "waste code", "eak", "avv", "affaldskode"],
  quantity: ["quantity", "amount", "annual quantity", "annual amount", "volume", "mængde", "maengde", "menge", "quantity per year", "annual"],
  unit: ["unit", "units", "unit of measure", "uom", "enhed", "einheit"],
  temperatureC: ["temperature", "temp", "temperature c", "temperatur"],
  pressureBar: ["pressure", "pressure bar", "tryk", "druck"],
  purityPct: ["purity", "purity pct", "purity percent", "renhed", "reinheit"],
  hazardClass: ["hazard", "hazard class", "hazardous property", "hp", "hp code"],
  acceptedHazardClasses: ["accepted hazard classes", "accepted hazard class", "accepts hazard classes", "hazard classes accepted", "permitted hazard classes", "accepted hp", "accepted hp codes", "accepted hazardous properties", "tilladte hp", "zulaessige hp"],
  maxDistanceKm: ["max distance", "maximum distance", "max distance km", "max transport distance", "maximum transport distance", "transport radius", "max radius", "max afstand", "maks afstand", "max entfernung", "maximale entfernung"],
  minAnnualQuantity: ["min quantity", "minimum quantity", "min annual quantity", "minimum annual quantity", "minimum volume", "min volume", "minimum per year", "mindste maengde", "mindestmenge", "mindestabnahme"],
  hoursPerWeek: ["hours per week", "operating hours", "hours week", "schedule", "driftstimer", "betriebsstunden"],
  seasonality: ["seasonality", "months", "season", "available months", "saeson", "saison", "maaneder"],
  price: ["price", "price eur", "price per unit", "eur per unit", "pris", "preis"],
  disposalCost: ["disposal cost", "disposal cost eur", "disposal", "gate fee", "bortskaffelse", "entsorgungskosten"],
  precision: ["precision", "data quality", "quality of data", "measured or estimated", "source of figure", "basis"],
};

/** Lower case, accents and punctuation removed, a bracketed unit dropped. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/\(.*?\)|\[.*?\]/g, " ")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/æ/gi, "ae")
    .replace(/ø/gi, "oe")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The unit written in a header's brackets ("Quantity (t/yr)" → "t/yr"), if any. */
export function unitInHeader(header: string): string | undefined {
  const m = /[([]\s*([^)\]]+?)\s*[)\]]/.exec(header);
  return m?.[1];
}

const LOOKUP: ReadonlyMap<string, ImportField> = (() => {
  const table = new Map<string, ImportField>();
  for (const field of IMPORT_FIELDS) {
    table.set(normalizeHeader(field.replace(/([a-z])([A-Z])/g, "$1 $2")), field);
    table.set(field.toLowerCase(), field);
    for (const synonym of SYNONYMS[field]) table.set(normalizeHeader(synonym), field);
  }
  return table;
})();

/** A problem with the file's columns as a whole: nothing can be imported until fixed. */
export interface MappingProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Map headers to fields: the explicit mapping first (header → field), then synonyms.
 * When two columns claim one field, the first wins and the second is ignored.
 */
export function mapColumns(
  headers: readonly string[],
  explicit: Readonly<Record<string, string>> = {},
  options: { forOneOrganization?: boolean } = {},
): { mapping: ColumnMapping; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  for (const [header, field] of Object.entries(explicit)) {
    if (!FIELD_SET.has(field)) problems.push({ field: `mapping.${header}`, message: `"${field}" is not an import field; fields: ${IMPORT_FIELDS.join(", ")}` });
  }
  const columns: Record<string, ImportField> = {};
  const headerUnits: Partial<Record<ImportField, string>> = {};
  const ignored: string[] = [];
  const taken = new Set<ImportField>();
  for (const header of headers) {
    // A header is text like any cell (the one string rule); the ledger could not even store a NUL in one.
    const violation = stringRuleViolation(header);
    if (violation) {
      problems.push({ field: escapeControls(header), message: `the header ${violation}` });
      continue;
    }
    const explicitField = explicit[header];
    const field = (explicitField && FIELD_SET.has(explicitField) ? explicitField : LOOKUP.get(normalizeHeader(header))) as ImportField | undefined;
    if (!field || taken.has(field)) {
      ignored.push(header);
      continue;
    }
    taken.add(field);
    columns[header] = field;
    const unit = unitInHeader(header);
    if (unit && (field === "quantity" || field === "price" || field === "disposalCost")) headerUnits[field] = unit;
  }
  const has = (f: ImportField) => taken.has(f);
  // One organization's own file needs no company column: every row is theirs.
  if (!options.forOneOrganization && !has("companyName") && !has("businessId")) problems.push({ field: "companyName", message: "no column for the company name (e.g. \"Company\", \"Firma\", \"Virksomhed\")" });
  if (!has("lat") || !has("lon")) problems.push({ field: has("lat") ? "lon" : "lat", message: "the file needs latitude and longitude columns (WGS84 degrees)" });
  if (!has("resourceType") && !has("description")) problems.push({ field: "resourceType", message: "no column for the resource type or a description of the resource" });
  return { mapping: { headers: [...headers], columns, ignored, headerUnits }, problems };
}

/** Apply a mapping to one record (header → raw value) giving field → raw value. */
export function applyMapping(mapping: ColumnMapping, record: Readonly<Record<string, unknown>>): Partial<Record<ImportField, unknown>> {
  const out: Partial<Record<ImportField, unknown>> = {};
  for (const [header, field] of Object.entries(mapping.columns)) {
    const value = record[header];
    if (value !== undefined && value !== null && value !== "") out[field] = value;
  }
  return out;
}

/** The header in the file that holds a field (for error reports), or the field's own name. */
export function headerOf(mapping: ColumnMapping, field: string): string {
  for (const [header, f] of Object.entries(mapping.columns)) if (f === field) return header;
  return field;
}
