/**
 * Coordinates as people type them: a decimal comma ("55,73", the Danish and German way) is
 * a decimal point, and a point that falls outside the country it is said to be in, while
 * the same numbers swapped fall inside, is most likely latitude and longitude swapped
 * (Kalundborg is 55.68 N 11.09 E; typed the other way round it lands in the Indian Ocean
 * off Somalia). Whether a point lies in the sea is map/land.ts's to say (it needs the
 * basemap's land outlines).
 */
import { t } from "../i18n/index.ts";

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

/** The kinds of warning, for a form that offers to act on one (swap the two numbers). */
export type CoordinateWarningKind = "swapped" | "outside";

/** A coordinate as a person reads it in the current language: up to 5 decimals (about 1 m), no grouping. */
export function formatCoordinate(x: number): string {
  return new Intl.NumberFormat(document.documentElement.lang || "en", { maximumFractionDigits: 5, useGrouping: false }).format(x);
}

/** A number typed with a decimal point or a decimal comma; undefined for empty, NaN for junk. */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, "");
  if (t === "") return undefined;
  // One comma and no point: a decimal comma. Anything else is left to Number (and the server).
  const normalized = /^[-+]?\d*,\d+$/.test(t) ? t.replace(",", ".") : t;
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalized) ? Number(normalized) : Number.NaN;
}

const inBox = (box: readonly [number, number, number, number], lat: number, lon: number) => lat >= box[0] && lat <= box[2] && lon >= box[1] && lon <= box[3];

/** Which warning the point calls for: swapped, or outside its country (boxes known for the country, or DK/DE when none is given). */
export function coordinateWarningKind(lat: number, lon: number, country?: string): CoordinateWarningKind | null {
  const code = country?.trim().toUpperCase();
  const boxes = code && COUNTRY_BOXES[code] ? [COUNTRY_BOXES[code]] : code ? [] : [COUNTRY_BOXES.DK!, COUNTRY_BOXES.DE!];
  if (boxes.length === 0) return null;
  if (boxes.some((b) => inBox(b, lat, lon))) return null;
  if (boxes.some((b) => inBox(b, lon, lat))) return "swapped";
  return code ? "outside" : null;
}

/** The warning in words, in the current language (null when the point looks right). */
export function coordinateWarning(lat: number, lon: number, country?: string): string | null {
  const kind = coordinateWarningKind(lat, lon, country);
  if (kind === "swapped") return t("orgForms.swapped", { lat: formatCoordinate(lat), lon: formatCoordinate(lon) });
  if (kind === "outside") return t("orgForms.outside", { country: country!.trim().toUpperCase() });
  return null;
}

/** The warning for a point in the sea, in the current language. */
export const seaWarning = (lat: number, lon: number) => t("orgForms.sea", { lat: formatCoordinate(lat), lon: formatCoordinate(lon) });
