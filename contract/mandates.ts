/** Mandates on the wire (`/organizations/{id}/mandates`, `/facilitators/me/mandates`); ledgers/mandates.ts stores them. */

/**
 * What a mandate lets a facilitator do for the organization:
 * - `interest`: say interested in / reject matches;
 * - `proposals`: propose, accept, reject and withdraw proposals;
 * - `deals`: move deals (reserve, consent to the contract, go live, fail, cancel).
 */
export type MandateAct = "interest" | "proposals" | "deals";

/** A mandate as listed; `live` while neither revoked nor expired. */
export interface MandateView {
  readonly id: string;
  readonly orgId: string;
  readonly facilitatorId: string;
  readonly acts: readonly MandateAct[];
  readonly note: string | null;
  readonly grantedBy: string;
  readonly grantedAt: string;
  readonly expiresAt: string | null;
  readonly revokedBy: string | null;
  readonly revokedAt: string | null;
  readonly live: boolean;
}
