/**
 * Who hears what of a match event — the socket side of staged disclosure (DESIGN.md
 * "Trust and disclosure"; REST's counterpart is match-service/party-view.ts).
 *
 * Invariants, checked as properties in match-audience.test.ts:
 * - each party's room gets its own side in full; the counterpart's side is anonymized —
 *   no organization, flow or site id, and the location is only the centre of the site's
 *   H3 cell at {@link ANONYMOUS_RESOLUTION} — unless the counterpart is `disclosed` (it
 *   chose to be public, or both parties said interested);
 * - facilitators (route `facilitator`) get the full event: their role needs identities,
 *   and reads of them are audited on REST, where they act;
 * - a match withdrawn because one party declined tells the other party `declined`, never
 *   who declined beyond what it was already shown.
 */
import { cellToLatLng, latLngToCell } from "h3-js";
import { FACILITATORS_ROOM, orgRoom } from "./hub.ts";
import type { MatchEvent, MatchSide } from "../../contract/realtime.ts";

/** H3 resolution of an anonymized counterpart site (res 7 ≈ 5 km² a cell). */
export const ANONYMOUS_RESOLUTION = 7;

/** Which side of a match each party may see named. */
export interface Disclosed {
  /** The supply side is named to the demand party. */
  readonly supply: boolean;
  /** The demand side is named to the supply party. */
  readonly demand: boolean;
}

/** One emission: rooms and the payload they get. */
export interface Emission {
  readonly rooms: string[];
  readonly payload: MatchEvent;
}

/** A counterpart's side with nothing that identifies it: resource type and H3 cell. */
export function anonymousSide(s: MatchSide): MatchSide {
  if (s.lat === null || s.lon === null) return { siteId: null, lat: null, lon: null, resourceType: s.resourceType, cell: null };
  const cell = latLngToCell(s.lat, s.lon, ANONYMOUS_RESOLUTION);
  const [lat, lon] = cellToLatLng(cell);
  return { siteId: null, lat: Math.round(lat * 1e4) / 1e4, lon: Math.round(lon * 1e4) / 1e4, resourceType: s.resourceType, cell };
}

/** The event as one party sees it. */
export function forParty(m: MatchEvent, party: "supply" | "demand", counterpartDisclosed: boolean): MatchEvent {
  const base = { ...m, disclosure: counterpartDisclosed ? ("named" as const) : ("anonymous" as const) };
  if (counterpartDisclosed) return base;
  return party === "supply"
    ? { ...base, demandFlowId: null, demandOrgId: null, demand: anonymousSide(m.demand) }
    : { ...base, supplyFlowId: null, supplyOrgId: null, supply: anonymousSide(m.supply) };
}

/**
 * The emissions of one match event: one per party (its own view) and, for a match routed
 * to a facilitator, the full event to `facilitators`. `declinedBy` names the organization
 * whose rejection withdrew the match: the other party's payload says `declined`.
 */
export function matchAudiences(m: MatchEvent, disclosed: Disclosed, declinedBy?: string): Emission[] {
  const out: Emission[] = [];
  const reason = (orgId: string | null) => (declinedBy !== undefined && orgId !== declinedBy ? { reason: "declined" as const } : {});
  if (m.supplyOrgId !== null && m.supplyOrgId === m.demandOrgId) {
    // Both sides one organization: nothing to hide from itself.
    out.push({ rooms: [orgRoom(m.supplyOrgId, "match")], payload: { ...m, disclosure: "named" } });
  } else {
    if (m.supplyOrgId !== null) out.push({ rooms: [orgRoom(m.supplyOrgId, "match")], payload: { ...forParty(m, "supply", disclosed.demand), ...reason(m.supplyOrgId) } });
    if (m.demandOrgId !== null) out.push({ rooms: [orgRoom(m.demandOrgId, "match")], payload: { ...forParty(m, "demand", disclosed.supply), ...reason(m.demandOrgId) } });
  }
  if (m.route === "facilitator") out.push({ rooms: [FACILITATORS_ROOM], payload: { ...m, disclosure: "named", ...(declinedBy !== undefined ? { reason: "declined" as const } : {}) } });
  return out;
}
