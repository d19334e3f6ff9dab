/**
 * The wire of GET /api/v1/outcomes: the outcomes report (domain/outcomes/report.ts) with
 * the filter it was computed for. Type-only, shared by the route (api/routes/outcomes/) and
 * the facilitators' page (client/src/views/outcomes.ts), so the two cannot drift apart.
 */
import type { OutcomesReport } from "../domain/outcomes/report.ts";

export type { Funnel, GroupFunnel } from "../domain/outcomes/conversion.ts";
export type { OutcomesReport } from "../domain/outcomes/report.ts";

/** The filter a report was computed for, as the query named it (null: not filtered). */
export interface OutcomesFilter {
  readonly region: string | null;
  readonly resourceType: string | null;
  /** First and last day of the period (YYYY-MM-DD, UTC). */
  readonly from: string | null;
  readonly to: string | null;
}

/** GET /outcomes answers this. */
export interface OutcomesResponse extends OutcomesReport {
  readonly filter: OutcomesFilter;
}
