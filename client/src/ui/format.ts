/** Number formatting for people: euros, tonnes, percentages, years. */
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

export const eur = (n: number) => `€${compact.format(n)}`;
export const eurRange = (r: { low: number; mid: number; high: number }) => `${eur(r.low)} – ${eur(r.high)} (mid ${eur(r.mid)})`;
export const tonnes = (n: number) => `${compact.format(n)} t`;
export const tonnesRange = (r: { low: number; mid: number; high: number }) => `${tonnes(r.low)} – ${tonnes(r.high)} CO₂/yr`;
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const km = (n: number) => `${n < 10 ? n.toFixed(1) : whole.format(n)} km`;
export const years = (n: number | null) => (n === null ? "never" : `${n.toFixed(1)} years`);
/** A yearly quantity; canonical units already say per year ("MWh/yr"). */
export const quantity = (n: number, unit: string) => `${compact.format(n)} ${unit}${unit.includes("/") ? "" : "/yr"}`;
export const humanize = (id: string) => id.replace(/[_-]+/g, " ").replace(/^\w/, (c) => c.toUpperCase());
