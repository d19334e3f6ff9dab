/**
 * Building blocks shared by every domain schema. Each carries its own message so that
 * an API error reads "naceCode: must be a NACE rev.2 code like 10.51" with the path
 * telling which field.
 */
import { z } from "zod";
import { singleLine } from "./strings.ts";

export { freeText, shaped, singleLine, text } from "./strings.ts";

/** Stable external id: letters, digits and `._:-`, 1–128 chars, starting alphanumeric. */
export const ExternalId = singleLine(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, {
    error: "must be 1–128 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit",
  }).meta({ examples: ["acme-01"] });

/** Optimistic-concurrency version every stored node carries; updates must state the version they saw. */
export const Version = z.int({ error: "must be an integer version" }).nonnegative({ error: "must be ≥ 0" });

/** Calendar date `YYYY-MM-DD`. */
export const IsoDate = z.iso.date({ error: "must be a date YYYY-MM-DD" }).max(10).meta({ examples: ["2026-03-01"] });

/** Instant with offset, e.g. `2025-03-01T12:00:00Z`. */
export const IsoDateTime = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).max(64).meta({ examples: ["2026-03-01T12:00:00Z"] });

/** A finite number within bounds, with a message naming the bounds. */
export function bounded(min: number, max: number, unit = "") {
  const suffix = unit ? ` ${unit}` : "";
  return z
    .number({ error: "must be a number" })
    .min(min, { error: `must be ≥ ${min}${suffix}` })
    .max(max, { error: `must be ≤ ${max}${suffix}` });
}

/** A stored node's bookkeeping, added to created objects by the write path. */
export interface Stored {
  readonly version: number;
  readonly updatedAt: string;
}
