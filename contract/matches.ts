/**
 * Matches on the wire: what `GET /resource-flows/{id}/matches`, `GET /organizations/{id}/matches`,
 * `GET /matches/{id}` and `POST /matches/{id}/decision` return. A party sees a
 * {@link PartyMatch} (match-service/party-view.ts presents it; DESIGN.md "Trust and
 * disclosure"); facilitators and admins see identities, without `side`, `disclosure` or a
 * counterpart `kind`. {@link Match} is what a reader may rely on in either.
 */
import type { Band } from "../domain/bands.ts";
import type { ReasonParts } from "./reasons.ts";

export type { Band };
export type { CodedReason, ReasonParam, ReasonParts, ReasonSeparator } from "./reasons.ts";

/** A value with its uncertainty band. */
export interface Range {
  readonly low: number;
  readonly mid: number;
  readonly high: number;
}

/** One factor's contribution to a match's score. */
export interface Factor {
  readonly score: number;
  readonly weight: number;
  /** One line in English (what partner systems read). */
  readonly reason: string;
  /** The same reason as codes and params (contract/reasons.ts), for a client that words it in its own language. */
  readonly reasonCodes?: ReasonParts;
}

/** The price a match is valued at: what the delivery displaces, at what price, from where. */
export interface PriceBasis {
  /** Price of what is displaced (or the consumer's declared current cost), per `unit`. */
  readonly pricePerUnit: number;
  readonly unit: string;
  /** What the consumer would otherwise buy ("natural gas", "feed barley"). */
  readonly displaces: string;
  readonly source: string;
}

/** A public market price a match is valued at, as an anonymous listing shows it. */
export interface MarketPrice {
  /** € per `unit`. */
  readonly eur: number;
  readonly unit: string;
  readonly displaces: string;
  readonly source: string;
}

/** One input's swing of the NPV (the others at their mid values). */
export interface NpvDriver {
  readonly input: "quantity" | "price" | "capex" | "opex";
  readonly lowEur: number;
  readonly highEur: number;
  readonly why: string;
}

/** Economics of a match whose counterpart is named: exact figures. */
export interface ExactEconomics extends Partial<PriceBasis> {
  readonly banded?: false;
  readonly transportMode?: string;
  readonly capexEur: number;
  readonly annualSavingsEur: number;
  readonly npvEur: Range;
  readonly paybackYears: number | null;
  readonly co2AvoidedTPerYear: Range;
  readonly irr?: number | null;
  /** Units of the displaced commodity one delivered need unit replaces. */
  readonly substitutionRatio?: number;
  /** € per need unit delivered: pricePerUnit × substitutionRatio. */
  readonly valueEurPerUnit?: number;
  /** How the capex was sized, with its source. */
  readonly capexBasis?: string;
  /** The NPV range and its top driver in one line ("±40 % mostly because the demand is rough"). */
  readonly npvNote?: string;
  readonly npvDrivers?: readonly NpvDriver[];
}

/** Economics of an anonymous match: every money figure a band, no price or gross value. */
export interface BandedEconomics {
  readonly banded: true;
  readonly transportMode: string;
  readonly capexEur: Band;
  readonly annualSavingsEur: Band;
  readonly npvEur: Band;
  readonly paybackYears: Band | null;
  readonly co2AvoidedTPerYear: Band;
  readonly uncertainty: number;
  /**
   * The market price used, when it is public (null when it is the consumer's own declared
   * cost, which an anonymous listing never shows).
   */
  readonly marketPrice?: MarketPrice | null;
  /** What drives the NPV band most ("the demand is rough"). */
  readonly npvDriver?: string;
}

export type Economics = ExactEconomics | BandedEconomics;

/** An organization's designated contact. */
export interface Contact {
  readonly name: string;
  readonly email: string;
  readonly phone?: string;
}

export interface RegionRef {
  readonly code: string;
  readonly name: string;
}

export type Precision = "rough" | "estimated" | "measured";

/** The counterpart before both parties said interested: bands, region, NACE section. */
export interface AnonymousCounterpart {
  readonly kind: "anonymous";
  readonly direction: "offer" | "need";
  readonly resourceType: string;
  readonly quantity: { readonly band: Band; readonly unit: string };
  readonly temperature: Band | null;
  readonly distance: Band;
  readonly region: RegionRef | null;
  /** NACE rev.2 section letter of the organization's main activity. */
  readonly naceSection: string | null;
  readonly precision: Precision;
  readonly hazardClass: string | null;
}

/**
 * The counterpart named: `public` from the start, `revealed` after mutual interest (with
 * its contact). Facilitators and admins get it without `kind` (their role sees identities).
 */
export interface NamedCounterpart {
  readonly kind?: "public" | "revealed";
  readonly orgId: string;
  readonly orgName: string;
  readonly naceCode?: string | null;
  readonly flowId: string;
  readonly siteId: string;
  readonly siteName?: string | null;
  readonly location: { readonly lat: number; readonly lon: number };
  readonly region?: RegionRef | null;
  readonly direction: "offer" | "need";
  readonly resourceType: string;
  readonly annualQuantity: number;
  readonly unit: string;
  readonly temperatureC?: number | null;
  readonly precision?: Precision;
  readonly hazardClass?: string | null;
  /** After mutual interest only. */
  readonly contact?: Contact | null;
}

export type Counterpart = AnonymousCounterpart | NamedCounterpart;

export type DisclosureState = "anonymous" | "public" | "revealed" | "declined";
export type Decision = "interested" | "rejected";

/** Where a match's disclosure stands for the viewer's organization. */
export interface MatchDisclosure {
  readonly state: DisclosureState;
  readonly yourDecision: Decision | null;
  /** Only a decline is ever told; the counterpart's interest shows as the reveal. */
  readonly counterpartDecision: "declined" | null;
}

/** Who takes the match forward, and what pushed its complexity up. */
export interface RouteView {
  readonly decision: "auto" | "facilitator";
  readonly complexity: number;
  readonly drivers: readonly string[];
}

/** A heat pump placed between a too-cold supply and its demand. */
export interface HeatPumpView {
  readonly fromC: number;
  readonly toC: number;
  readonly liftK: number;
  readonly cop: number;
}

/** One match as any viewer may read it (a party's view or a cross-organization role's). */
export interface Match {
  readonly id: string;
  readonly rank: number;
  readonly score: number;
  /** The viewer's side (party views only). */
  readonly side?: "supply" | "demand";
  /** This match's share of its supply once every competing match is served (party views). */
  readonly allocation?: MatchAllocationView;
  /** The viewer's own flow (party views), or the flow the result was computed for. */
  readonly flowId?: string;
  /** Absent in facilitators' and admins' views (they see identities). */
  readonly disclosure?: MatchDisclosure;
  /** Null for the counterpart's side until it is named. */
  readonly supplyFlowId: string | null;
  readonly demandFlowId: string | null;
  readonly supplyOrgId?: string | null;
  readonly demandOrgId?: string | null;
  readonly offerType?: string;
  readonly needType?: string;
  /** Exact once named; null while anonymous (see `distance`). */
  readonly distanceKm: number | null;
  readonly distance?: Band;
  readonly coverage?: number | null;
  readonly coverageBand?: Band;
  readonly counterpart: Counterpart;
  readonly factors: Readonly<Record<string, Factor>>;
  readonly conversion?: string;
  readonly route: RouteView;
  readonly economics: Economics;
  readonly counterfactuals: readonly string[];
  /** Each counterfactual as codes and params, in the same order. */
  readonly counterfactualCodes?: readonly ReasonParts[];
}

/** One match as one of its parties sees it: everything a party view carries. */
export interface PartyMatch extends Match {
  readonly side: "supply" | "demand";
  readonly flowId: string;
  readonly disclosure: MatchDisclosure;
  readonly supplyOrgId: string | null;
  readonly demandOrgId: string | null;
  readonly offerType: string;
  readonly needType: string;
  readonly distance: Band;
  readonly coverage: number | null;
  readonly coverageBand: Band;
  readonly counterpart: AnonymousCounterpart | (NamedCounterpart & { readonly kind: "public" | "revealed" });
  readonly conversion: string;
  readonly heatPump: HeatPumpView | null;
  readonly needsHeatPump: boolean;
}

/**
 * How much of a shared supply a match gets when the supply's capacity is divided among
 * every need that wants it (an optimiser maximising the value delivered). Shares are rounded
 * to tenths while the counterpart is anonymous; the quantity only shows once it is named.
 */
export interface MatchAllocationView {
  /** Share of what this match would take alone that is left for it, 0–1. */
  readonly shareOfWish: number;
  /** Share of the supply's yearly capacity it gets, 0–1. */
  readonly shareOfSupply: number;
  /** Other matches competing for the same supply. */
  readonly competitors: number;
  /** Less than half of what this match would take is left for it: the supply is mostly taken. */
  readonly mostlyTaken: boolean;
  /** Supply units per year allocated (named counterparts only). */
  readonly suppliedQuantity?: number;
  /** One line for people. */
  readonly reason: string;
  /** The same line as codes and params (contract/reasons.ts). */
  readonly reasonCodes?: ReasonParts;
}

/** A near miss as a party sees it. */
export interface PartyNearMiss {
  readonly counterpart: Counterpart | null;
  readonly constraint: string;
  readonly reason: string;
  readonly counterfactual: string;
  /** `reason` as codes and params; empty when that reason has no code (the client shows `reason`). */
  readonly reasonCodes?: ReasonParts;
  /** `counterfactual` as codes and params. */
  readonly counterfactualCodes?: ReasonParts;
}

/** A flow's matches. */
export interface FlowMatches {
  readonly flowId: string;
  readonly matches: readonly Match[];
  readonly nearMisses?: readonly { readonly counterpart: Counterpart | null; readonly reason: string; readonly counterfactual: string }[];
}

/** `POST /matches/{id}/decision`: what a decision did. */
export interface DecisionResult {
  readonly matchId: string;
  readonly orgId: string;
  readonly decision: Decision;
  readonly withdrawn: boolean;
  /** This decision made both parties interested. */
  readonly revealed: boolean;
  readonly state: "interested" | "revealed" | "declined";
}
