/**
 * What one meter reading does: check it belongs where it says, store it (idempotently),
 * recompute the flow's measured annual quantity from its stored readings, and write the
 * flow through the one write path with precision "measured" — only when that changes it.
 */
import { errors, isTurashError } from "../../domain/errors.ts";
import { ExternalId } from "../../domain/schemas/common.ts";
import type { ResourceFlowUpdate } from "../../domain/schemas/resource-flow.ts";
import { readingSpans, upsertMeterReading, type StoreOutcome } from "../../ledgers/meter-readings.ts";
import { readFlows, updateFlow, type WriteContext } from "../write-path.ts";
import { readingAmount } from "./amount.ts";
import { annualize, YEAR_MS, type AnnualEstimate } from "./annualize.ts";
import { readingPeriod, type ReadingMessage } from "./reading.ts";

/** Readings may end at most this far in our future (clock skew between meter and server). */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;
/** Guarded-write attempts before giving the message back to JetStream for a later try. */
const WRITE_ATTEMPTS = 5;

/** What applying a reading did. */
export interface ReadingOutcome {
  readonly stored: StoreOutcome;
  /** `updated`: the flow was written; `unchanged`: already so; `insufficient`: too little coverage; `zero`: measured nothing. */
  readonly flow: "updated" | "unchanged" | "insufficient" | "zero";
  readonly version: number;
  readonly estimate?: AnnualEstimate;
}

/** The flow kept changing under us: worth retrying later (platform/infra-errors.ts reads `retriable`). */
export class FlowBusyError extends Error {
  readonly retriable = true;
  constructor(flowId: string) {
    super(`flow "${flowId}" changed during ${WRITE_ATTEMPTS} attempts to write its measured quantity`);
    this.name = "FlowBusyError";
  }
}

/**
 * Apply one reading of a flow at `siteId`.
 * @param ctx the write context (its actor goes to the audit log)
 * @param now the clock, epoch ms
 * @throws NOT_FOUND (no such flow), UNPROCESSABLE (the flow is at another site),
 *   VALIDATION_FAILED (a reading from the future), UNKNOWN_UNIT / UNIT_MISMATCH — none
 *   retriable; FlowBusyError (retriable)
 */
export async function applyReading(ctx: WriteContext, siteId: string, reading: ReadingMessage, now: number = Date.now()): Promise<ReadingOutcome> {
  if (!ExternalId.safeParse(siteId).success) throw errors.validationFailed([{ field: "siteId", message: `"${siteId}" is not a site id` }]);
  const flow = (await readFlows(ctx.neo4j, [reading.flowId])).get(reading.flowId);
  if (!flow) throw errors.notFound("ResourceFlow", reading.flowId);
  if (flow.doc.siteId !== siteId) {
    throw errors.unprocessable(`flow "${reading.flowId}" is not at site "${siteId}"`, { field: "siteId", extensions: { flowId: reading.flowId, siteId } });
  }
  const period = readingPeriod(reading);
  if (period.end > now + FUTURE_SKEW_MS) throw errors.validationFailed([{ field: reading.periodEnd ? "periodEnd" : "at", message: "is in the future" }]);
  const { amount, unit } = readingAmount(reading, (period.end - period.start) / 1000, flow.doc.resourceType);

  const stored = await upsertMeterReading(ctx.knex, {
    flowId: reading.flowId,
    siteId,
    readingAt: new Date(Date.parse(reading.at)).toISOString(),
    value: reading.value,
    unit: reading.unit,
    periodStart: new Date(period.start).toISOString(),
    periodEnd: new Date(period.end).toISOString(),
    amount,
    canonicalUnit: unit,
    source: reading.source ?? "nats",
  });
  // Recomputed even when the reading was already stored: an earlier delivery may have
  // stored it and then failed before writing the flow.
  return { stored, ...(await writeMeasured(ctx, reading.flowId)) };
}

/**
 * Bring the flow's quantity to what its readings measure. Each attempt reads the flow
 * (its version) before the readings: a write that lands in between bumps the version, so
 * the guarded write fails and the next attempt sees both — never a stale quantity over a fresh one.
 */
async function writeMeasured(ctx: WriteContext, flowId: string): Promise<Omit<ReadingOutcome, "stored">> {
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const current = (await readFlows(ctx.neo4j, [flowId])).get(flowId);
    if (!current) throw errors.notFound("ResourceFlow", flowId);
    const canonical = current.doc.normalized.unit;
    const estimate = annualize(await readingSpans(ctx.knex, flowId, canonical, YEAR_MS));
    if (!estimate) return { flow: "insufficient", version: current.version };
    // A flow's quantity must be > 0; a meter measuring nothing leaves the declared figure.
    if (!(estimate.annual > 0)) return { flow: "zero", version: current.version, estimate };
    const doc = current.doc;
    if (doc.quantity.value === estimate.annual && doc.quantity.unit === canonical && doc.precision === "measured") {
      return { flow: "unchanged", version: current.version, estimate };
    }
    // A quantity the platform had estimated (import defaults) is now measured.
    const estimated = (doc as { estimatedFields?: string[] }).estimatedFields;
    const patch = {
      version: current.version,
      quantity: { value: estimate.annual, unit: canonical },
      precision: "measured",
      ...(estimated?.includes("quantity") ? { estimatedFields: estimated.filter((f) => f !== "quantity") } : {}),
    } as ResourceFlowUpdate;
    try {
      const { outcome } = await updateFlow(ctx, flowId, patch);
      return { flow: outcome.change === "unchanged" ? "unchanged" : "updated", version: outcome.version, estimate };
    } catch (error) {
      if (!isTurashError(error, "VERSION_CONFLICT")) throw error;
    }
  }
  throw new FlowBusyError(flowId);
}
