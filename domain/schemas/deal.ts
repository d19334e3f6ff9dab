/**
 * The deal behind a proposal, from suggestion to a live partnership, and its
 * negotiation log. States move only through `deal-lifecycle.ts`.
 */
import { z } from "zod";
import { ExternalId, IsoDate, IsoDateTime, Version, bounded, freeText, shaped, text } from "./common.ts";
import { QuantitySchema, ResourceTypeIdSchema } from "./resource-flow.ts";

export const DEAL_STATES = ["suggested", "negotiating", "reserved", "contracted", "live", "failed", "cancelled"] as const;
export type DealState = (typeof DEAL_STATES)[number];

/** States a deal never leaves. */
export const TERMINAL_DEAL_STATES = ["failed", "cancelled"] as const satisfies readonly DealState[];

/** Why a deal ended: coded so the platform can learn which obstacles recur. */
export const DEAL_REASON_CODES = [
  "price",
  "distance",
  "quality",
  "regulatory",
  "volume",
  "timing",
  "counterparty",
  "other",
] as const;
export type DealReasonCode = (typeof DEAL_REASON_CODES)[number];

export const DealReasonSchema = z
  .object({
    code: z.enum(DEAL_REASON_CODES, { error: `must be one of ${DEAL_REASON_CODES.join(", ")}` }),
    note: freeText(2000).optional(),
  })
  .refine((r) => r.code !== "other" || r.note !== undefined, {
    error: 'must explain the reason when code is "other"',
    path: ["note"],
  });
export type DealReason = z.output<typeof DealReasonSchema>;

/** Metadata of a file attached to a negotiation step; the bytes live in object storage. */
export const AttachmentMetaSchema = z.object({
  name: text(255),
  // RFC 6838: type and subtype of at most 127 characters each.
  mediaType: shaped(255, /^[a-z]+\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i, "must be a media type like application/pdf"),
  bytes: z.int({ error: "must be a whole number of bytes" }).min(0, { error: "must be ≥ 0" }).max(100 * 1024 * 1024, {
    error: "must be at most 100 MiB",
  }),
  sha256: shaped(64, /^[0-9a-f]{64}$/, "must be 64 lower-case hex characters (SHA-256)"),
});
export type AttachmentMeta = z.output<typeof AttachmentMetaSchema>;

const dealState = z.enum(DEAL_STATES, { error: `must be one of ${DEAL_STATES.join(", ")}` });

/** One step of a negotiation: who moved the deal where, when, why, with which documents. */
export const NegotiationLogEntrySchema = z.object({
  at: IsoDateTime,
  actor: ExternalId,
  from: dealState,
  to: dealState,
  note: freeText(5000).optional(),
  attachments: z.array(AttachmentMetaSchema).max(20, { error: "must have at most 20 attachments" }),
  reason: DealReasonSchema.optional(),
});
export type NegotiationLogEntry = z.output<typeof NegotiationLogEntrySchema>;

/** What the parties agreed (or are discussing). */
export const DealTermsSchema = z.object({
  quantity: QuantitySchema.optional(),
  eurPerUnit: bounded(0, 1_000_000, "EUR").optional(),
  startDate: IsoDate.optional(),
  endDate: IsoDate.optional(),
});

const refs = {
  externalId: ExternalId,
  proposalId: ExternalId.optional(),
  matchId: ExternalId.optional(),
  supplyFlowId: ExternalId,
  demandFlowId: ExternalId,
  supplierId: ExternalId,
  consumerId: ExternalId,
  resourceType: ResourceTypeIdSchema,
  terms: DealTermsSchema.optional(),
};

/** Body of a deal creation; every deal starts as `suggested` with an empty log. */
export const DealCreateSchema = z.object(refs);

/** A stored deal. */
export const DealSchema = z.object({
  ...refs,
  state: dealState,
  reason: DealReasonSchema.optional(),
  log: z.array(NegotiationLogEntrySchema),
});

/** Body of a request to move a deal; the actor and time come from the request context. */
export const DealTransitionSchema = z
  .strictObject({
    to: dealState,
    note: freeText(5000).optional(),
    attachments: z.array(AttachmentMetaSchema.strict()).max(20, { error: "must have at most 20 attachments" }).optional(),
    reason: DealReasonSchema.strict().optional(),
    /** The party you act for, when you may act for both (a facilitator holding both mandates). */
    onBehalfOf: ExternalId.optional(),
    version: Version,
  })
  .superRefine((t, ctx) => {
    const terminal = (TERMINAL_DEAL_STATES as readonly string[]).includes(t.to);
    if (terminal && t.reason === undefined)
      ctx.addIssue({ code: "custom", path: ["reason"], message: `is required when a deal ends as ${t.to}` });
    if (!terminal && t.reason !== undefined)
      ctx.addIssue({ code: "custom", path: ["reason"], message: "is only given when a deal fails or is cancelled" });
  });

/** A live deal as the graph shows it: `(:Business)-[:PARTNERS_WITH {since, resource}]->(:Business)`. */
export const PartnershipSchema = z.object({
  dealId: ExternalId,
  supplierId: ExternalId,
  consumerId: ExternalId,
  resourceType: ResourceTypeIdSchema,
  since: IsoDate,
});

export type DealCreate = z.output<typeof DealCreateSchema>;
export type Deal = z.output<typeof DealSchema>;
export type DealTerms = z.output<typeof DealTermsSchema>;
export type DealTransition = z.output<typeof DealTransitionSchema>;
export type Partnership = z.output<typeof PartnershipSchema>;
