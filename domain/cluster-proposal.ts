/**
 * How a cluster proposal moves: every member must accept it, any one may reject it.
 * `open` until then; `accepted` only when every member accepted, `rejected` as soon as one
 * rejected; `accepted`, `rejected` and `withdrawn` are closed (no decision changes them).
 */
import type { ClusterDecision, ClusterProposalStatus } from "./schemas/cluster-proposal.ts";

/** The status that follows from the members' decisions (null: not decided yet). */
export function clusterStatusOf(decisions: readonly (ClusterDecision | null)[]): ClusterProposalStatus {
  if (decisions.includes("rejected")) return "rejected";
  return decisions.length > 0 && decisions.every((d) => d === "accepted") ? "accepted" : "open";
}

/** True when no decision may change the proposal any more. */
export const isClosedClusterStatus = (s: ClusterProposalStatus) => s !== "open";
