/**
 * The civic open data: a region's release (release.ts) as CSV and GeoJSON, the data
 * dictionary of their columns, and a DCAT-AP 2 dataset description (JSON-LD) that a CKAN
 * portal with ckanext-dcat harvests. Every file is the release as is — the same rounded
 * figures the dashboard draws — so no export can be set against the page to learn more.
 */
import { cellRing, metricInfo, type CivicRelease } from "./release.ts";

export const LICENCE = { id: "CC-BY-4.0", title: "Creative Commons Attribution 4.0 International", url: "https://creativecommons.org/licenses/by/4.0/" } as const;
export const ATTRIBUTION = "Turash civic open data — k-anonymous industrial symbiosis aggregates (k = 3)";

/** The files of a region, under the api base (stable: the region code is the only variable). */
export const openDataPaths = (code: string) => {
  const c = encodeURIComponent(code);
  return {
    summary: `/public/regions/${c}/summary`,
    csv: `/public/regions/${c}/civic.csv`,
    geojson: `/public/regions/${c}/civic.geojson`,
    dataset: `/public/regions/${c}/dataset.jsonld`,
    dictionary: `/public/civic/dictionary`,
  };
};

/** One column of the CSV (and property of the GeoJSON). */
export interface DictionaryEntry {
  readonly name: string;
  readonly datatype: "string" | "integer" | "number";
  readonly description: string;
}

export const CSV_COLUMNS: readonly DictionaryEntry[] = [
  { name: "region_code", datatype: "string", description: "Code of the region (municipality, NUTS or ISO 3166 country code) the file is about." },
  { name: "scope", datatype: "string", description: "`region` for the region's totals, `city_cell` for an H3 resolution-7 hexagon (≈5 km²), `country_cell` for an H3 resolution-5 hexagon (≈250 km²)." },
  { name: "cell", datatype: "string", description: "H3 index of the hexagon (empty for region totals). Hexagons on a border count every site in them." },
  { name: "resolution", datatype: "integer", description: "H3 resolution of the hexagon (empty for region totals)." },
  { name: "lat", datatype: "number", description: "Latitude of the hexagon's centre, WGS84 (empty for region totals)." },
  { name: "lon", datatype: "number", description: "Longitude of the hexagon's centre, WGS84 (empty for region totals)." },
  { name: "metric", datatype: "string", description: "What is counted: `supply:<type>` offered, `demand:<type>` needed, `matched:<type>` deliverable by the matches found (credited once per supply), `supply_mwh`/`_t`/`_m3` etc. the sum of the published per-type figures of one unit, `co2_avoided_t` CO2 the matches would avoid, `partnerships` matches with a deal under way or live, `organizations` companies with a site." },
  { name: "resource_type", datatype: "string", description: "Resource type of the Turash taxonomy (GET /api/v1/resource-types) for per-type metrics, else empty." },
  { name: "unit", datatype: "string", description: "MWh/yr, t/yr, m³/yr, tCO2/yr or count." },
  { name: "value", datatype: "number", description: "The figure, rounded to 0.1. Region totals are the sums of the published city hexagons centred in the region." },
];

/** The data dictionary (also served as JSON). */
export function dataDictionary() {
  return {
    title: "Turash civic open data: data dictionary",
    licence: LICENCE,
    disclosure:
      "k-anonymity with k = 3: a figure is published only when at least three organizations contribute to it; a country hexagon's figure is published only when its unpublished city hexagons together hold none or at least three organizations (further hexagons are withheld otherwise); no figure is published whose largest contributor holds more than 70 % of it or whose two largest hold more than 85 % (dominance rule), and withheld hexagons under a published country hexagon are never dominated either; between two releases a figure is withheld when only one or two contributors joined, left or changed their part; region totals add up published city hexagons only. Missing rows are withheld or empty, never zero.",
    columns: CSV_COLUMNS,
  };
}

const csvField = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The release as CSV (header row = {@link CSV_COLUMNS}), region totals first, then city and country cells. */
export function releaseCsv(r: CivicRelease): string {
  const lines = [CSV_COLUMNS.map((c) => c.name).join(",")];
  const row = (scope: string, cell: { cell: string; resolution: number; lat: number; lon: number } | null, metric: string, value: number) => {
    const info = metricInfo(metric);
    lines.push([r.region.code, scope, cell?.cell ?? null, cell?.resolution ?? null, cell?.lat ?? null, cell?.lon ?? null, metric, info.resourceType, info.unit, value].map(csvField).join(","));
  };
  for (const [m, v] of Object.entries(r.totals).sort(([a], [b]) => a.localeCompare(b))) row("region", null, m, v);
  for (const [scope, cells] of [["city_cell", r.cells.city], ["country_cell", r.cells.country]] as const) {
    for (const c of cells) for (const [m, v] of Object.entries(c.values).sort(([a], [b]) => a.localeCompare(b))) row(scope, c, m, v);
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** The cells of one resolution as a GeoJSON FeatureCollection of hexagons (properties: cell, resolution, one per metric). */
export function releaseGeoJson(r: CivicRelease, scope: "city" | "country") {
  return {
    type: "FeatureCollection" as const,
    name: `turash-civic-${r.region.code}-${scope}`,
    licence: LICENCE.url,
    attribution: ATTRIBUTION,
    region: r.region,
    generatedAt: r.generatedAt,
    features: r.cells[scope].map((c) => ({
      type: "Feature" as const,
      id: c.cell,
      geometry: { type: "Polygon" as const, coordinates: [cellRing(c.cell)] },
      properties: { cell: c.cell, resolution: c.resolution, withheld: c.withheld, ...c.values },
    })),
  };
}

/**
 * A DCAT-AP 2 dataset (JSON-LD) for the region: title, description, licence, publisher,
 * spatial coverage, the two distributions with their stable download URLs and the data
 * dictionary as `dct:conformsTo`.
 */
export function datasetJsonLd(r: CivicRelease, baseUrl: string) {
  const paths = openDataPaths(r.region.code);
  const url = (p: string) => `${baseUrl}${p}`;
  const distribution = (id: string, title: string, path: string, mediaType: string, format: string) => ({
    "@id": url(path),
    "@type": "dcat:Distribution",
    "dct:title": title,
    "dcat:accessURL": { "@id": url(path) },
    "dcat:downloadURL": { "@id": url(path) },
    "dcat:mediaType": { "@id": `http://www.iana.org/assignments/media-types/${mediaType}` },
    "dct:format": { "@id": `http://publications.europa.eu/resource/authority/file-type/${format}` },
    "dct:license": { "@id": LICENCE.url },
    "dct:conformsTo": { "@id": url(paths.dictionary) },
    "dct:identifier": id,
  });
  return {
    "@context": {
      dcat: "http://www.w3.org/ns/dcat#",
      dct: "http://purl.org/dc/terms/",
      foaf: "http://xmlns.com/foaf/0.1/",
      xsd: "http://www.w3.org/2001/XMLSchema#",
    },
    "@id": url(paths.dataset),
    "@type": "dcat:Dataset",
    "dct:identifier": `turash-civic-${r.region.code}`,
    "dct:title": `Industrial symbiosis potential: ${r.region.name}`,
    "dct:description": `Supply and demand of by-products and energy, the potential the matches found could deliver, the CO2 they would avoid, active partnerships and the number of companies in ${r.region.name} (${r.region.level} ${r.region.code}), per H3 hexagon and in total. k-anonymous (k = 3): no figure of fewer than three organizations, and none derivable by subtracting two published figures.`,
    "dct:license": { "@id": LICENCE.url },
    "dct:accessRights": { "@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC" },
    "dct:publisher": { "@type": "foaf:Agent", "foaf:name": "Turash" },
    "dct:spatial": { "@type": "dct:Location", "dct:identifier": r.region.code, "foaf:name": r.region.name },
    "dct:modified": { "@value": r.generatedAt, "@type": "xsd:dateTime" },
    "dcat:keyword": ["industrial symbiosis", "waste heat", "circular economy", "CO2", "open data"],
    "dcat:theme": [{ "@id": "http://publications.europa.eu/resource/authority/data-theme/ENVI" }, { "@id": "http://publications.europa.eu/resource/authority/data-theme/ENER" }],
    "dcat:landingPage": { "@id": `${baseUrl.replace(/\/api\/v1$/, "")}/#/civic/${encodeURIComponent(r.region.code)}` },
    "dcat:distribution": [
      distribution("csv", "Aggregates as CSV", paths.csv, "text/csv", "CSV"),
      distribution("geojson", "City hexagons as GeoJSON", paths.geojson, "application/geo+json", "GEOJSON"),
    ],
  };
}
