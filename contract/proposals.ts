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

/** Something the viewer may do now, with its present-tense label ("Accept", "Withdraw", "Reserve"). */
export interface ProposalAction {
  /** `status`: POST /proposals/{id}/status; `deal`: POST /proposals/{id}/deal. */
  readonly kind: "status" | "deal";
  readonly to: string;
  readonly label: string;
  /** Ending a deal (failed, cancelled) needs a coded reason. */
  readonly needsReason?: boolean;
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
  /** Organization names, null while hidden from you. */
  readonly fromName: string | null;
  readonly toName: string | null;
  /** How to call each side: its name, or "an anonymous supplier/consumer" before reveal. */
  readonly fromLabel: string;
  readonly toLabel: string;
  /** What you may do now (only acts your role and mandates allow). */
  readonly actions: readonly ProposalAction[];
  /** The next step, in a sentence. */
  readonly nextStep: string;
  /**
   * The next step as a stable code, for a client that says it in its own language with the
   * sides' labels: pending.decide | pending.waitOrWithdraw | pending.wait | rejected |
   * withdrawn | suggested.act | suggested.wait | negotiating.act | negotiating.wait |
   * reserved.consentBoth | reserved.consentYours | reserved.waiting | contracted | live | ended.
   */
  readonly nextStepCode: string;
  readonly links: { readonly self: string; readonly match: string | null };
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
