/**
 * Proposals on the wire (`/proposals`, api/routes/proposals/presenter.ts). A party sees the
 * other side only as far as it is named to it: until then the counterpart's organization,
 * flow and the people who acted for it are null (or "counterpart").
 */

/** One line of a proposal's history: a status or deal step, or one party's consent. */
export interface ProposalHistoryEntry {
  readonly at: string;
  readonly kind: "status" | "deal" | "consent";
  /** Null when hidden from the viewer (the step was taken for the unnamed counterpart). */
  readonly actor: string | null;
  /** "counterpart" for the unnamed one. */
  readonly onBehalfOf: string | null;
  readonly mandateId: string | null;
  readonly from: string | null;
  readonly to: string;
  readonly note: string | null;
  readonly reason: unknown;
  readonly attachments: readonly unknown[];
}

export interface ProposalView {
  readonly id: string;
  readonly matchId: string | null;
  /** Null for the counterpart's side until it is named to you. */
  readonly fromOrg: string | null;
  readonly toOrg: string | null;
  readonly supplierOrg: string | null;
  readonly consumerOrg: string | null;
  readonly supplyFlowId: string | null;
  readonly demandFlowId: string | null;
  readonly counterpart: "named" | "anonymous";
  readonly resourceType: string;
  readonly message: string;
  readonly status: "pending" | "accepted" | "rejected" | "withdrawn";
  readonly allowedStatuses: readonly string[];
  readonly deal: {
    readonly state: string;
    readonly reason: unknown;
    readonly allowedNext: readonly string[];
    /** Parties that consented to contract ("counterpart" for the unnamed one). */
    readonly contractConsents: readonly string[];
    /** Parties whose consent the contract still waits for. */
    readonly awaitingConsent: readonly string[];
  };
  readonly createdBy: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** With `GET /proposals/{id}` only. */
  readonly history?: readonly ProposalHistoryEntry[];
}
