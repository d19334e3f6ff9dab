/**
 * Which socket events a principal may receive — the same answer REST gives. Users receive
 * every family of their organizations' events; an API key receives a family only when
 * its scopes let it read that family over REST (a `flows:read` key gets no `match:*` and
 * no `proposal:changed`). Enforced as room membership decided at join: the bridge emits
 * each event to its family's room, so a socket outside the room never sees it.
 */
import type { ApiKeyScope } from "../../ledgers/api-keys.ts";
import { isCrossOrg, type Principal } from "../auth/principal.ts";
import { FACILITATORS_ROOM, orgRoom, sessionRoom, userRoom, type OrgEventFamily } from "./hub.ts";

/** Every family of socket events and the API-key scope REST asks for the same data. */
export const EVENT_FAMILY_SCOPES = {
  match: "matches:read",
  proposal: "proposals:read",
  import: "flows:read",
  /** `map:activity` of map viewports, like GET /map/*. */
  map: "flows:read",
  /** `alert:fired`: no key scope reads alerts over REST (carbon and alerts are for people), so no key gets it. */
  alert: null,
} as const satisfies Record<OrgEventFamily | "map", ApiKeyScope | null>;

export type EventFamily = keyof typeof EVENT_FAMILY_SCOPES;

/** The families of events this principal may receive. */
export function familiesOf(p: Principal): EventFamily[] {
  const all = Object.keys(EVENT_FAMILY_SCOPES) as EventFamily[];
  if (p.kind !== "api_key") return all;
  return all.filter((f) => {
    const scope = EVENT_FAMILY_SCOPES[f];
    return scope !== null && (p.scopes?.includes(scope) ?? false);
  });
}

/** May this principal receive this family? */
export const mayReceive = (p: Principal, family: EventFamily) => familiesOf(p).includes(family);

/**
 * The rooms a principal's socket joins: each organization's room of each family it may
 * receive, `facilitators` for cross-organization roles, its own user room and, for a
 * login, its session's room (where logout and expiry reach it).
 */
export function roomsOf(p: Principal): string[] {
  const families = familiesOf(p).filter((f): f is OrgEventFamily => f !== "map");
  const orgIds = [...new Set(p.memberships.map((m) => m.orgId))];
  const rooms = orgIds.flatMap((orgId) => families.map((f) => orgRoom(orgId, f)));
  if (isCrossOrg(p)) rooms.push(FACILITATORS_ROOM);
  rooms.push(userRoom(p.id));
  if (p.sessionId) rooms.push(sessionRoom(p.sessionId));
  return rooms;
}
