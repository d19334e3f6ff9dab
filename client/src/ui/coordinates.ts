/**
 * Coordinates as people type them: a decimal comma ("55,73", the Danish and German way) is
 * a decimal point, and a point that falls outside the country it is said to be in, while
 * the same numbers swapped fall inside, is most likely latitude and longitude swapped
 * (Kalundborg is 55.68 N 11.09 E; typed the other way round it lands in the Indian Ocean
 * off Somalia).
 */

/** Rough bounding boxes [south, west, north, east] of the countries the platform serves first. */
const COUNTRY_BOXES: Record<string, readonly [number, number, number, number]> = {
  DK: [54.5, 8.0, 57.8, 15.2],
  DE: [47.2, 5.8, 55.1, 15.1],
  SE: [55.3, 10.9, 69.1, 24.2],
  NO: [57.9, 4.5, 71.2, 31.1],
  NL: [50.7, 3.3, 53.6, 7.3],
  PL: [49.0, 14.1, 54.9, 24.2],
  FI: [59.8, 20.5, 70.1, 31.6],
  BE: [49.5, 2.5, 51.5, 6.4],
  FR: [41.3, -5.2, 51.1, 9.6],
  GB: [49.9, -8.2, 60.9, 1.8],
};

/** The user-visible words of this module, together for translation. */
const TEXT = {
  swapped: (lat: number, lon: number) => `These look swapped: latitude ${lat} and longitude ${lon} lie outside the country, but the other way round they fall inside. Swap them, or submit again to keep them.`,
  outside: (country: string) => `This point lies outside ${country}. Check the coordinates, or submit again to keep them.`,
} as const;

/** A number typed with a decimal point or a decimal comma; undefined for empty, NaN for junk. */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, "");
  if (t === "") return undefined;
  // One comma and no point: a decimal comma. Anything else is left to Number (and the server).
  const normalized = /^[-+]?\d*,\d+$/.test(t) ? t.replace(",", ".") : t;
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalized) ? Number(normalized) : Number.NaN;
}

const inBox = (box: readonly [number, number, number, number], lat: number, lon: number) => lat >= box[0] && lat <= box[2] && lon >= box[1] && lon <= box[3];

/** A warning when the point looks swapped or outside its country (boxes known for the country, or DK/DE when none is given). */
export function coordinateWarning(lat: number, lon: number, country?: string): string | null {
  const code = country?.trim().toUpperCase();
  const boxes = code && COUNTRY_BOXES[code] ? [COUNTRY_BOXES[code]] : code ? [] : [COUNTRY_BOXES.DK!, COUNTRY_BOXES.DE!];
  if (boxes.length === 0) return null;
  if (boxes.some((b) => inBox(b, lat, lon))) return null;
  if (boxes.some((b) => inBox(b, lon, lat))) return TEXT.swapped(lat, lon);
  return code ? TEXT.outside(code) : null;
}
