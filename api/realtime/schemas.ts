/**
 * What crosses the realtime boundary inward, as zod schemas: what clients may emit and
 * what the NATS bridge accepts. What the server emits is the wire contract,
 * contract/realtime.ts; each schema here whose output reaches clients is checked against it
 * (`satisfies`), so a schema that drifts from the contract fails tsc.
 */
import { z } from "zod";
import type { AlertFired, ClusterProposalChanged, ImportProgress, ProposalChanged, RealtimeError, Viewport } from "../../contract/realtime.ts";
import { CLUSTER_PROPOSAL_STATUSES } from "../../domain/schemas/cluster-proposal.ts";
import { singleLine } from "../../domain/schemas/strings.ts";

const lon = (name: string) => z.number({ error: `${name} must be a number` }).min(-180, { error: `${name} must be -180..180` }).max(180, { error: `${name} must be -180..180` });
const lat = (name: string) => z.number({ error: `${name} must be a number` }).min(-90, { error: `${name} must be -90..90` }).max(90, { error: `${name} must be -90..90` });

/** `map:viewport`: the part of the map a client shows. `west > east` crosses the antimeridian. */
export const ViewportSchema = z
  .object({ west: lon("west"), south: lat("south"), east: lon("east"), north: lat("north") }, { error: "must be an object {west, south, east, north}" })
  .refine((v) => v.south <= v.north, { error: "must not be south of south", path: ["north"] }) satisfies z.ZodType<Viewport>;

/** Handshake credentials: `auth: { token }` (JWT) or `auth: { apiKey }`. */
export const HandshakeAuthSchema = z.object({
  token: singleLine(4096, { min: 1 }).optional(),
  apiKey: singleLine(512, { min: 1 }).optional(),
});

/** `<P>.matches.updated` as published by the matching worker (and the decision route). */
export const MatchesUpdatedSchema = z.object({
  flowId: singleLine(257, { min: 1 }),
  matchIds: z.array(singleLine(257, { min: 1 })).max(10_000),
  orgIds: z.array(singleLine(128, { min: 1 })).max(10_000).optional(),
  version: z.number().int().nonnegative().optional(),
  change: z.enum(["created", "updated", "deleted"]).optional(),
  decision: z.enum(["interested", "rejected"]).optional(),
  /** The decision made both parties interested: `match:revealed` to both. */
  revealed: z.boolean().optional(),
  /** The organization that decided (a rejection: the other party hears `declined`). */
  decidedBy: singleLine(128, { min: 1 }).optional(),
});
export type MatchesUpdatedEvent = z.output<typeof MatchesUpdatedSchema>;

/** `<P>.proposals.changed` as published by api/commands/proposals.ts. */
export const ProposalChangedSchema = z.object({
  type: z.literal("proposal.changed"),
  id: singleLine(128, { min: 1 }),
  /** The match the proposal takes up: its disclosure decides whether each side is named. */
  matchId: singleLine(257, { min: 1 }).nullable().optional(),
  fromOrg: singleLine(128, { min: 1 }),
  toOrg: singleLine(128, { min: 1 }),
  status: singleLine(64),
  dealState: singleLine(64),
  version: z.number().int(),
  at: singleLine(64),
}) satisfies z.ZodType<ProposalChanged>;
export type ProposalChangedEvent = z.output<typeof ProposalChangedSchema>;

/**
 * `<P>.proposals.cluster-changed` as published by api/commands/cluster-proposals.ts: what
 * members' sockets get, plus the member organizations whose rooms it goes to.
 */
export const ClusterProposalChangedSchema = z.object({
  type: z.literal("cluster_proposal.changed"),
  id: singleLine(128, { min: 1 }),
  clusterId: singleLine(257, { min: 1 }),
  status: z.enum(CLUSTER_PROPOSAL_STATUSES),
  version: z.number().int(),
  decided: z.number().int().nonnegative(),
  members: z.number().int().positive(),
  at: singleLine(64),
  memberOrgs: z.array(singleLine(128, { min: 1 })).min(1).max(64),
}) satisfies z.ZodType<ClusterProposalChanged & { memberOrgs: string[] }>;
export type ClusterProposalChangedEvent = z.output<typeof ClusterProposalChangedSchema>;

/** `<P>.alerts.fired` as published by the alert evaluator (projections/carbon/alert-evaluator.ts). */
export const AlertFiredSchema = z.object({
  type: z.literal("alert.fired"),
  firingId: singleLine(64, { min: 1 }),
  alertId: singleLine(64, { min: 1 }),
  orgId: singleLine(128, { min: 1 }),
  name: singleLine(200),
  metric: singleLine(64, { min: 1 }),
  stage: z.enum(["potential", "in_progress", "realised"]),
  windowDays: z.number().int().positive(),
  comparison: z.enum(["above", "below"]),
  threshold: z.number(),
  value: z.number(),
  windowFrom: singleLine(10),
  evaluatedDay: singleLine(10),
  firedAt: singleLine(64),
}) satisfies z.ZodType<AlertFired>;
export type AlertFiredEvent = z.output<typeof AlertFiredSchema>;

/** `import:progress` to `org:<id>`: a bulk import's progress. */
export const ImportProgressSchema = z.object({
  jobId: singleLine(64, { min: 1 }),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  status: z.enum(["receiving", "queued", "completed", "interrupted"]).optional(),
  imported: z.number().int().nonnegative().optional(),
  merged: z.number().int().nonnegative().optional(),
}) satisfies z.ZodType<ImportProgress>;

/** The `error` payload for a zod failure of a client event. */
export function validationError(event: string, error: z.ZodError): RealtimeError {
  const errors = error.issues.map((i) => ({ field: i.path.map(String).join(".") || "(payload)", message: i.message }));
  return { event, code: "VALIDATION_FAILED", field: errors[0]?.field ?? "(payload)", message: errors.map((e) => `${e.field}: ${e.message}`).join("; "), errors };
}
