/**
 * A reason in words' structured twin: a stable `code` ("distance.withinRadius") and its
 * `params`, so a client says the same thing in its reader's language. The server writes
 * the English `reason` text from exactly this (matching/reasons.ts renders the template the
 * client's `en` locale holds under `matchReasons`), so the text and the code cannot disagree.
 *
 * A sentence is one or more parts, each joined to the one before by its `sep` ("; " when
 * absent; "" for a part whose template brings its own punctuation, ", " or " and ").
 *
 * How a param is written follows its name's ending, the same on the server and in the client:
 * - `…Km` a distance in km; `…KmBand` a band of km;
 * - `…Eur` euros; `…EurBand` a band of euros;
 * - `…Pct` a percentage 0–100 as shown; `…Share` a share 0–1; `…ShareBand` a band of shares 0–1;
 * - `…C` degrees Celsius (whole); `…CBand` a band of °C; `cop` a heat pump's COP;
 * - `…Qty` a quantity's number (its unit in the `unit` param, a canonical unit id);
 *   `…QtyBand` a band of quantities in `unit`;
 * - `…Years` a payback in years; `irr` an internal rate of return (fraction); `unitPrice` € per `unit`;
 * - `…Type` a resource type id; `…Precision` a data precision; `…Months` month indices 0–11;
 * - `count` a count (plurals); anything else as written.
 */
import type { Band } from "../domain/bands.ts";

/** One param's value: a number, an id or word, a band, or a list of month indices. */
export type ReasonParam = number | string | Band | readonly number[];

/** How a part joins the one before it. */
export type ReasonSeparator = "; " | ", " | "" | " and ";

/** One part of a reason: its stable code and the figures it names. */
export interface CodedReason {
  readonly code: string;
  readonly params: Readonly<Record<string, ReasonParam>>;
  /** Joins this part to the one before it; "; " when absent. */
  readonly sep?: ReasonSeparator;
}

/** A reason's parts, in the order its sentence joins them. */
export type ReasonParts = readonly CodedReason[];
