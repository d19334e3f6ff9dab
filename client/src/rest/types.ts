/**
 * Shapes of the API responses the client reads: the wire contract (contract/, which the
 * server's presenters are typed against), under the names the views use, plus what the
 * client adds on its side (map categories) and the few runtime helpers over them.
 */
import type { AnonymousCounterpart, Counterpart } from "../../../contract/matches.ts";
import type { MandateAct } from "../../../contract/mandates.ts";
import type { MapCellProps as WireCellProps, MapFeature, MapSiteProps as WireSiteProps, SiteCollection as WireSiteCollection } from "../../../contract/map.ts";

export type {
  AnonymousCounterpart,
  Band,
  BandedEconomics,
  CodedReason,
  PriceBasis,
  Contact,
  Counterpart,
  Decision,
  DecisionResult,
  DisclosureState,
  Economics,
  ExactEconomics,
  Factor,
  FlowMatches,
  Match,
  MatchDisclosure,
  NamedCounterpart,
  Precision,
  Range,
  ReasonParam,
  ReasonParts,
  RegionRef,
} from "../../../contract/matches.ts";
export type { FlowView as Flow } from "../../../contract/flows.ts";
export type { SiteView as Site } from "../../../contract/sites.ts";
export type { FacilitatorView as Facilitator, InvitationPreview, InvitationView as Invitation, MemberView as Member, OrganizationView as Organization, OrgDisclosure } from "../../../contract/organizations.ts";
export type { Page } from "../../../contract/page.ts";
export type { ResourceType } from "../../../contract/taxonomy.ts";
export type { ProposalHistoryEntry, ProposalView as Proposal } from "../../../contract/proposals.ts";
export type { MandateAct, MandateView as Mandate } from "../../../contract/mandates.ts";
export type { MapFeature, MapRole } from "../../../contract/map.ts";

export const isAnonymous = (c: Counterpart): c is AnonymousCounterpart => c.kind === "anonymous";

/** Every act, in the order the mandate form lists them. */
export const MANDATE_ACTS: readonly MandateAct[] = ["interest", "proposals", "deals"];

/** A named site's properties, with what the client adds: the category of the first resource type. */
export type MapSiteProps = WireSiteProps & { category?: string };

/** A cell's properties, with the client's category. */
export type MapCellProps = WireCellProps & { category?: string };

/** The map's sites as the client holds them (properties carry the client's category). */
export interface SiteCollection extends Omit<WireSiteCollection, "features"> {
  readonly features: MapFeature<MapSiteProps | MapCellProps>[];
}
