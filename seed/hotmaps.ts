/**
 * Loader for the Hotmaps Industrial Database (Fraunhofer ISI for the EU Hotmaps project,
 * CC BY 4.0): georeferenced energy-intensive industrial sites of Europe with estimated
 * excess heat by temperature band. Each row with a geometry becomes a Site of a Business
 * (one business per company name); each excess-heat band > 0 becomes an offer flow.
 * Rows without geometry, or that fail validation, are reported with their line number
 * while the good rows go in.
 */
import { readFile } from "node:fs/promises";
import type { Business } from "../domain/schemas/business.ts";
import { BusinessCreateSchema } from "../domain/schemas/business.ts";
import type { ResourceFlow } from "../domain/schemas/resource-flow.ts";
import { ResourceFlowCreateSchema } from "../domain/schemas/resource-flow.ts";
import type { Site } from "../domain/schemas/site.ts";
import { SiteCreateSchema } from "../domain/schemas/site.ts";
import { pathToField } from "../domain/validation.ts";
import { parseDelimited } from "./csv.ts";

/** The columns of Industrial_Database.csv, in order. */
export const HOTMAPS_COLUMNS = [
  "SiteID",
  "CompanyName",
  "SiteName",
  "Address",
  "CityCode",
  "City",
  "Country",
  "geom",
  "Subsector",
  "DataSource",
  "Emissions_ETS_2014",
  "Emissions_EPRTR_2014",
  "Production",
  "Fuel_Demand",
  "Excess_Heat_100-200C",
  "Excess_Heat_200-500C",
  "Excess_Heat_500C",
  "Excess_Heat_Total",
] as const;

/** One excess-heat band and how Turash reads it. */
export interface HeatBand {
  readonly column: "Excess_Heat_100-200C" | "Excess_Heat_200-500C" | "Excess_Heat_500C";
  readonly slug: string;
  readonly label: string;
  /**
   * Representative temperature: the band middle for the closed bands; 600 °C for the
   * open ">500 °C" band (most of it is furnace off-gas just above 500 °C, and matching
   * only needs supply temperature ≥ demand temperature + margin, so low is safe).
   */
  readonly temperatureC: number;
}

/** All three bands are ≥ 90 °C, so all are `waste_heat_high` in the taxonomy. */
export const HEAT_BANDS: readonly HeatBand[] = [
  { column: "Excess_Heat_100-200C", slug: "100-200c", label: "100–200 °C", temperatureC: 150 },
  { column: "Excess_Heat_200-500C", slug: "200-500c", label: "200–500 °C", temperatureC: 350 },
  { column: "Excess_Heat_500C", slug: "500c", label: "> 500 °C", temperatureC: 600 },
];

/** Hotmaps subsector → NACE rev.2 (as precise as the subsector allows). */
export const SUBSECTOR_NACE: Readonly<Record<string, string>> = {
  "Iron and steel": "24.10",
  Cement: "23.51",
  Glass: "23.1",
  "Non-metallic mineral products": "23",
  "Paper and printing": "17",
  "Chemical industry": "20",
  Refineries: "19.20",
  "Non-ferrous metals": "24.4",
  "Other non-classified": "C",
};

/** Country names as spelled in the file → ISO 3166-1 alpha-2. */
const COUNTRY_CODES: Readonly<Record<string, string>> = {
  Austria: "AT", Belgium: "BE", Bulgaria: "BG", Croatia: "HR", Cyprus: "CY", "Czech Republic": "CZ",
  Denmark: "DK", Estonia: "EE", Finland: "FI", France: "FR", Germany: "DE", Greece: "GR", Hungary: "HU",
  Ireland: "IE", Italy: "IT", Latvia: "LV", Liechtenstein: "LI", Lithuania: "LT", Luxembourg: "LU",
  Netherland: "NL", Netherlands: "NL", Norway: "NO", Poland: "PL", Portugal: "PT", Romania: "RO",
  Slovakia: "SK", Slovenia: "SI", Spain: "ES", Sweden: "SE", Switzerland: "CH", "United Kingdom": "GB",
};

/** One data row, typed; numbers are undefined where the file leaves them empty. */
export interface HotmapsRecord {
  readonly line: number;
  readonly siteId: string;
  readonly companyName: string;
  readonly siteName: string;
  readonly address: string;
  readonly cityCode: string;
  readonly city: string;
  readonly country: string;
  readonly lon?: number;
  readonly lat?: number;
  readonly subsector: string;
  readonly dataSource: string;
  /** t CO2/yr */
  readonly emissionsEts2014?: number;
  /** t CO2/yr */
  readonly emissionsEprtr2014?: number;
  /** t/yr */
  readonly production?: number;
  /** GWh/yr */
  readonly fuelDemand?: number;
  /** GWh/yr per band column */
  readonly excessHeat: Readonly<Record<HeatBand["column"], number | undefined>>;
  /** GWh/yr */
  readonly excessHeatTotal?: number;
}

/** A row that did not become a site, and why. */
export interface SkippedRow {
  readonly line: number;
  readonly siteId?: string;
  readonly reason: string;
}

/** What an import produced. */
export interface HotmapsImport {
  readonly businesses: Business[];
  readonly sites: Site[];
  readonly flows: ResourceFlow[];
  readonly records: HotmapsRecord[];
  readonly skipped: SkippedRow[];
  readonly stats: {
    /** Data rows in the file (header excluded). */
    readonly rows: number;
    readonly withGeometry: number;
    /** Rows whose total excess heat is > 0, with or without geometry. */
    readonly rowsWithExcessHeat: number;
    /** Imported sites that got at least one excess-heat flow. */
    readonly sitesWithExcessHeat: number;
    /** Sum of the imported flows, GWh/yr. */
    readonly excessHeatGWh: number;
  };
}

const POINT = /^SRID=4326;POINT\(\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s+(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*\)$/;

class RowError extends Error {}

function num(raw: string, column: string): number | undefined {
  const text = raw.trim();
  if (text === "") return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new RowError(`${column}: not a number (${JSON.stringify(text)})`);
  return value;
}

function toRecord(line: number, f: readonly string[]): HotmapsRecord {
  if (f.length !== HOTMAPS_COLUMNS.length)
    throw new RowError(`expected ${HOTMAPS_COLUMNS.length} fields, found ${f.length}`);
  const at = (i: number) => f[i]!.trim();
  const geom = at(7);
  let lon: number | undefined;
  let lat: number | undefined;
  if (geom !== "") {
    const m = POINT.exec(geom);
    if (!m) throw new RowError(`geom: not "SRID=4326;POINT(lon lat)" (${JSON.stringify(geom.slice(0, 60))})`);
    lon = Number(m[1]);
    lat = Number(m[2]);
  }
  return {
    line,
    siteId: at(0),
    companyName: at(1),
    siteName: at(2),
    address: at(3),
    cityCode: at(4),
    city: at(5),
    country: at(6),
    ...(lon === undefined ? {} : { lon, lat }),
    subsector: at(8),
    dataSource: at(9),
    emissionsEts2014: num(f[10]!, HOTMAPS_COLUMNS[10]),
    emissionsEprtr2014: num(f[11]!, HOTMAPS_COLUMNS[11]),
    production: num(f[12]!, HOTMAPS_COLUMNS[12]),
    fuelDemand: num(f[13]!, HOTMAPS_COLUMNS[13]),
    excessHeat: {
      "Excess_Heat_100-200C": num(f[14]!, HOTMAPS_COLUMNS[14]),
      "Excess_Heat_200-500C": num(f[15]!, HOTMAPS_COLUMNS[15]),
      Excess_Heat_500C: num(f[16]!, HOTMAPS_COLUMNS[16]),
    },
    excessHeatTotal: num(f[17]!, HOTMAPS_COLUMNS[17]),
  };
}

/** Stable, readable id for a company name: slug plus a short FNV-1a hash against slug collisions. */
function companyId(name: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  const slug = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `hotmaps-biz-${slug || "unnamed"}-${(hash >>> 0).toString(16).padStart(8, "0")}`;
}

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }, prefix: string): string {
  return (result.error?.issues ?? []).map((i) => `${pathToField(i.path, prefix)}: ${i.message}`).join("; ");
}

/** The data rows of the file, after checking that its header is the Hotmaps header. */
function dataRows(text: string): { line: number; fields: string[] }[] {
  const [header, ...rows] = parseDelimited(text, { delimiter: ";" });
  if (!header || header.fields.map((h) => h.trim()).join(";") !== HOTMAPS_COLUMNS.join(";"))
    throw new Error(`not a Hotmaps Industrial_Database.csv: header is ${JSON.stringify(header?.fields.slice(0, 4))}...`);
  return rows;
}

/** A row typed as a record, or the skipped row saying why it cannot be read. */
function readRecord(row: { line: number; fields: readonly string[] }): HotmapsRecord | SkippedRow {
  try {
    return toRecord(row.line, row.fields);
  } catch (err) {
    if (!(err instanceof RowError)) throw err;
    return { line: row.line, siteId: row.fields[0]?.trim() || undefined, reason: err.message };
  }
}

/** A record with a point: only those become sites. */
type LocatedRecord = HotmapsRecord & { readonly lat: number; readonly lon: number };

const isLocated = (record: HotmapsRecord): record is LocatedRecord => record.lat !== undefined && record.lon !== undefined;

/** What one located record becomes: its business (the company), its site, its excess-heat offers. */
interface Plant {
  readonly business: Business;
  readonly site: Site;
  readonly flows: ResourceFlow[];
}

/** One offer per heat band the record gives more than 0 GWh/yr for. */
function heatFlowsOf(record: HotmapsRecord, siteId: string): ResourceFlow[] {
  const flows: ResourceFlow[] = [];
  for (const band of HEAT_BANDS) {
    const gwh = record.excessHeat[band.column];
    if (gwh === undefined || gwh <= 0) continue;
    flows.push({
      externalId: `hotmaps-flow-${record.siteId}-${band.slug}`,
      siteId,
      direction: "offer",
      resourceType: "waste_heat_high",
      quantity: { value: gwh, unit: "GWh/yr" },
      quality: { temperatureC: band.temperatureC },
      // Energy-intensive plants in the ETS run round the clock.
      availability: { schedule: "24/7" },
      precision: "estimated",
      description: `Hotmaps excess heat estimate, ${band.label} band (production × sector benchmark)`,
    });
  }
  return flows;
}

/** The documents of one located record (not yet validated). */
function plantOf(record: LocatedRecord): Plant {
  const companyName = record.companyName || record.siteName || `Hotmaps site ${record.siteId}`;
  const businessId = companyId(companyName);
  const country = COUNTRY_CODES[record.country];
  const site: Site = {
    externalId: `hotmaps-site-${record.siteId}`,
    businessId,
    name: (record.siteName || companyName).slice(0, 200),
    address: {
      ...(record.address ? { street: record.address.slice(0, 200) } : {}),
      ...(record.cityCode ? { postcode: record.cityCode.slice(0, 20) } : {}),
      ...(record.city ? { city: record.city.slice(0, 100) } : {}),
      ...(country ? { country } : {}),
    },
    lat: record.lat,
    lon: record.lon,
    ...(country ? { region: country } : {}),
  };
  return {
    business: { externalId: businessId, name: companyName.slice(0, 200), naceCode: SUBSECTOR_NACE[record.subsector] ?? "C" },
    site,
    flows: heatFlowsOf(record, site.externalId),
  };
}

/**
 * What the schemas refuse in a plant, one string per document. A business already taken
 * from an earlier row is not checked again: that row's business is the one kept.
 */
function problemsOf(plant: Plant, businessKnown: boolean): string[] {
  return [
    businessKnown ? "" : issuesOf(BusinessCreateSchema.safeParse(plant.business), "business"),
    issuesOf(SiteCreateSchema.safeParse(plant.site), "site"),
    ...plant.flows.map((f) => issuesOf(ResourceFlowCreateSchema.safeParse(f), `flows.${f.externalId}`)),
  ].filter(Boolean);
}

/**
 * Parses the text of Industrial_Database.csv into domain objects. Pure: no I/O.
 * A row becomes a plant only when it reads, has a point and passes the schemas (validated
 * here so one odd row is reported, not written half-way); every other row is skipped with why.
 * @throws Error when the header is not the Hotmaps header (wrong file)
 */
export function parseHotmaps(text: string): HotmapsImport {
  const rows = dataRows(text);
  const businesses = new Map<string, Business>();
  const sites: Site[] = [];
  const flows: ResourceFlow[] = [];
  const records: HotmapsRecord[] = [];
  const skipped: SkippedRow[] = [];
  const stats = { rows: rows.length, withGeometry: 0, rowsWithExcessHeat: 0, sitesWithExcessHeat: 0, excessHeatGWh: 0 };

  for (const row of rows) {
    const record = readRecord(row);
    if ("reason" in record) {
      skipped.push(record);
      continue;
    }
    records.push(record);
    if ((record.excessHeatTotal ?? 0) > 0) stats.rowsWithExcessHeat++;
    if (!isLocated(record)) {
      skipped.push({ line: record.line, siteId: record.siteId, reason: "no geometry" });
      continue;
    }
    stats.withGeometry++;
    const plant = plantOf(record);
    const businessKnown = businesses.has(plant.business.externalId);
    const problems = problemsOf(plant, businessKnown);
    if (problems.length > 0) {
      skipped.push({ line: record.line, siteId: record.siteId, reason: problems.join("; ") });
      continue;
    }
    if (!businessKnown) businesses.set(plant.business.externalId, plant.business);
    sites.push(plant.site);
    flows.push(...plant.flows);
    if (plant.flows.length > 0) stats.sitesWithExcessHeat++;
    for (const f of plant.flows) stats.excessHeatGWh += f.quantity.value;
  }

  return { businesses: [...businesses.values()], sites, flows, records, skipped, stats };
}

/**
 * Reads and parses the Hotmaps CSV at `path` (the file stays where it is; never copy it
 * into the repository).
 * @throws Error naming the path when the file cannot be read
 */
export async function loadHotmaps(path: string): Promise<HotmapsImport> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read the Hotmaps industrial database at ${path}: ${(err as Error).message}`, { cause: err });
  }
  return parseHotmaps(text);
}
