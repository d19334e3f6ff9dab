/**
 * Shapes of the API responses the client reads (see /openapi.json; matches:
 * api/routes/matching/presenter.ts and match-service/party-view.ts; proposals:
 * api/routes/proposals/presenter.ts; map: api/routes/map/presenter.ts).
 */
export interface Range {
  readonly low: number;
  readonly mid: number;
  readonly high: number;
}

/** A figure shown only as the band [low, high) it falls in; `high` null for an open top band. */
export interface Band {
  readonly low: number;
  readonly high: number | null;
}

export interface Factor {
  readonly score: number;
  readonly weight: number;
  readonly reason: string;
}

/** Economics of a match whose counterpart is named: exact figures. */
export interface ExactEconomics {
  readonly banded?: false;
  readonly transportMode?: string;
  readonly capexEur: number;
  readonly annualSavingsEur: number;
  readonly npvEur: Range;
  readonly paybackYears: number | null;
  readonly co2AvoidedTPerYear: Range;
  readonly irr?: number | null;
}

/** Economics of an anonymous match: every money figure a band, no price or gross value. */
export interface BandedEconomics {
  readonly banded: true;
  readonly transportMode?: string;
  readonly capexEur: Band;
  readonly annualSavingsEur: Band;
  readonly npvEur: Band;
  readonly paybackYears: Band | null;
  readonly co2AvoidedTPerYear: Band;
  readonly uncertainty?: number;
}

export type Economics = ExactEconomics | BandedEconomics;

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

export const isAnonymous = (c: Counterpart): c is AnonymousCounterpart => c.kind === "anonymous";

export type DisclosureState = "anonymous" | "public" | "revealed" | "declined";
export type Decision = "interested" | "rejected";

/** Where a match's disclosure stands for the viewer's organization. */
export interface MatchDisclosure {
  readonly state: DisclosureState;
  readonly yourDecision: Decision | null;
  /** Only a decline is ever told; the counterpart's interest shows as the reveal. */
  readonly counterpartDecision: "declined" | null;
}

export interface Match {
  readonly id: string;
  readonly rank: number;
  readonly score: number;
  /** The viewer's side (party views only). */
  readonly side?: "supply" | "demand";
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
  readonly route: { decision: "auto" | "facilitator"; complexity: number; drivers: readonly string[] };
  readonly economics: Economics;
  readonly counterfactuals: readonly string[];
}

export interface FlowMatches {
  readonly flowId: string;
  readonly matches: Match[];
  readonly nearMisses?: { counterpart: Counterpart | null; reason: string; counterfactual: string }[];
}

/** POST /matches/:id/decision. */
export interface DecisionResult {
  readonly matchId: string;
  readonly orgId: string;
  readonly decision: Decision;
  readonly withdrawn: boolean;
  /** This decision made both parties interested. */
  readonly revealed: boolean;
  readonly state: "interested" | "revealed" | "declined";
}

export interface Flow {
  readonly id: string;
  readonly siteId: string;
  readonly orgId: string;
  readonly direction: "offer" | "need";
  readonly resourceType: string;
  readonly quantity: { value: number; unit: string };
  readonly precision: string;
  readonly version: number;
}

export interface Site {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly version: number;
}

export type OrgDisclosure = "confidential" | "public";

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly naceCode: string;
  readonly size: string | null;
  readonly disclosure: OrgDisclosure;
  readonly contact: Contact | null;
  readonly version: number;
  readonly updatedAt: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface ResourceType {
  readonly id: string;
  readonly label: string;
  readonly category: string;
  readonly acceptedUnits: string[];
}

export interface ProposalHistoryEntry {
  readonly at: string;
  readonly kind?: "status" | "deal" | "consent";
  readonly actor: string | null;
  readonly onBehalfOf?: string | null;
  readonly mandateId?: string | null;
  readonly from?: string;
  readonly to?: string;
  readonly note?: string | null;
}

export interface Proposal {
  readonly id: string;
  readonly matchId: string | null;
  /** Null for the counterpart's side until it is named to you. */
  readonly fromOrg: string | null;
  readonly toOrg: string | null;
  readonly supplierOrg?: string | null;
  readonly consumerOrg?: string | null;
  readonly supplyFlowId?: string | null;
  readonly demandFlowId?: string | null;
  readonly counterpart?: "named" | "anonymous";
  readonly resourceType?: string | null;
  readonly message: string;
  readonly status: "pending" | "accepted" | "rejected" | "withdrawn";
  readonly allowedStatuses: string[];
  readonly deal: {
    state: string;
    reason: unknown;
    allowedNext: string[];
    /** Parties that consented to contract ("counterpart" for the unnamed one). */
    contractConsents?: string[];
    /** Parties whose consent the contract still waits for. */
    awaitingConsent?: string[];
  };
  readonly version: number;
  readonly createdAt: string;
  readonly history?: ProposalHistoryEntry[];
}

export type MandateAct = "interest" | "proposals" | "deals";
export const MANDATE_ACTS: readonly MandateAct[] = ["interest", "proposals", "deals"];

export interface Mandate {
  readonly id: string;
  readonly orgId: string;
  readonly facilitatorId: string;
  readonly acts: readonly MandateAct[];
  readonly note: string | null;
  readonly grantedBy: string;
  readonly grantedAt: string;
  readonly expiresAt: string | null;
  readonly revokedBy: string | null;
  readonly revokedAt: string | null;
  readonly live: boolean;
}

export interface Facilitator {
  readonly id: string;
  readonly displayName: string | null;
}

export type MapRole = "supplier" | "consumer" | "both" | "none";

/** A named site: your own, or a public organization's. */
export interface MapSiteProps {
  readonly kind?: "site";
  readonly id: string;
  readonly role: MapRole;
  readonly resourceTypes: string[];
  readonly own: boolean;
  readonly name?: string;
  /** Added by the client: the category of the first resource type. */
  category?: string;
}

/** Confidential organizations' sites of one H3 cell: no id, no name, the cell's centre. */
export interface MapCellProps {
  readonly kind: "cell";
  readonly id: string;
  readonly cell: string;
  readonly role: MapRole;
  readonly resourceTypes: string[];
  readonly own: false;
  readonly sites: number;
  category?: string;
}

export interface MapFeature<P> {
  readonly type: "Feature";
  readonly id: string;
  readonly geometry: { type: "Point"; coordinates: [number, number] };
  readonly properties: P;
}

export interface SiteCollection {
  readonly type: "FeatureCollection";
  readonly features: MapFeature<MapSiteProps | MapCellProps>[];
  readonly truncated: boolean;
}

/** A member of an organization and their role (GET /organizations/{id}/members). */
export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: "org_admin" | "org_member";
}
