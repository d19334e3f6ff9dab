/** Number formatting for people: euros, tonnes, percentages, years, and bands of them. */
import type { Band } from "../rest/types.ts";

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export const eur = (n: number) => `€${compact.format(n)}`;
export const eurRange = (r: { low: number; mid: number; high: number }) => `${eur(r.low)} – ${eur(r.high)} (mid ${eur(r.mid)})`;
export const tonnes = (n: number) => `${compact.format(n)} t`;
export const tonnesRange = (r: { low: number; mid: number; high: number }) => `${tonnes(r.low)} – ${tonnes(r.high)} CO₂/yr`;
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const km = (n: number) => `${n < 10 ? n.toFixed(1) : whole.format(n)} km`;
export const years = (n: number | null) => (n === null ? "never" : `${n.toFixed(1)} years`);
/** A yearly unit: canonical units already say per year ("MWh/yr"), others get "/yr". */
export const perYear = (unit: string) => `${unit}${unit.includes("/") ? "" : "/yr"}`;
/** A yearly quantity. */
export const quantity = (n: number, unit: string) => `${compact.format(n)} ${perYear(unit)}`;
export const humanize = (id: string) => id.replace(/[_-]+/g, " ").replace(/^\w/, (c) => c.toUpperCase());

/**
 * A band in words, as domain/bands.ts `bandText` writes it: "2,000–5,000 MWh/yr",
 * "over 1,000 km", "0". `fmt` formats each edge (grouped digits by default).
 */
export function band(b: Band, unit = "", fmt: (n: number) => string = (n) => grouped.format(n)): string {
  const u = unit ? ` ${unit}` : "";
  if (b.high === null) return `over ${fmt(b.low)}${u}`;
  if (b.low === b.high) return `${fmt(b.low)}${u}`;
  return `${fmt(b.low)}–${fmt(b.high)}${u}`;
}

export const eurBand = (b: Band) => band(b, "", eur);
export const kmBand = (b: Band) => band(b, "km");
export const yearsBand = (b: Band | null) => (b === null ? "never" : band(b, "years"));
export const tonnesBand = (b: Band) => band(b, "t CO₂/yr", (n) => compact.format(n));
