/**
 * Bands: how a figure is shown to someone who may know its order of magnitude but not
 * its value — the anonymous listing of a counterpart before both parties said
 * `interested` (DESIGN.md "Trust and disclosure"). Every band is a half-open interval
 * [low, high) on a fixed ladder, so two different values in one band look exactly alike
 * and nothing about the value leaks beyond the band it falls in.
 *
 * Ladders: quantities and money on the 1–2–5 series (each band at most 2.5× wide), degrees
 * in 20 K steps, distances on a 1–2–5 ladder of kilometres, years on planning horizons.
 */

/** A figure shown as the band it falls in. `high` is null for an open top band. */
export interface Band {
  readonly low: number;
  readonly high: number | null;
}

const SERIES = [1, 2, 5] as const;

/** The 1–2–5 band of a positive value: [1, 2), [2, 5), [5, 10), [10, 20) … */
function seriesBand(value: number): Band {
  // log10 is only approximately right near an edge (4.999999999 may come out as a decade
  // too high or low), so the edges around it are compared with the value itself.
  const decade = Math.floor(Math.log10(value));
  const edges: number[] = [];
  for (let d = decade - 1; d <= decade + 1; d++) for (const m of SERIES) edges.push(tidy(m * 10 ** d));
  edges.push(tidy(10 ** (decade + 2)));
  let i = edges.length - 2;
  while (i > 0 && edges[i]! > value) i--;
  return { low: edges[i]!, high: edges[i + 1]! };
}

// 0.1 * 3 style noise off the band edges, so they print as the round numbers they are.
const tidy = (x: number) => Number(x.toPrecision(12));

/** A yearly quantity (MWh/yr, t/yr, m³/yr) as its 1–2–5 band; zero and below as [0, 0). */
export function quantityBand(value: number): Band {
  if (!(value > 0) || !Number.isFinite(value)) return { low: 0, high: 0 };
  return seriesBand(value);
}

/** An amount of money as its 1–2–5 band, negative amounts mirrored: −3,000 → (−5,000, −2,000]. */
export function moneyBand(eur: number): Band {
  if (!Number.isFinite(eur) || eur === 0) return { low: 0, high: 0 };
  if (eur > 0) return seriesBand(eur);
  const b = seriesBand(-eur);
  return { low: -(b.high as number), high: -b.low };
}

/** Band width of temperatures, in kelvin. */
export const TEMPERATURE_BAND_K = 20;

/** A temperature as its 20 K band: 75 °C → [60, 80). */
export function temperatureBand(celsius: number): Band {
  const low = Math.floor(celsius / TEMPERATURE_BAND_K) * TEMPERATURE_BAND_K;
  return { low, high: low + TEMPERATURE_BAND_K };
}

const DISTANCE_EDGES_KM = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;

/** A distance as its band: 1.3 km → [1, 2), 140 km → [100, 200), beyond 1,000 km open-ended. */
export function distanceBand(km: number): Band {
  return ladderBand(Math.max(0, km), DISTANCE_EDGES_KM);
}

const YEAR_EDGES = [0, 1, 2, 3, 5, 10, 20] as const;

/** A payback time as its band: 2.4 yr → [2, 3); null (never pays back) stays null. */
export function yearsBand(years: number | null): Band | null {
  if (years === null || !Number.isFinite(years)) return null;
  return ladderBand(Math.max(0, years), YEAR_EDGES);
}

/** How much of a need a supply covers, in quarters: 0.62 → [0.5, 0.75); all of it → [1, 1]. */
export function coverageBand(fraction: number): Band {
  if (!(fraction > 0)) return { low: 0, high: 0.25 };
  if (fraction >= 1) return { low: 1, high: 1 };
  const low = Math.floor(fraction * 4) / 4;
  return { low, high: low + 0.25 };
}

function ladderBand(value: number, edges: readonly number[]): Band {
  for (let i = edges.length - 1; i >= 0; i--) {
    if (value >= edges[i]!) return { low: edges[i]!, high: i + 1 < edges.length ? edges[i + 1]! : null };
  }
  return { low: edges[0]!, high: edges[1] ?? null };
}

/** True when `value` lies in `band` (closed at both ends for the degenerate [x, x] bands). */
export function inBand(value: number, band: Band): boolean {
  if (band.high === null) return value >= band.low;
  if (band.low === band.high) return value === band.low || (band.low === 0 && !(value > 0));
  return value >= band.low && value < band.high;
}

/** "2,000–5,000", "over 1,000", "0": a band for a sentence. */
export function bandText(band: Band, unit = ""): string {
  const f = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
  const u = unit ? ` ${unit}` : "";
  if (band.high === null) return `over ${f(band.low)}${u}`;
  if (band.low === band.high) return `${f(band.low)}${u}`;
  return `${f(band.low)}–${f(band.high)}${u}`;
}
