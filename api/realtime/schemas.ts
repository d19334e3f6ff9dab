/**
 * Every message crossing the realtime boundary, as zod schemas: what clients may emit,
 * what the NATS bridge accepts, and what the server emits (documented for the client).
 */
import { z } from "zod";
import { singleLine } from "../../domain/schemas/strings.ts";

const lon = (name: string) => z.number({ error: `${name} must be a number` }).min(-180, { error: `${name} must be -180..180` }).max(180, { error: `${name} must be -180..180` });
const lat = (name: string) => z.number({ error: `${name} must be a number` }).min(-90, { error: `${name} must be -90..90` }).max(90, { error: `${name} must be -90..90` });

/** `map:viewport`: the part of the map a client shows. `west > east` crosses the antimeridian. */
export const ViewportSchema = z
  .object({ west: lon("west"), south: lat("south"), east: lon("east"), north: lat("north") }, { error: "must be an object {west, south, east, north}" })
  .refine((v) => v.south <= v.north, { error: "must not be south of south", path: ["north"] });

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
});
export type ProposalChangedEvent = z.output<typeof ProposalChangedSchema>;

/** `import:progress` to `org:<id>`: a bulk import's progress. */
export const ImportProgressSchema = z.object({
  jobId: singleLine(64, { min: 1 }),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  status: z.enum(["receiving", "queued", "completed", "interrupted"]).optional(),
  imported: z.number().int().nonnegative().optional(),
  merged: z.number().int().nonnegative().optional(),
});
export type ImportProgress = z.output<typeof ImportProgressSchema>;

/**
 * One side of a match. A counterpart not yet disclosed to a party has no site id and its
 * lat/lon are the centre of its H3 `cell` (api/realtime/match-audience.ts).
 */
export interface MatchSide {
  readonly siteId: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly resourceType: string | null;
  /** Set when the side is anonymized: the H3 cell (res 7) the site lies in. */
  readonly cell?: string | null;
}

/**
 * `match:created` | `match:updated` | `match:withdrawn` | `match:revealed` payload (parties
 * and facilitators only). Each party gets its own copy: the counterpart's flow and
 * organization ids are null until it is disclosed (`disclosure: "named"`).
 */
export interface MatchEvent {
  readonly matchId: string;
  readonly score: number | null;
  readonly route: "auto" | "facilitator" | null;
  readonly supplyFlowId: string | null;
  readonly demandFlowId: string | null;
  readonly supplyOrgId: string | null;
  readonly demandOrgId: string | null;
  readonly supply: MatchSide;
  readonly demand: MatchSide;
  /** Ledger row id of the change (match_history.id): a client keeps the highest it has seen per match. */
  readonly revision: number | null;
  readonly at: string;
  /** Whether the recipient sees the counterpart named (absent on internal snapshots). */
  readonly disclosure?: "anonymous" | "named";
  /** On `match:withdrawn`: the counterpart declined the match. */
  readonly reason?: "declined";
}

/** `map:activity` payload to region rooms: anonymized, no organization or flow ids. */
export interface MapActivity {
  readonly kind: "match";
  readonly change: "created" | "updated" | "withdrawn";
  /** The H3 cell (res 5) of the site; lat/lon are that cell's centre, never the site itself. */
  readonly cell: string;
  readonly lat: number;
  readonly lon: number;
  readonly side: "supply" | "demand";
  readonly resourceType: string | null;
  readonly at: string;
}

/** `queue:changed` payload to `facilitators`. */
export interface QueueChanged {
  readonly matchId: string;
  readonly action: "claimed" | "assigned" | "released";
  readonly facilitatorId: string | null;
  readonly previousFacilitatorId: string | null;
  readonly by: string;
  readonly at: string;
}

/** `error` payload: which client event was refused and the field at fault. */
export interface RealtimeError {
  readonly event: string;
  readonly code: "VALIDATION_FAILED" | "VIEWPORT_TOO_LARGE" | "FORBIDDEN";
  readonly field: string;
  readonly message: string;
  readonly errors: readonly { field: string; message: string }[];
}

/** The `error` payload for a zod failure of a client event. */
export function validationError(event: string, error: z.ZodError): RealtimeError {
  const errors = error.issues.map((i) => ({ field: i.path.map(String).join(".") || "(payload)", message: i.message }));
  return { event, code: "VALIDATION_FAILED", field: errors[0]?.field ?? "(payload)", message: errors.map((e) => `${e.field}: ${e.message}`).join("; "), errors };
}
