/**
 * Public data shapes of the matching engine. Plain data in, plain data out: the
 * worker maps Neo4j/PostGIS rows onto these, the engine never sees a database.
 */
import type { ReasonParts } from "../contract/reasons.ts";

/** Whether a flow is something a site has to give away or something it wants. */
export type Direction = "offer" | "need";

/** How much to trust the numbers of a flow; drives the uncertainty bands. */
export type Precision = "rough" | "estimated" | "measured";

/** When a flow exists. */
export interface Availability {
  /** 12-bit mask: bit 0 = January … bit 11 = December. 0xfff = all year. */
  readonly months: number;
  /** Hours per week the flow runs (168 = continuous). Absent = continuous. */
  readonly hoursPerWeek?: number;
  /** ISO date from which the flow exists. */
  readonly start?: string;
  /** ISO date after which the flow no longer exists. */
  readonly end?: string;
}

/** A resource flow as the matcher needs it (canonical units, see DESIGN.md "Data"). */
export interface MatchableFlow {
  readonly id: string;
  readonly siteId: string;
  readonly orgId: string;
  readonly direction: Direction;
  /** Taxonomy id from domain/resource-types.json. */
  readonly resourceType: string;
  readonly lat: number;
  readonly lon: number;
  /** MWh/yr for energy, t/yr for mass, m³/yr for volume. */
  readonly annualQuantity: number;
  readonly peakKw?: number;
  /** Offer: temperature delivered. Need: temperature required. */
  readonly temperatureC?: number;
  /** Offer: pressure delivered. Need: pressure required. */
  readonly pressureBar?: number;
  /** Offer: purity delivered. Need: minimum purity accepted. */
  readonly purityPct?: number;
  /** Offer: hazard class (e.g. "HP3"); "none" = declared non-hazardous; null/absent = not declared (hazardous when the taxonomy says so). */
  readonly hazardClass?: string | null;
  /** Need: hazard classes this consumer is permitted and equipped to accept ("*" = any). */
  readonly acceptsHazardClasses?: readonly string[];
  /** Offer of animal by-products: category under Regulation (EC) 1069/2009 (1, 2 or 3). */
  readonly abpCategory?: 1 | 2 | 3;
  /** This party's distance limit, km: narrows the offer type's radius (the smaller of both sides wins). */
  readonly maxDistanceKm?: number;
  /** Need: the consumer will not bother below this much per year (canonical unit of the need). */
  readonly minAnnualQuantity?: number;
  readonly availability: Availability;
  /** Coefficient of variation of the flow rate, 0..1. */
  readonly variability?: number;
  /** Offer: what the supplier asks per canonical unit (negative = supplier pays the taker). */
  readonly priceEurPerUnit?: number;
  /** Offer: what the supplier pays today to get rid of one unit. */
  readonly disposalCostEurPerUnit?: number;
  /** Need: what the consumer pays today for one unit of its input. */
  readonly currentCostEurPerUnit?: number;
  readonly precision: Precision;
  readonly version: number;
}

/**
 * What the graph knows about the organizations, as plain sets and maps. Every field
 * is optional; an empty context scores graph factors neutrally.
 */
export interface MatchContext {
  /** orgId → orgs it already partners with. Read both ways, so one direction suffices. */
  readonly partnerships?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Pairs of flow ids a party has rejected, as `pairKey(a, b)` (order-free). */
  readonly rejectedPairs?: ReadonlySet<string>;
  /** orgId → facilitator ids working with it. */
  readonly facilitators?: ReadonlyMap<string, ReadonlySet<string>>;
  /** orgId → number of past successful exchanges. */
  readonly successfulExchanges?: ReadonlyMap<string, number>;
  /**
   * orgId → the flows a plant of its NACE class (or group) usually has, as
   * `"offer:<type>"` / `"need:<type>"` (domain/flow-expectations.ts). Breaks ties between
   * equal scores toward the party that usually has such a flow; never changes a score.
   */
  readonly typicalFlows?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The key of a flow in {@link MatchContext.typicalFlows}. */
export const typicalFlowKey = (direction: Direction, resourceType: string) => `${direction}:${resourceType}`;

/** The seven scoring factors, in the order used by every numeric array. */
export const FACTOR_NAMES = [
  "distance",
  "quality",
  "quantity",
  "temporal",
  "economics",
  "trust",
  "graph",
] as const;

export type FactorName = (typeof FACTOR_NAMES)[number];

/** Full weights (sum 1 after `normalizeWeights`). */
export type Weights = Readonly<Record<FactorName, number>>;

/** One factor's contribution to a ranked match. */
export interface FactorResult {
  /** In [0, 1]. */
  readonly score: number;
  readonly weight: number;
  /** One line, for humans (English), rendered from `reasonCodes`. */
  readonly reason: string;
  /** The reason's structured twin (contract/reasons.ts); absent in results stored before it existed. */
  readonly reasonCodes?: ReasonParts;
}

/** A value with its uncertainty band. */
export interface Range {
  readonly low: number;
  readonly mid: number;
  readonly high: number;
}

/** How a by-product gets from supplier to consumer. */
export type TransportMode = "heat_pipe" | "steam_pipe" | "water_pipe" | "gas_pipe" | "cable" | "truck";

/** Economics of one match; joint view of both parties (prices between them are transfers). */
export interface MatchEconomics {
  readonly transportMode: TransportMode;
  /** Supply units taken per year (supply's canonical unit). */
  readonly suppliedQuantity: number;
  /** Need units delivered per year (need's canonical unit). */
  readonly deliveredQuantity: number;
  readonly capexEur: number;
  /** Consumer's avoided cost + supplier's avoided disposal. */
  readonly annualGrossEur: number;
  /** Transport, pumping, heat-pump electricity, conversion and maintenance. */
  readonly annualOpexEur: number;
  /** annualGross − annualOpex. */
  readonly annualSavingsEur: number;
  readonly npvEur: Range;
  /** capex ÷ annualSavings; null when savings never repay the capex. */
  readonly paybackYears: number | null;
  /** Defined whenever the payback is finite and the capex positive; null otherwise. */
  readonly irr: number | null;
  readonly co2AvoidedTPerYear: Range;
  /** Relative half-width applied to the ranges (from both flows' precision). */
  readonly uncertainty: number;
  readonly discountRate: number;
  readonly lifetimeYears: number;
  /** Price of what the delivery displaces (or the consumer's declared current cost), per `unit`. */
  readonly pricePerUnit: number;
  /** Unit of `pricePerUnit` ("MWh", "t", "m³"). */
  readonly unit: string;
  /** What the consumer would otherwise buy ("natural gas", "feed barley"). */
  readonly displaces: string;
  /** Units of the displaced commodity one delivered need unit replaces. */
  readonly substitutionRatio: number;
  /** € per need unit delivered: pricePerUnit × substitutionRatio. */
  readonly valueEurPerUnit: number;
  /** Where the price and the ratio come from. */
  readonly source: string;
  /** How the capex was sized, with its source. */
  readonly capexBasis: string;
  /** Each input's swing of the NPV, largest first. */
  readonly npvDrivers: readonly {
    readonly input: "quantity" | "price" | "capex" | "opex";
    readonly lowEur: number;
    readonly highEur: number;
    readonly why: string;
  }[];
  /** One line on the NPV range and its top driver ("±40 % mostly because the demand is rough"). */
  readonly npvNote: string;
}

/** A heat pump placed between a too-cold supply and its demand. */
export interface HeatPumpOption {
  readonly fromC: number;
  readonly toC: number;
  readonly liftK: number;
  readonly cop: number;
}

/** Who takes the match forward. */
export interface RouteDecision {
  readonly decision: "auto" | "facilitator";
  readonly complexity: number;
  /** What pushed the complexity up, one short phrase each. */
  readonly drivers: readonly string[];
}

/** One explained, ranked match. */
export interface RankedMatch {
  readonly rank: number;
  readonly supplyFlowId: string;
  readonly demandFlowId: string;
  readonly supplyOrgId: string;
  readonly demandOrgId: string;
  readonly offerType: string;
  readonly needType: string;
  /**
   * Weighted sum of the factor scores, in [0, 1]; for a commodity utility offer (grid
   * electricity, mains water) times the commodity discount its quality reason names.
   */
  readonly score: number;
  readonly distanceKm: number;
  readonly factors: Readonly<Record<FactorName, FactorResult>>;
  /** How the offer becomes the need (from compatibility.json). */
  readonly conversion: string;
  readonly heatPump: HeatPumpOption | null;
  readonly route: RouteDecision;
  readonly economics: MatchEconomics;
  /** "What would make this better / what it hinges on", one line each. */
  readonly counterfactuals: readonly string[];
  /** Each counterfactual's structured twin, in the same order (contract/reasons.ts). */
  readonly counterfactualCodes?: readonly ReasonParts[];
}

/** A candidate that failed one or two relaxable constraints, with what would fix it. */
export interface NearMiss {
  readonly candidateFlowId: string;
  /** The constraint it failed, by name (`temperature`, `distance`, `purity`, `quantity`, …). */
  readonly constraint: string;
  readonly reason: string;
  /** The rule it breaks, named without the counterpart's figures (for anonymous listings). */
  readonly rule: string;
  readonly counterfactual: string;
  /** Structured twins of `reason`, `rule` and `counterfactual` (contract/reasons.ts); empty when the text has no code. */
  readonly reasonCodes?: ReasonParts;
  readonly ruleCodes?: ReasonParts;
  readonly counterfactualCodes?: ReasonParts;
}

/** One relaxed parameter of the fallback. */
export interface Relaxation {
  readonly parameter: "radius" | "temperatureMarginK" | "purityTolerancePct";
  readonly from: number;
  readonly to: number;
}

/** What `matchFlow` returns. */
export interface MatchResult {
  readonly matches: readonly RankedMatch[];
  /** Empty when the strict constraints produced matches. */
  readonly relaxed: readonly Relaxation[];
  /** Candidates examined. */
  readonly considered: number;
  /** Candidates that passed every hard constraint (at the final relaxation step). */
  readonly passed: number;
  readonly nearMisses: readonly NearMiss[];
}
