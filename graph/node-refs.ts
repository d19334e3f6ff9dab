/**
 * From the id a client sends to the node it means, and the node id a new record goes under
 * (domain/node-ref.ts states the id scheme). Both answer from the caller's own
 * organizations only, so what they decide never depends on whether another organization
 * holds the same id — that is what keeps a create or a read from being an existence oracle.
 */
import type { Driver } from "neo4j-driver";
import { candidateNodeIds, scopedId, SCOPE_SEPARATOR } from "../domain/node-ref.ts";

/** The labels whose ids an organization names itself (domain/node-ref.ts). */
export type NodeLabel = "Site" | "ResourceFlow";

/**
 * The node a reference names for a caller of `orgIds`: the caller's own record stored
 * under a scoped id when there is one, else the reference as given (which may be someone
 * else's node; the caller's read rules decide what that answers). A scoped reference is
 * taken as it is.
 */
export async function resolveNodeRef(neo4j: Driver, label: NodeLabel, ref: string, orgIds: readonly string[]): Promise<string> {
  if (ref.includes(SCOPE_SEPARATOR) || orgIds.length === 0) return ref;
  const own = await ownNodeIds(neo4j, label, orgIds.map((orgId) => ({ orgId, id: ref })));
  return orgIds.map((orgId) => own(orgId, ref)).find((id) => id !== ref) ?? ref;
}

/**
 * The node id under which `orgId`'s record with this external id is (or would be) stored:
 * the external id itself unless another organization holds it, then the scoped id.
 */
export async function nodeIdFor(neo4j: Driver, label: NodeLabel, orgId: string, externalId: string): Promise<string> {
  const [plain, scoped] = candidateNodeIds(orgId, externalId);
  const holder = (await nodeOrgs(neo4j, label, [plain])).get(plain);
  if (holder === undefined || holder === orgId) return plain;
  return scoped;
}

/** Organization of each existing node of these ids. */
export async function nodeOrgs(neo4j: Driver, label: NodeLabel, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { records } = await neo4j.executeQuery(
    `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN n.id AS id, n.orgId AS orgId`,
    { ids: [...new Set(ids)] },
    { routing: "READ" },
  );
  return new Map(records.map((r) => [r.get("id") as string, r.get("orgId") as string]));
}

/**
 * Where each organization's id of a batch is stored: under its scoped node id when the
 * organization has a record there (created while another held the plain id, see
 * domain/node-ref.ts), else the id as given — so an owner reaches its own records by the
 * ids it gave them on every write path.
 */
export async function ownNodeIds(neo4j: Driver, label: NodeLabel, refs: readonly { orgId: string; id: string }[]): Promise<(orgId: string, id: string) => string> {
  const scoped = await nodeOrgs(neo4j, label, refs.map((r) => scopedId(r.orgId, r.id)));
  return (orgId, id) => (scoped.get(scopedId(orgId, id)) === orgId ? scopedId(orgId, id) : id);
}
