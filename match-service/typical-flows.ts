/**
 * The flows a plant usually has, by its NACE code, for the engine's tie-break
 * (MatchContext.typicalFlows): the expectations of domain/flow-expectations.ts matched on
 * the code's class or group only — a division ("20", all of chemicals) is too broad to say
 * that one plant usually produces one material. Pure; memoized per code, since a region
 * holds few distinct codes.
 */
import { expectedFlowsFor } from "../domain/flow-expectations.ts";
import { typicalFlowKey } from "../matching/index.ts";

const cache = new Map<string, ReadonlySet<string>>();

/** `"offer:<type>"` / `"need:<type>"` keys a plant of this NACE code usually has (empty when unknown). */
export function typicalFlowsOfNace(naceCode: string): ReadonlySet<string> {
  const hit = cache.get(naceCode);
  if (hit) return hit;
  const { matchedOn, flows } = expectedFlowsFor(naceCode);
  const keys: ReadonlySet<string> = matchedOn === "class" || matchedOn === "group" ? new Set(flows.map((f) => typicalFlowKey(f.direction, f.resourceType))) : new Set();
  if (cache.size < 10_000) cache.set(naceCode, keys);
  return keys;
}

/** orgId → its typical flow keys, for the organizations whose NACE code is known. */
export function typicalFlowsOfOrgs(orgNace: ReadonlyMap<string, string>): Map<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>();
  for (const [org, nace] of orgNace) {
    const keys = typicalFlowsOfNace(nace);
    if (keys.size > 0) out.set(org, keys);
  }
  return out;
}
