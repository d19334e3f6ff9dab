/**
 * A meter reading as it travels on `<P>.flows.readings.<siteId>`: what a flow measured
 * over a period. The value is either an amount over the period (`MWh`, `GJ`, `t`, `m3`,
 * `Nm3`…) or a mean rate over it (`kW`, `t/h`, `m3/day`…, any unit of domain/units.ts).
 * The period is `periodSeconds` ending at `at`, or an explicit `periodStart`–`periodEnd`;
 * `at` identifies the reading (one per flow and instant; a re-sent one replaces it).
 */
import { z } from "zod";
import { ExternalId, IsoDateTime, text } from "../../domain/schemas/common.ts";
import { isReadingUnit } from "./amount.ts";

/** A reading's period may not exceed a leap year. */
export const MAX_PERIOD_SECONDS = 366 * 24 * 3600;

/** The fields of a reading, without the cross-field rules (for extension by other boundaries). */
export const ReadingFields = z.object({
  flowId: ExternalId,
  at: IsoDateTime,
  // 0 is a real reading (the plant stood still); a positive value below 1e-9 of any unit
  // is no meter's reading but a subnormal (1e-320); 1e12 of any unit in one period is
  // far beyond any site (domain/units.ts QUANTITY_BOUNDS gives the yearly bounds).
  value: z
    .number({ error: "must be a number" })
    .nonnegative({ error: "must be ≥ 0" })
    .max(1e12, { error: "must be at most 1e12 (beyond any industrial site)" })
    // Negative values are the nonnegative rule's to report: one message per fault.
    .refine((v) => v <= 0 || v >= 1e-9, { error: "must be 0 or at least 1e-9" }),
  unit: text(32).refine(isReadingUnit, { error: "must be an amount (MWh, GJ, t, m3, Nm3…) or a rate (kW, MW, t/h, m3/day…)" }),
  periodSeconds: z.int({ error: "must be whole seconds" }).min(1, { error: "must be ≥ 1" }).max(MAX_PERIOD_SECONDS, { error: "must be at most 366 days" }).optional(),
  periodStart: IsoDateTime.optional(),
  periodEnd: IsoDateTime.optional(),
});

type PeriodFields = Pick<z.output<typeof ReadingFields>, "periodSeconds" | "periodStart" | "periodEnd">;

/** Cross-field rule: a period is `periodSeconds` or `periodStart` + `periodEnd`, exactly one of the two. */
export function checkReadingPeriod(r: PeriodFields, ctx: z.RefinementCtx): void {
  const explicit = r.periodStart !== undefined || r.periodEnd !== undefined;
  if (r.periodSeconds !== undefined && explicit) {
    ctx.addIssue({ code: "custom", path: ["periodSeconds"], message: "give periodSeconds or periodStart/periodEnd, not both" });
    return;
  }
  if (!explicit) {
    if (r.periodSeconds === undefined) ctx.addIssue({ code: "custom", path: ["periodSeconds"], message: "give periodSeconds, or periodStart and periodEnd" });
    return;
  }
  if (r.periodStart === undefined) return void ctx.addIssue({ code: "custom", path: ["periodStart"], message: "is required with periodEnd" });
  if (r.periodEnd === undefined) return void ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "is required with periodStart" });
  const seconds = (Date.parse(r.periodEnd) - Date.parse(r.periodStart)) / 1000;
  if (!(seconds > 0)) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "must be after periodStart" });
  else if (seconds > MAX_PERIOD_SECONDS) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "must be at most 366 days after periodStart" });
}

/** The message on `<P>.flows.readings.<siteId>` (the site is the subject's last tokens). */
export const ReadingMessageSchema = ReadingFields.extend({
  /** Where it came from (`webhook:<endpoint id>`); direct publishers may leave it out. */
  source: text(200).optional(),
}).superRefine(checkReadingPeriod);

export type ReadingMessage = z.output<typeof ReadingMessageSchema>;

/** The period a reading covers, as epoch milliseconds. */
export function readingPeriod(r: Pick<ReadingMessage, "at" | "periodSeconds" | "periodStart" | "periodEnd">): { start: number; end: number } {
  if (r.periodStart !== undefined && r.periodEnd !== undefined) return { start: Date.parse(r.periodStart), end: Date.parse(r.periodEnd) };
  const end = Date.parse(r.at);
  return { start: end - (r.periodSeconds ?? 0) * 1000, end };
}
