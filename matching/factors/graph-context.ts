/**
 * Graph-context factor: organizations that already work together, or share a
 * facilitator, turn matches into partnerships far more often.
 */
import { part, reasonText, type ReasonParts } from "../reasons.ts";

/** 1 when already partners, 0.7 when a facilitator works with both, else 0.3. */
export function graphScore(partnered: boolean, sharedFacilitator: boolean): number {
  return partnered ? 1 : sharedFacilitator ? 0.7 : 0.3;
}

/** One-line reason. */
export function explainGraph(partnered: boolean, sharedFacilitator: boolean): string {
  return reasonText(graphParts(partnered, sharedFacilitator));
}

/** The graph reason's coded part. */
export function graphParts(partnered: boolean, sharedFacilitator: boolean): ReasonParts {
  return [part(partnered ? "graph.partners" : sharedFacilitator ? "graph.sharedFacilitator" : "graph.none")];
}
