/**
 * Number and date formatting for people, in the current language (Intl): euros, tonnes,
 * percentages, years, distances, and bands of them. Units and words come from the locale
 * files (i18n/locales), so "1.234,5 km" in Danish and German, "1,234.5 km" in English.
 */
import type { Band } from "../rest/types.ts";
import { language, t } from "../i18n/index.ts";
import { quantityNumber, quantityText, unitText } from "./quantity-text.ts";

const cache = new Map<string, Intl.NumberFormat>();
function nf(kind: "compact" | "whole" | "grouped" | "one"): Intl.NumberFormat {
  const key = `${language()}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.NumberFormatOptions =
      kind === "compact" ? { notation: "compact", maximumFractionDigits: 1 } : kind === "whole" ? { maximumFractionDigits: 0 } : kind === "one" ? { minimumFractionDigits: 1, maximumFractionDigits: 1 } : { maximumFractionDigits: 2 };
    f = new Intl.NumberFormat(language(), options);
    cache.set(key, f);
  }
  return f;
}

/** A number with the current language's digit grouping and decimal mark. */
export const num = (n: number) => nf("grouped").format(n);
// English keeps the short "€12.3K"; Danish and German write "12,3 t. €" / "12,3 Tsd. €" as Intl does.
export const eur = (n: number) => (language() === "en" ? `€${nf("compact").format(n)}` : new Intl.NumberFormat(language(), { style: "currency", currency: "EUR", notation: "compact", maximumFractionDigits: 1 }).format(n));
export const eurRange = (r: { low: number; mid: number; high: number }) => `${eur(r.low)} – ${eur(r.high)} (${t("units.mid", { n: eur(r.mid) })})`;
export const tonnes = (n: number) => `${nf("compact").format(n)} ${t("units.t")}`;
export const tonnesRange = (r: { low: number; mid: number; high: number }) => `${tonnes(r.low)} – ${tonnes(r.high)} ${t("units.co2PerYear")}`;
export const pct = (x: number) => new Intl.NumberFormat(language(), { style: "percent", maximumFractionDigits: 0 }).format(x);
export const km = (n: number) => t("units.km", { n: n < 10 ? nf("one").format(n) : nf("whole").format(n) });
export const years = (n: number | null) => (n === null ? t("units.never") : t("units.years", { n: nf("one").format(n), count: n }));
/** A unit in the current language's words ("MWh/år", "m³/Tag"): ui/quantity-text.ts. */
export const unitWord = (unit: string) => unitText(unit, language());
/** A yearly unit: one without a period gets the year's ("MWh" → "MWh/yr"), never twice. */
export const perYear = (unit: string) => unitText(unit, language(), true);
/** A quantity and its unit, as every view writes one: ui/quantity-text.ts. */
export const quantity = (n: number, unit: string) => quantityText(n, unit, language());
/** A yearly quantity (a bare unit gets "/yr" in the current language). */
export const yearlyQuantity = (n: number, unit: string) => quantityText(n, unit, language(), true);
/** A quantity's number alone (band edges, legends): ui/quantity-text.ts. */
export const quantityFigure = (n: number) => quantityNumber(n, language());
export const humanize = (id: string) => id.replace(/[_-]+/g, " ").replace(/^\w/, (c) => c.toUpperCase());
/** A date (and time) in the current language. */
export const dateTime = (iso: string) => new Intl.DateTimeFormat(language(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
/** How long ago, in whole days ("3 days ago", "today"). */
export function daysAgo(iso: string, now = Date.now()): string {
  const days = Math.floor((now - Date.parse(iso)) / 86_400_000);
  return days <= 0 ? t("units.today") : t("units.daysAgo", { count: days });
}

/**
 * A band in words, as domain/bands.ts `bandText` writes it: "2,000–5,000 MWh/yr",
 * "over 1,000 km", "0". `fmt` formats each edge (grouped digits by default).
 */
export function band(b: Band, unit = "", fmt: (n: number) => string = num): string {
  const u = unit ? ` ${unit}` : "";
  if (b.high === null) return `${t("units.over", { n: fmt(b.low) })}${u}`;
  if (b.low === b.high) return `${fmt(b.low)}${u}`;
  return `${fmt(b.low)}–${fmt(b.high)}${u}`;
}

export const eurBand = (b: Band) => band(b, "", eur);
export const kmBand = (b: Band) => band(b, "km");
export const yearsBand = (b: Band | null) => (b === null ? t("units.never") : band(b, t("units.years", { n: "", count: 2 }).trim()));
export const tonnesBand = (b: Band) => band(b, t("units.tCo2PerYear"), (n) => nf("compact").format(n));
