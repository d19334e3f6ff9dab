/**
 * The NPV range of a match from the stated uncertainty of each input, by interval
 * propagation: every input gets its own interval (the quantity from the precision of
 * whichever flow limits the delivery, the price from its source, capex and running cost
 * from the estimate class), and because the NPV is linear in each input separately its
 * extremes over the box are at the corners, so evaluating the 16 corners is exact.
 * Each input alone, the others at their mid values, gives its swing; the largest swing
 * is the range's top driver, named in one line.
 */
import type { Range } from "../types.ts";

/** One input of the NPV with its interval, as multipliers of its mid value. */
export interface InputInterval {
  readonly low: number;
  readonly high: number;
  /** Why it is uncertain, as the end of "… because <why>" ("the demand is rough"). */
  readonly why: string;
}

/** The mid figures of a match and the interval of each uncertain input. */
export interface NpvInputs {
  readonly capexEur: number;
  /** Yearly avoided purchase of the consumer (quantity × price). */
  readonly annualValueEur: number;
  /** Yearly avoided disposal of the supplier (quantity only). */
  readonly annualDisposalEur: number;
  /** Running cost proportional to the quantity (transport, electricity, conversion). */
  readonly annualVariableOpexEur: number;
  /** Running cost proportional to the capex (maintenance). */
  readonly annualFixedOpexEur: number;
  /** Present value of 1 €/yr over the horizon. */
  readonly annuity: number;
  readonly quantity: InputInterval;
  readonly price: InputInterval;
  readonly capex: InputInterval;
  readonly opex: InputInterval;
}

/** The swing of the NPV when one input alone moves over its interval. */
export interface NpvDriver {
  readonly input: "quantity" | "price" | "capex" | "opex";
  readonly lowEur: number;
  readonly highEur: number;
  readonly why: string;
}

/** The NPV range, its drivers (largest swing first) and the line naming the top one. */
export interface NpvSpread {
  readonly range: Range;
  readonly drivers: readonly NpvDriver[];
  readonly note: string;
}

const INPUTS = ["quantity", "price", "capex", "opex"] as const;

/** NPV at multipliers q (quantity), pr (price), cx (capex), ox (running cost). */
function npvAt(x: NpvInputs, q: number, pr: number, cx: number, ox: number): number {
  const yearly = q * (x.annualValueEur * pr + x.annualDisposalEur) - ox * q * x.annualVariableOpexEur - cx * x.annualFixedOpexEur;
  return -cx * x.capexEur + x.annuity * yearly;
}

const pct = (f: number) => Math.round(100 * f);

/** "±40 %" when the two sides agree within 5 points, else "−30 % / +55 %". */
function spreadText(low: number, mid: number, high: number): string {
  const m = Math.abs(mid);
  const down = pct((mid - low) / m);
  const up = pct((high - mid) / m);
  return Math.abs(up - down) <= 5 ? `±${Math.max(up, down)} %` : `−${down} % / +${up} %`;
}

/**
 * Propagates the input intervals to the NPV.
 * Invariant: range.low ≤ range.mid ≤ range.high, and every driver's lowEur ≤ highEur.
 */
export function npvSpread(x: NpvInputs): NpvSpread {
  const mid = npvAt(x, 1, 1, 1, 1);
  let low = mid;
  let high = mid;
  for (const q of [x.quantity.low, x.quantity.high])
    for (const pr of [x.price.low, x.price.high])
      for (const cx of [x.capex.low, x.capex.high])
        for (const ox of [x.opex.low, x.opex.high]) {
          const v = npvAt(x, q, pr, cx, ox);
          if (v < low) low = v;
          if (v > high) high = v;
        }
  const drivers = INPUTS.map((input): NpvDriver => {
    const iv = x[input];
    const at = (f: number) =>
      npvAt(x, input === "quantity" ? f : 1, input === "price" ? f : 1, input === "capex" ? f : 1, input === "opex" ? f : 1);
    const a = at(iv.low);
    const b = at(iv.high);
    return { input, lowEur: Math.min(a, b), highEur: Math.max(a, b), why: iv.why };
  }).sort((a, b) => b.highEur - b.lowEur - (a.highEur - a.lowEur) || INPUTS.indexOf(a.input) - INPUTS.indexOf(b.input));
  const top = drivers[0]!;
  let note: string;
  if (high - low <= 1e-9 * (1 + Math.abs(mid))) note = "no stated uncertainty";
  else if (low < 0 && high > 0) note = `may be negative, mostly because ${top.why}`;
  else if (mid === 0) note = `spread mostly because ${top.why}`;
  else note = `${spreadText(low, mid, high)} mostly because ${top.why}`;
  return { range: { low, mid, high }, drivers, note };
}
