/**
 * Sites and flows are named by their organization: the id a client gives ("plant-1") is
 * its own, and another organization may use the same one. In the graph every node still
 * has one globally unique `id`: the client's id when no one else holds it, otherwise
 * `<orgId>~<externalId>` (`~` cannot occur in an external id, so the two forms never
 * collide). Clients only ever see and send their own form; the scoped form is for roles
 * that work across organizations.
 *
 * Invariant: `externalOf(scopedId(org, x)) === x` and `externalOf(x) === x` for every
 * external id x, so presenting an owner's id never needs a lookup.
 */
import { shaped } from "./schemas/strings.ts";

/** Between the organization and the client's id in a scoped node id. */
export const SCOPE_SEPARATOR = "~";

/** The node id of an organization's record whose external id someone else already holds. */
export function scopedId(orgId: string, externalId: string): string {
  return `${orgId}${SCOPE_SEPARATOR}${externalId}`;
}

/** The client's own id of a node id (the id itself unless scoped). */
export function externalOf(nodeId: string): string {
  const at = nodeId.indexOf(SCOPE_SEPARATOR);
  return at < 0 ? nodeId : nodeId.slice(at + 1);
}

/** The node ids an organization's external id may be stored under, in the order to try. */
export function candidateNodeIds(orgId: string, externalId: string): [string, string] {
  return [externalId, scopedId(orgId, externalId)];
}

/** A reference a route accepts: an external id, or (for cross-organization roles) a scoped node id. */
// One string schema rather than a union of the two forms: one error for one bad value, and
// one plain string type in the API description.
export const NodeRef = shaped(257, /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}(~[A-Za-z0-9][A-Za-z0-9._:-]{0,127})?$/, "must be an id of 1–128 letters, digits, '.', '_', ':' or '-'").meta({ examples: ["acme-plant"] });

/**
 * The id a viewer is shown for a node: the owner's members see their own form (the id they
 * gave), everyone else the node id, which names the record unambiguously.
 */
export function presentedId(nodeId: string, ownerOrgId: string, viewerOrgIds: readonly string[]): string {
  return viewerOrgIds.includes(ownerOrgId) ? externalOf(nodeId) : nodeId;
}
