/**
 * The NATS → Socket.IO bridge, one per api process.
 *
 * Every api process must see every event (its sockets are its own), so the bridge reads
 * `<P>.matches.updated` and `<P>.proposals.changed` through ephemeral *ordered* JetStream
 * consumers starting at new messages — not a shared durable / queue group — and emits to
 * its **local** sockets only (`io.local`): the other processes emit to theirs, so nobody
 * gets an event twice. (Emits that start in one process only — `queue:changed`,
 * `import:progress` — go through the Redis adapter instead; see hub.ts.)
 *
 * Matches: the ids of the event are looked up as `:Match` nodes (with both flows' sites)
 * and in the `match_history` ledger, whose latest row per match says what happened:
 * - node present, latest ledger event `created` → `match:created`; otherwise `match:updated`;
 * - node gone (store.ts deletes withdrawn matches) → `match:withdrawn`, described from the
 *   last snapshot the bridge kept in Redis (`rt:match:<id>`, 7 days) or else the ledger
 *   row and whichever flows still exist.
 * A change whose ledger revision this process already emitted (a recomputation that
 * changed nothing) is not emitted again.
 *
 * Each party's room `org:<id>:match` gets its own copy (match-audience.ts): the counterpart
 * anonymized — no ids, its H3 cell instead of its site — until it is disclosed (public,
 * or both parties said interested, which also emits `match:revealed` to both). Matches
 * routed to a facilitator go in full to `facilitators`. Region rooms get only `map:activity`
 * {change, cell, lat, lon, side, resourceType, at}: the site's H3 cell centre, never an
 * organization, flow or exact location (DESIGN.md: the public sees anonymized data).
 *
 * Proposals: `proposal:changed` to both organizations' `org:<id>:proposal` rooms and `facilitators`; it carries
 * organization ids, so an organization's copy names the counterpart only when the
 * proposal's match is disclosed to it (or it is not tied to a match, as a facilitator's
 * introduction of two named organizations).
 *
 * Cluster proposals: `cluster_proposal:changed` to each member organization's
 * `org:<id>:proposal` room — status and how many decided, no organization: members read who
 * the others are over REST, under the disclosure rules.
 *
 * Alerts: `alert:fired` to the organization's `org:<id>:alert` room, as published — the
 * evaluator stored the firing once, so each process emits it once to its own sockets.
 *
 * Reading the stream is events/fan-out.ts' job (one ordered consumer per subject and
 * process; bad messages to `<P>.dlq.realtime` with the reason, kept once for all
 * processes); a failure to load (Neo4j down) is logged and the event skipped: realtime is
 * a hint, REST the record; clients re-read on reconnect. The bridge only describes and emits.
 */
import type { NatsConnection } from "nats";
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Server } from "socket.io";
import { runFanOut, type RunningFanOut } from "../../events/fan-out.ts";
import type { EventNames } from "../../events/streams.ts";
import { flowSites, type FlowSite } from "../../graph/queries/flow-sites.ts";
import { latestMatchEvents, readMatches } from "../../match-service/store.ts";
import { FACILITATORS_ROOM, orgRoom } from "./hub.ts";
import { matchAudiences, type Disclosed } from "./match-audience.ts";
import { disclosureStates } from "../../ledgers/match-disclosures.ts";
import { orgDisclosures } from "../../graph/queries/org-disclosure.ts";
import { anonymizedPoint, pointRooms } from "./regions.ts";
import type { EventMeta, MapActivity, MatchEvent, MatchSide } from "../../contract/realtime.ts";
import { currentRequestId } from "../../platform/request-context.ts";
import {
  AlertFiredSchema,
  ClusterProposalChangedSchema,
  MatchesUpdatedSchema,
  ProposalChangedSchema,
  type AlertFiredEvent,
  type ClusterProposalChangedEvent,
  type MatchesUpdatedEvent,
  type ProposalChangedEvent,
} from "./schemas.ts";
import type { ClusterProposalChanged } from "../../contract/realtime.ts";

export interface BridgeDeps {
  readonly io: Server;
  readonly nats: NatsConnection;
  readonly neo4j: Driver;
  readonly knex: Knex;
  readonly redis: Redis;
  readonly names: EventNames;
  readonly logger: Logger;
}

export interface RunningBridge {
  readonly counts: { matches: number; proposals: number; emitted: number };
  /** Each subject's fan-out consumer, with its dead letters and skipped failures. */
  readonly consumers: { readonly matches: RunningFanOut; readonly proposals: RunningFanOut };
  stop(): Promise<void>;
}

type Change = "created" | "updated" | "withdrawn";

const SNAPSHOT_TTL_SECONDS = 7 * 24 * 3600;
const snapshotKey = (id: string) => `rt:match:${id}`;
const REMEMBERED = 20_000;

const side = (f: FlowSite | undefined, fallbackType: unknown): MatchSide => ({
  siteId: f?.siteId ?? null,
  lat: f?.lat ?? null,
  lon: f?.lon ?? null,
  resourceType: f?.resourceType ?? (typeof fallbackType === "string" ? fallbackType : null),
});

/** Build the events of one matches.updated message. Exported for tests. */
export async function describeMatches(
  deps: Pick<BridgeDeps, "neo4j" | "knex" | "redis">,
  event: MatchesUpdatedEvent,
): Promise<{ change: Change; payload: MatchEvent }[]> {
  const ids = [...new Set(event.matchIds)];
  if (ids.length === 0) return [];
  const [nodes, history] = await Promise.all([readMatches(deps.neo4j, ids), latestMatchEvents(deps.knex, ids)]);
  const gone = ids.filter((id) => !nodes.has(id));
  const snapshots = new Map<string, MatchEvent>();
  if (gone.length) {
    const raw = await deps.redis.mget(...gone.map(snapshotKey));
    gone.forEach((id, i) => {
      if (raw[i]) snapshots.set(id, JSON.parse(raw[i]!) as MatchEvent);
    });
  }
  const flowIds = new Set<string>();
  for (const m of nodes.values()) flowIds.add(m.supplyFlowId).add(m.demandFlowId);
  for (const id of gone) {
    const h = history.get(id);
    if (!snapshots.has(id) && h) flowIds.add(h.supplyFlowId).add(h.demandFlowId);
  }
  const flows = await flowSites(deps.neo4j, [...flowIds]);
  const at = new Date().toISOString();
  const out: { change: Change; payload: MatchEvent }[] = [];
  for (const id of ids) {
    const h = history.get(id);
    const revision = h ? h.revision : null;
    const node = nodes.get(id);
    if (node) {
      const s = flows.get(node.supplyFlowId);
      const d = flows.get(node.demandFlowId);
      const change: Change = h?.event === "created" && !event.decision ? "created" : "updated";
      out.push({
        change,
        payload: {
          matchId: id,
          score: node.score,
          route: node.route,
          supplyFlowId: node.supplyFlowId,
          demandFlowId: node.demandFlowId,
          supplyOrgId: node.supplyOrgId ?? s?.orgId ?? null,
          demandOrgId: node.demandOrgId ?? d?.orgId ?? null,
          supply: side(s, node.offerType),
          demand: side(d, node.needType),
          revision,
          at,
        },
      });
      continue;
    }
    const snap = snapshots.get(id);
    if (snap) {
      out.push({ change: "withdrawn", payload: { ...snap, revision: revision ?? snap.revision, at } });
      continue;
    }
    if (!h) continue; // never persisted: nothing to announce
    const s = flows.get(h.supplyFlowId);
    const d = flows.get(h.demandFlowId);
    out.push({
      change: "withdrawn",
      payload: {
        matchId: id,
        score: h.score,
        route: h.route,
        supplyFlowId: h.supplyFlowId,
        demandFlowId: h.demandFlowId,
        supplyOrgId: s?.orgId ?? null,
        demandOrgId: d?.orgId ?? null,
        supply: side(s, null),
        demand: side(d, null),
        revision,
        at,
      },
    });
  }
  return out;
}

/** Which sides of each match event are named to the other party: public, or revealed. */
export async function disclosedSides(deps: Pick<BridgeDeps, "neo4j" | "knex">, events: readonly MatchEvent[]): Promise<Map<string, Disclosed>> {
  if (events.length === 0) return new Map();
  const orgs = events.flatMap((m) => [m.supplyOrgId, m.demandOrgId]).filter((o): o is string => o !== null);
  const [states, facts] = await Promise.all([disclosureStates(deps.knex, events.map((m) => m.matchId)), orgDisclosures(deps.neo4j, orgs)]);
  const isPublic = (id: string | null) => id !== null && facts.get(id)?.disclosure === "public";
  return new Map(events.map((m) => {
    const revealed = states.get(m.matchId)?.revealedAt != null;
    return [m.matchId, { supply: revealed || isPublic(m.supplyOrgId), demand: revealed || isPublic(m.demandOrgId) }];
  }));
}

/** The anonymized `map:activity` events of a match event, with their region rooms. */
export function activities(change: Change, m: MatchEvent): { rooms: string[]; payload: MapActivity }[] {
  const out: { rooms: string[]; payload: MapActivity }[] = [];
  for (const [name, s] of [["supply", m.supply], ["demand", m.demand]] as const) {
    if (s.lat === null || s.lon === null) continue;
    const p = anonymizedPoint(s.lat, s.lon);
    out.push({ rooms: pointRooms(s.lat, s.lon), payload: { kind: "match", change, cell: p.cell, lat: p.lat, lon: p.lon, side: name, resourceType: s.resourceType, at: m.at } });
  }
  return out;
}

/** Start the bridge: a fan-out consumer per subject (events/fan-out.ts), describing and emitting each event. */
export async function startBridge(deps: BridgeDeps): Promise<RunningBridge> {
  const { io, names, logger } = deps;
  const counts = { matches: 0, proposals: 0, emitted: 0 };
  // Last revision emitted per match by this process (insertion-ordered, bounded).
  const emitted = new Map<string, string>();
  const remember = (id: string, mark: string) => {
    emitted.delete(id);
    emitted.set(id, mark);
    if (emitted.size > REMEMBERED) emitted.delete(emitted.keys().next().value!);
  };

  // The request whose change caused the event, for its parties (platform/request-context.ts).
  // Not on map:activity: the region rooms are public, and the id is nothing the public needs.
  const withMeta = <T extends object>(payload: T): T & { meta?: EventMeta } => {
    const requestId = currentRequestId();
    return requestId === undefined ? payload : { ...payload, meta: { requestId } };
  };

  const emit = (name: string, emissions: ReturnType<typeof matchAudiences>) => {
    // A socket in a party's room (an admin who is also a member) gets the party's copy only.
    const partyRooms = emissions.flatMap((e) => (e.rooms.includes(FACILITATORS_ROOM) ? [] : e.rooms));
    for (const e of emissions) {
      const target = e.rooms.includes(FACILITATORS_ROOM) && partyRooms.length ? io.local.to(e.rooms).except(partyRooms) : io.local.to(e.rooms);
      target.emit(name, withMeta(e.payload));
    }
  };

  const onMatches = async (event: MatchesUpdatedEvent) => {
    counts.matches++;
    const described = await describeMatches(deps, event);
    const disclosed = await disclosedSides(deps, described.map((d) => d.payload));
    for (const { change, payload } of described) {
      const mark = `${change}:${payload.revision ?? "-"}`;
      const sides = disclosed.get(payload.matchId) ?? { supply: false, demand: false };
      if (event.revealed) emit("match:revealed", matchAudiences(payload, { supply: true, demand: true }));
      if (emitted.get(payload.matchId) === mark) continue;
      remember(payload.matchId, mark);
      if (change === "withdrawn") await deps.redis.del(snapshotKey(payload.matchId));
      else await deps.redis.set(snapshotKey(payload.matchId), JSON.stringify(payload), "EX", SNAPSHOT_TTL_SECONDS);
      const declinedBy = change === "withdrawn" && event.decision === "rejected" ? event.decidedBy : undefined;
      emit(`match:${change}`, matchAudiences(payload, sides, declinedBy));
      for (const a of activities(change, payload)) io.local.to(a.rooms).emit("map:activity", a.payload);
      counts.emitted++;
    }
  };

  const onProposal = async (event: ProposalChangedEvent) => {
    counts.proposals++;
    const named = event.matchId ? (await disclosedSides(deps, [{ matchId: event.matchId, supplyOrgId: event.fromOrg, demandOrgId: event.toOrg } as MatchEvent])).get(event.matchId)! : { supply: true, demand: true };
    // fromOrg sees toOrg named only when disclosed to it, and the other way round.
    const from = orgRoom(event.fromOrg, "proposal");
    const to = orgRoom(event.toOrg, "proposal");
    io.local.to(from).emit("proposal:changed", withMeta(named.demand ? event : { ...event, toOrg: null }));
    io.local.to(to).except(from).emit("proposal:changed", withMeta(named.supply ? event : { ...event, fromOrg: null }));
    io.local.to(FACILITATORS_ROOM).except([from, to]).emit("proposal:changed", withMeta(event));
    counts.emitted++;
  };

  const onClusterProposal = async ({ memberOrgs, ...event }: ClusterProposalChangedEvent) => {
    counts.proposals++;
    const payload: ClusterProposalChanged = event;
    io.local.to(memberOrgs.map((o) => orgRoom(o, "proposal"))).emit("cluster_proposal:changed", withMeta(payload));
    counts.emitted++;
  };

  const onAlert = async (event: AlertFiredEvent) => {
    io.local.to(orgRoom(event.orgId, "alert")).emit("alert:fired", withMeta(event));
    counts.emitted++;
  };

  const common = { name: "realtime", stream: names.streams.events, deadLetterSubject: names.subjects.deadLetter("realtime"), log: logger } as const;
  const consumers = {
    matches: await runFanOut(deps.nats, { ...common, subject: names.subjects.matchesUpdated, schema: MatchesUpdatedSchema, perform: onMatches }),
    proposals: await runFanOut(deps.nats, { ...common, subject: names.subjects.proposalsChanged, schema: ProposalChangedSchema, perform: onProposal }),
    clusterProposals: await runFanOut(deps.nats, { ...common, subject: names.subjects.clusterProposalsChanged, schema: ClusterProposalChangedSchema, perform: onClusterProposal }),
    alerts: await runFanOut(deps.nats, { ...common, subject: names.subjects.alertsFired, schema: AlertFiredSchema, perform: onAlert }),
  };
  return {
    counts,
    consumers,
    async stop() {
      await Promise.allSettled(Object.values(consumers).map((c) => c.stop()));
    },
  };
}
