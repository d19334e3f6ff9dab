/**
 * A match's reasons in the reader's language: each reason's coded parts (contract/reasons.ts)
 * rendered through the `matchReasons` section of the locale files, each param written by the
 * client's own formatter (ui/format.ts, ui/quantity-text.ts) by its name's ending. A reason
 * without parts, or with a code this client does not know, reads as the server's English.
 */
import i18next from "i18next";
import type { Band, CodedReason, ReasonParam, ReasonParts } from "../rest/types.ts";
import { resourceName } from "../rest/resource-names.ts";
import { language, t } from "../i18n/index.ts";
import { band, eur, eurBand, km, kmBand, num, pct, quantityFigure, unitWord } from "../ui/format.ts";

const isBand = (v: ReasonParam): v is Band => typeof v === "object" && !Array.isArray(v);

/** Digits after the decimal mark, in the current language. */
const fixed = (n: number, digits: number) => new Intl.NumberFormat(language(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);

/** Month names for indices 0–11 in the current language ("jan., feb." / "Jan., Feb."). */
function months(indices: readonly number[]): string {
  const f = new Intl.DateTimeFormat(language(), { month: "short", timeZone: "UTC" });
  return indices.map((i) => f.format(new Date(Date.UTC(2026, i, 1)))).join(", ");
}

/** One param in the reader's words, by its name's ending (the same rules the server's English follows). */
export function paramWords(name: string, v: ReasonParam, params: Readonly<Record<string, ReasonParam>>): string {
  if (typeof v === "string") {
    if (name.endsWith("Type")) return resourceName(v);
    if (name.endsWith("Precision")) return t(`matchReasons.precision.${v}`, { defaultValue: v });
    if (name === "unit" || name.endsWith("Unit")) return unitWord(v);
    return v;
  }
  if (Array.isArray(v)) return name.endsWith("Months") ? months(v) : v.map(num).join(", ");
  if (isBand(v)) {
    if (name.endsWith("EurBand")) return eurBand(v);
    if (name.endsWith("KmBand")) return kmBand(v);
    if (name.endsWith("ShareBand")) return band(v, "", pct);
    if (name.endsWith("QtyBand")) return band(v, typeof params.unit === "string" ? unitWord(params.unit) : "", quantityFigure);
    return band(v);
  }
  const n = v as number;
  if (name.endsWith("WholeKm")) return t("units.km", { n: num(Math.round(n)) });
  if (name.endsWith("Km")) return km(n);
  if (name.endsWith("Eur")) return eur(n);
  if (name.endsWith("Pct")) return pct(n / 100);
  // "50 %", as the server's English and Danish and German write a share of a supply.
  if (name.endsWith("Share")) return `${num(Math.round(n * 100))} %`;
  if (name.endsWith("Qty")) return quantityFigure(n);
  if (name.endsWith("Years")) return n < 1 ? t("matchReasons.units.months", { count: Math.max(1, Math.round(n * 12)) }) : t("matchReasons.units.yr", { n: fixed(n, 1) });
  if (name === "irr") return n >= 10 ? t("units.over", { n: pct(10) }) : pct(n);
  if (name === "unitPrice") {
    // Two significant digits below €100, whole euros above, as match-detail's price; "40 €" in Danish and German.
    const price = n >= 100 ? Math.round(n) : Number(n.toPrecision(2));
    return language() === "en" ? `€${num(price)}` : new Intl.NumberFormat(language(), { style: "currency", currency: "EUR", maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(price);
  }
  if (name === "cop" || name === "multiple") return fixed(n, 1);
  if (name === "cv" || name === "useFit") return fixed(n, 2);
  if (name === "perUnit") return num(Number(n.toPrecision(3)));
  return num(n);
}

const key = (code: string) => `matchReasons.${code}`;
const known = (code: string) => i18next.exists(key(code)) || i18next.exists(`${key(code)}_other`);

/** One part in the reader's words. */
function partWords(p: CodedReason): string {
  const values: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(p.params)) values[name] = name === "count" ? v : paramWords(name, v, p.params);
  return t(key(p.code), values);
}

const separator = (p: CodedReason) => (p.sep === " and " ? ` ${t("matchReasons.and")} ` : (p.sep ?? "; "));

/**
 * A reason in the reader's language from its coded parts; `fallback` (the server's English)
 * when there are none or one of them has a code this client has no words for.
 */
export function reasonWords(parts: ReasonParts | undefined, fallback: string): string {
  if (!parts || parts.length === 0 || !parts.every((p) => known(p.code))) return fallback;
  return parts.map((p, i) => (i === 0 ? "" : separator(p)) + partWords(p)).join("");
}
