/**
 * From the id a client sends to the node it means, and the node id a new record goes under
 * (domain/node-ref.ts states the id scheme). Both answer from the caller's own
 * organizations only, so what they decide never depends on whether another organization
 * holds the same id — that is what keeps a create or a read from being an existence oracle.
 */
import type { Driver } from "neo4j-driver";
import { candidateNodeIds, scopedId, SCOPE_SEPARATOR } from "../domain/node-ref.ts";
import { readEntities, type EntityLabel } from "./entity-store.ts";

/**
 * The node a reference names for a caller of `orgIds`: the caller's own record stored
 * under a scoped id when there is one, else the reference as given (which may be someone
 * else's node; the caller's read rules decide what that answers). A scoped reference is
 * taken as it is.
 */
export async function resolveNodeRef(neo4j: Driver, label: EntityLabel, ref: string, orgIds: readonly string[]): Promise<string> {
  if (ref.includes(SCOPE_SEPARATOR) || orgIds.length === 0) return ref;
  const scoped = orgIds.map((org) => scopedId(org, ref));
  const found = await readEntities(neo4j, label, scoped);
  return scoped.find((id) => found.get(id)?.orgId !== undefined && orgIds.includes(found.get(id)!.orgId)) ?? ref;
}

/**
 * The node id under which `orgId`'s record with this external id is (or would be) stored:
 * the external id itself unless another organization holds it, then the scoped id.
 */
export async function nodeIdFor(neo4j: Driver, label: EntityLabel, orgId: string, externalId: string): Promise<string> {
  const [plain, scoped] = candidateNodeIds(orgId, externalId);
  const found = await readEntities(neo4j, label, [plain, scoped]);
  const holder = found.get(plain)?.orgId;
  if (holder === undefined || holder === orgId) return plain;
  return scoped;
}
