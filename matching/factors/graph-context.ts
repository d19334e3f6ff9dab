/**
 * Graph-context factor: organizations that already work together, or share a
 * facilitator, turn matches into partnerships far more often.
 */

/** 1 when already partners, 0.7 when a facilitator works with both, else 0.3. */
export function graphScore(partnered: boolean, sharedFacilitator: boolean): number {
  return partnered ? 1 : sharedFacilitator ? 0.7 : 0.3;
}

/** One-line reason. */
export function explainGraph(partnered: boolean, sharedFacilitator: boolean): string {
  return partnered
    ? "the two organizations already partner"
    : sharedFacilitator
      ? "a facilitator already works with both"
      : "no existing relationship";
}
