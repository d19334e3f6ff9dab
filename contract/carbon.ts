/**
 * The wire of the carbon projection's routes as the client reads them: the summary of
 * `GET /organizations/{id}/carbon` (projections/carbon/summary.ts), the factors of
 * `GET /organizations/{id}/emission-factors` (api/commands/carbon.ts), the alerts and
 * firings of `…/alerts` and `…/alert-firings` (api/routes/alerts/presenter.ts), and the
 * carbon map layer's features (`GET /organizations/{id}/carbon/sites`). Type-only.
 */
import type { FactorOverride, FactorUse } from "../domain/carbon/factors.ts";

export type { FactorOverride, FactorUse } from "../domain/carbon/factors.ts";

export type CarbonStage = "potential" | "in_progress" | "realised";

/** tCO2/yr with its range. */
export interface Co2Range {
  readonly low: number;
  readonly mid: number;
  readonly high: number;
}

/** How much of its supply a match is credited with. */
export interface CreditedAllocation {
  /** Share of what the match would take alone, 0..1. */
  readonly shareOfWish: number;
  /** Share of the supply's capacity, 0..1. */
  readonly shareOfSupply: number;
  /** Other matches of the same supply. */
  readonly competitors: number;
  /** Need units per year credited. */
  readonly deliveredQuantity: number;
  readonly method: string;
}

/** One stage's totals over a period. */
export interface StageTotals {
  readonly co2AvoidedT: Co2Range;
  readonly energyMWh: number;
  readonly waterM3: number;
}

/** One partnership line. */
export interface PartnershipLine {
  readonly matchId: string;
  readonly proposalId: string | null;
  readonly stage: CarbonStage;
  readonly since: string | null;
  readonly role: "supplier" | "receiver";
  readonly siteId: string;
  readonly offerType: string;
  readonly needType: string;
  readonly counterpart: string;
  readonly allocation: CreditedAllocation;
  readonly grossTPerYear: number;
  readonly transportTPerYear: number;
  readonly co2AvoidedTPerYear: Co2Range;
  readonly basis: "measured" | "declared";
  readonly factorIds: readonly string[];
}

/** The carbon of one flow. */
export interface FlowCarbon {
  readonly flowId: string;
  readonly siteId: string;
  readonly direction: "offer" | "need";
  readonly resourceType: string;
  readonly annualQuantity: number;
  readonly unit: string;
  readonly energyMWh: number;
  readonly waterM3: number;
  /** tCO2/yr the flow's quantity stands for (projections/carbon/flow-carbon.ts); 0 without a factor. */
  readonly co2TPerYear: number;
  readonly factor: FactorUse | null;
  /** For an offer: the need type the figure assumes it feeds. */
  readonly assumedUse?: string;
}

/**
 * How one of the organization's offers is shared among its matches now, credited once: the
 * supply units per year credited to its live partnerships, its deals in progress and its
 * potential matches, never more together than the offer has. Potential and in-progress
 * figures are cut down to two significant digits (never rounded up past the offer).
 */
export interface SupplyAllocation {
  readonly flowId: string;
  readonly siteId: string;
  readonly resourceType: string;
  /** The offer's yearly quantity, in `unit` per year. */
  readonly annualQuantity: number;
  readonly unit: string;
  /** Matches sharing the offer. */
  readonly matches: number;
  /** Supply units per year credited, by stage. */
  readonly credited: Readonly<Record<CarbonStage, number>>;
  /** Share of the offer credited to all its matches together, 0..1 (two decimals). */
  readonly shareCredited: number;
  readonly method: string;
}

/** `GET /organizations/{id}/carbon`: the whole summary. */
export interface CarbonSummary {
  readonly organizationId: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly totals: Readonly<Record<CarbonStage, StageTotals>>;
  readonly series: readonly { readonly day: string; readonly potential: number; readonly in_progress: number; readonly realised: number }[];
  readonly partnerships: readonly PartnershipLine[];
  /** Partnerships not listed because their counterpart is still anonymous. */
  readonly unlistedPartnerships: number;
  /** Potential matches of the organization now (counted, not listed: see the match list). */
  readonly potentialMatches: number;
  /** How each of the organization's offers with matches is shared among them. */
  readonly supplyAllocations: readonly SupplyAllocation[];
  readonly flows: readonly FlowCarbon[];
  readonly factors: readonly FactorUse[];
  readonly method: readonly string[];
}

/** One item of `GET /organizations/{id}/emission-factors`. */
export interface OrgFactor extends FactorUse {
  readonly category: string;
  readonly default: { readonly value: number; readonly source: string; readonly year: number };
  readonly override: FactorOverride | null;
}

export interface CarbonAlert {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly metric: string;
  readonly stage: CarbonStage;
  readonly windowDays: number;
  readonly comparison: "above" | "below";
  readonly threshold: number;
  readonly channel: "in_app" | "webhook";
  readonly webhookUrl: string | null;
  readonly webhookEndpointId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AlertFiring {
  readonly id: string;
  readonly alertId: string;
  readonly evaluatedDay: string;
  readonly windowFrom: string;
  readonly value: number;
  readonly threshold: number;
  readonly comparison: "above" | "below";
  readonly firedAt: string;
  readonly deliveredAt: string | null;
  readonly deliveryError: string | null;
  /** Webhook alerts: `pending` (being sent or waiting to retry), `delivered` or `failed` (given up); null for in-app alerts. */
  readonly deliveryStatus: "pending" | "delivered" | "failed" | null;
  /** Webhook alerts: attempts made so far. */
  readonly deliveryAttempts: number;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: string | null;
}

/** Properties of one feature of `GET /organizations/{id}/carbon/sites` (a GeoJSON point per own site). */
export interface CarbonSiteProperties {
  readonly siteId: string;
  /** tCO2/yr avoided at the site, all stages (mid, and the precision's range). */
  readonly co2TPerYear: number;
  readonly co2LowTPerYear: number;
  readonly co2HighTPerYear: number;
  /** tCO2/yr per stage (mid). */
  readonly potential: number;
  readonly in_progress: number;
  readonly realised: number;
  /** Matches of the site that count (any stage). */
  readonly matches: number;
}
