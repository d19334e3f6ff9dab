/**
 * Build data/regions/dk-municipalities.geojson, the Danish municipalities the project ships
 * (no npm package carries them), from DAGI's `kommuner.geojson`:
 *
 *   tsx ops/build-dk-municipalities.ts SRC OUT
 *   (SRC: `git -C <Neogeografen/dagi> show a1c1563:geojson/kommuner.geojson > kommuner.geojson`)
 *
 * The output keeps `KOMKODE` (4 digits, "0326") and names each feature by its official name
 * in `KOMNAVN` ("Kalundborg Kommune"); drops the z of every position (DAGI writes -999) and rounds to 5 decimals
 * (about 1 m, far below the 1:500,000 scale of the data), which brings 2.2 MB to under
 * 1.5 MB. A kommune of several features (islands) stays several features: the loader unites
 * them by code. Same input, same bytes out.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { runCommand } from "../platform/run-command.ts";
import type { GeoJsonFeatureCollection } from "../spatial/regions.ts";

/** The provenance the output's FeatureCollection carries (data/regions/SOURCE.md in full). */
export const DK_MUNICIPALITIES_PROVENANCE = {
  generated_by: "ops/build-dk-municipalities.ts from Neogeografen/dagi geojson/kommuner.geojson (commit a1c1563); do not edit by hand",
  source: "Geodatastyrelsen & Danske Kommuner – FOT/DAGI data set, 2014-02-13, scale 1:500,000",
  licence: "Danish public geodata, free to use with attribution (SDFI/Geodatastyrelsen terms for free geographic data): Contains data from Geodatastyrelsen and Danske Kommuner, DAGI, 2014",
} as const;

/**
 * Official names that are not "<KOMNAVN> Kommune": the capital's takes the genitive, and
 * Christiansø is no kommune at all (the state administers it) though DAGI codes it 0411.
 */
const OFFICIAL_NAMES: Readonly<Record<string, string>> = { "0101": "Københavns Kommune", "0411": "Christiansø" };

type Position = readonly number[];
const round = (x: number) => Math.round(x * 1e5) / 1e5;

/** Drop z and round every position of nested coordinate arrays. */
function flatten2d(coordinates: unknown): unknown {
  if (!Array.isArray(coordinates)) return coordinates;
  if (typeof coordinates[0] === "number") return [round((coordinates as Position)[0]!), round((coordinates as Position)[1]!)];
  return coordinates.map(flatten2d);
}

/** The municipalities as the project ships them, from DAGI's collection. */
export function buildDkMunicipalities(source: GeoJsonFeatureCollection): GeoJsonFeatureCollection & typeof DK_MUNICIPALITIES_PROVENANCE {
  const features = source.features.map((f) => {
    const code = String(f.properties?.KOMKODE ?? "");
    const name = String(f.properties?.KOMNAVN ?? "");
    if (!/^\d{4}$/.test(code) || !name) throw new Error(`feature without a 4-digit KOMKODE and a KOMNAVN: ${JSON.stringify(f.properties)}`);
    return { type: "Feature", properties: { KOMKODE: code, KOMNAVN: OFFICIAL_NAMES[code] ?? `${name} Kommune` }, geometry: f.geometry && { type: f.geometry.type, coordinates: flatten2d(f.geometry.coordinates) } };
  });
  return { type: "FeatureCollection", ...DK_MUNICIPALITIES_PROVENANCE, features };
}

async function main(): Promise<number> {
  const [src, out] = process.argv.slice(2);
  if (!src || !out) {
    console.error("usage: tsx ops/build-dk-municipalities.ts SRC.geojson OUT.geojson");
    return 1;
  }
  const built = buildDkMunicipalities(JSON.parse(readFileSync(src, "utf8")) as GeoJsonFeatureCollection);
  // One feature a line: diffs of a rebuild stay readable.
  const { features, ...head } = built;
  const text = `${JSON.stringify(head).slice(0, -1)},"features":[\n${features.map((f) => JSON.stringify(f)).join(",\n")}\n]}\n`;
  writeFileSync(out, text);
  console.log(`${features.length} features, ${new Set(features.map((f) => f.properties?.KOMKODE)).size} municipalities, ${(text.length / 1e6).toFixed(2)} MB → ${out}`);
  return 0;
}

runCommand(import.meta, main);
