/**
 * Denmark's municipalities (98 kommuner and Christiansø) available offline: no npm package
 * ships them, so the project does, in data/regions/dk-municipalities.geojson (built by
 * ops/build-dk-municipalities.ts from DAGI 2014-02-13, 1:500,000; Danish public geodata,
 * free with attribution — data/regions/SOURCE.md).
 *
 * Each kommune is coded by its 4-digit kommunekode (`KOMKODE`, "0326" Kalundborg; a string,
 * the leading zero is part of it) and named by its official name ("Kalundborg Kommune").
 */
import { readFileSync } from "node:fs";
import type { GeoJsonFeatureCollection } from "./regions.ts";

/** Property names of the shipped file's features. */
export const MUNICIPALITY_CODE_PROPERTY = "KOMKODE";
export const MUNICIPALITY_NAME_PROPERTY = "KOMNAVN";

/** The shipped file. */
export const danishMunicipalitiesFile = (): string => new URL("../data/regions/dk-municipalities.geojson", import.meta.url).pathname;

/** The `source` kept with every row loaded from {@link danishMunicipalitiesFile}. */
export const DANISH_MUNICIPALITIES_SOURCE = "data/regions/dk-municipalities.geojson (Geodatastyrelsen & Danske Kommuner, DAGI 2014-02-13, 1:500,000; free Danish geodata, attribution required)";

/**
 * The municipalities with properties `KOMKODE` and `KOMNAVN`.
 * @param options.codes keep only these kommunekoder (tests load a few); all by default
 */
export function danishMunicipalities(options: { readonly codes?: readonly string[] } = {}): GeoJsonFeatureCollection {
  const collection = JSON.parse(readFileSync(danishMunicipalitiesFile(), "utf8")) as GeoJsonFeatureCollection;
  const only = options.codes;
  return only ? { ...collection, features: collection.features.filter((f) => only.includes(String(f.properties?.[MUNICIPALITY_CODE_PROPERTY]))) } : collection;
}
