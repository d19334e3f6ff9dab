/**
 * The realtime wire: every payload the Socket.IO server emits to browsers, and what a
 * browser may emit. Type-only, shared by the server (api/realtime/, which types what it
 * emits against these) and the client (client/src/live/), so the two cannot drift apart.
 * The server's zod schemas of what it accepts live in api/realtime/schemas.ts.
 */

/** `map:viewport` (client → server): the part of the map a client shows. `west > east` crosses the antimeridian. */
export interface Viewport {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/**
 * What the server adds to an event about how it came about: the id of the request (REST
 * write or import) whose change caused it, carried through the NATS headers
 * (platform/request-context.ts), to find its lines in the api's and workers' logs.
 * Absent when nothing carried one (a seed, a reconciler run).
 */
export interface EventMeta {
  readonly requestId?: string;
}

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
 * organization ids are null until it is disclosed (`disclosure: "named"` — public, or both
 * said interested).
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
  /** On `match:withdrawn`: the counterpart declined the match (who is never told beyond what the recipient saw). */
  readonly reason?: "declined";
  readonly meta?: EventMeta;
}

/**
 * `proposal:changed` payload to both organizations and facilitators: the side not yet
 * named to the recipient is null.
 */
export interface ProposalChanged {
  readonly type: "proposal.changed";
  readonly id: string;
  /** The match the proposal takes up: its disclosure decides whether each side is named. */
  readonly matchId?: string | null;
  readonly fromOrg: string | null;
  readonly toOrg: string | null;
  readonly status: string;
  readonly dealState: string;
  readonly version: number;
  readonly at: string;
  readonly meta?: EventMeta;
}

/**
 * `cluster_proposal:changed` to each member organization's `org:<id>:proposal` room: a
 * multi-party proposal was made, decided by one member, accepted by all, rejected or
 * withdrawn. It names no organization — the members and their split are read over REST
 * (`GET /cluster-proposals/{id}`), which applies the disclosure rules to the reader.
 */
export interface ClusterProposalChanged {
  readonly type: "cluster_proposal.changed";
  readonly id: string;
  readonly clusterId: string;
  readonly status: "open" | "accepted" | "rejected" | "withdrawn";
  readonly version: number;
  /** How many members have decided, and how many there are. */
  readonly decided: number;
  readonly members: number;
  readonly at: string;
  readonly meta?: EventMeta;
}

/**
 * `alert:fired` to the organization's `org:<id>:alert` room (its members, never an API
 * key): one of its threshold alerts fired for a day. Sent once per alert and day, whichever
 * worker evaluated it; the firing is read and acknowledged over REST
 * (`GET /organizations/{id}/alert-firings`).
 */
export interface AlertFired {
  readonly type: "alert.fired";
  readonly firingId: string;
  readonly alertId: string;
  readonly orgId: string;
  readonly name: string;
  /** A carbon rollup metric (`co2_avoided_t`, `energy_mwh`…) of one stage. */
  readonly metric: string;
  readonly stage: "potential" | "in_progress" | "realised";
  readonly windowDays: number;
  readonly comparison: "above" | "below";
  readonly threshold: number;
  /** The metric's sum over the window `windowFrom`..`evaluatedDay` (inclusive). */
  readonly value: number;
  readonly windowFrom: string;
  readonly evaluatedDay: string;
  readonly firedAt: string;
  readonly meta?: EventMeta;
}

/** `import:progress` to `org:<id>`: a bulk import's progress. */
export interface ImportProgress {
  readonly jobId: string;
  readonly done: number;
  readonly total: number;
  readonly errors: number;
  readonly status?: "receiving" | "queued" | "completed" | "interrupted";
  readonly imported?: number;
  readonly merged?: number;
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
