/**
 * Country outlines available offline: the world-atlas package (Natural Earth, public
 * domain; 1:10m when installed, else 1:50m) converted from TopoJSON to GeoJSON, each
 * country coded ISO 3166-1 alpha-2 ("DK") from its numeric id (iso-3166-countries.json).
 * Outlines without an ISO code (Somaliland, N. Cyprus…) keep no code and are reported
 * as skipped by the loader.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { GeoJsonFeatureCollection } from "./regions.ts";

interface CountryCodes {
  byNumeric: Record<string, [string, string]>;
  byName: Record<string, [string, string]>;
}

const codes = JSON.parse(readFileSync(new URL("./iso-3166-countries.json", import.meta.url), "utf8")) as CountryCodes;

/** Property names of the features {@link worldCountries} returns. */
export const COUNTRY_CODE_PROPERTY = "iso_a2";
export const COUNTRY_NAME_PROPERTY = "name";

/** The `source` kept with every country loaded from `file` (a world-atlas file). */
export function worldCountriesSource(file: string): string {
  return `world-atlas ${basename(file)} (Natural Earth, public domain)`;
}

/** The finest world-atlas country file installed. */
export function worldAtlasCountriesFile(): string {
  const dir = dirname(createRequire(import.meta.url).resolve("world-atlas/package.json"));
  const file = ["countries-10m.json", "countries-50m.json"].map((name) => join(dir, name)).find((path) => existsSync(path));
  if (!file) throw new Error(`world-atlas has neither countries-10m.json nor countries-50m.json in ${dir}`);
  return file;
}

/**
 * Every country outline of world-atlas as GeoJSON, with properties `iso_a2` (absent when
 * the outline has no ISO code) and `name` (the ISO short name, else Natural Earth's).
 * @param file a world-atlas countries TopoJSON file; the finest installed by default
 */
export function worldCountries(file = worldAtlasCountriesFile()): { collection: GeoJsonFeatureCollection; file: string } {
  const topology = JSON.parse(readFileSync(file, "utf8")) as Topology<{ countries: GeometryCollection<{ name?: string }> }>;
  const countries = feature(topology, topology.objects.countries);
  const features = countries.features.map((f) => {
    const neName = f.properties?.name;
    const entry = (f.id !== undefined ? codes.byNumeric[String(f.id)] : undefined) ?? (neName !== undefined ? codes.byName[neName] : undefined);
    return {
      type: "Feature",
      geometry: f.geometry,
      properties: { [COUNTRY_CODE_PROPERTY]: entry?.[0], [COUNTRY_NAME_PROPERTY]: entry?.[1] ?? neName },
    };
  });
  return { collection: { type: "FeatureCollection", features }, file };
}
