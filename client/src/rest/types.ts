/** Shapes of the API responses the client reads (see /openapi.json and match-service/service.ts). */
export interface Range {
  readonly low: number;
  readonly mid: number;
  readonly high: number;
}

export interface Factor {
  readonly score: number;
  readonly weight: number;
  readonly reason: string;
}

export interface Economics {
  readonly transportMode?: string;
  readonly capexEur: number;
  readonly annualSavingsEur: number;
  readonly npvEur: Range;
  readonly paybackYears: number | null;
  readonly co2AvoidedTPerYear: Range;
  readonly irr?: number | null;
}

export interface Counterpart {
  readonly orgId: string;
  readonly orgName: string;
  readonly flowId: string;
  readonly siteId: string;
  readonly location: { readonly lat: number; readonly lon: number };
  readonly direction?: "offer" | "need";
  readonly resourceType: string;
  readonly annualQuantity: number;
  readonly unit: string;
}

export interface Match {
  readonly id: string;
  readonly rank: number;
  readonly score: number;
  readonly flowId?: string;
  readonly supplyFlowId: string;
  readonly demandFlowId: string;
  readonly supplyOrgId?: string;
  readonly demandOrgId?: string;
  readonly offerType?: string;
  readonly needType?: string;
  readonly distanceKm: number;
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

export interface Proposal {
  readonly id: string;
  readonly matchId: string | null;
  readonly fromOrg: string;
  readonly toOrg: string;
  readonly resourceType?: string | null;
  readonly message: string;
  readonly status: "pending" | "accepted" | "rejected" | "withdrawn";
  readonly allowedStatuses: string[];
  readonly deal: { state: string; reason: unknown; allowedNext: string[] };
  readonly version: number;
  readonly createdAt: string;
  readonly history?: { at: string; actor: string; from?: string; to?: string; note?: string }[];
}

export interface MapSiteProps {
  readonly id: string;
  readonly role: "supplier" | "consumer" | "both" | "none";
  readonly resourceTypes: string[];
  readonly own: boolean;
  readonly name?: string;
  /** Added by the client: the category of the first resource type. */
  category?: string;
}

export interface SiteCollection {
  readonly type: "FeatureCollection";
  readonly features: { type: "Feature"; id: string; geometry: { type: "Point"; coordinates: [number, number] }; properties: MapSiteProps }[];
  readonly truncated: boolean;
}
