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
 * Bad messages are copied to `<P>.dlq.realtime` with the reason (JetStream drops the
 * copies from the other api processes by message id) and skipped. A failure to load
 * (Neo4j down) is logged and the event skipped: realtime is a hint, REST the record;
 * clients re-read on reconnect.
 */
import { DeliverPolicy, type ConsumerMessages, type JsMsg, type NatsConnection } from "nats";
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Server } from "socket.io";
import type { z } from "zod";
import type { EventNames } from "../../events/streams.ts";
import { FACILITATORS_ROOM, orgRoom } from "./hub.ts";
import { matchAudiences, type Disclosed } from "./match-audience.ts";
import { disclosureStates } from "../../ledgers/match-disclosures.ts";
import { orgDisclosures } from "../../graph/queries/org-disclosure.ts";
import { anonymizedPoint, pointRooms } from "./regions.ts";
import type { MapActivity, MatchEvent, MatchSide } from "../../contract/realtime.ts";
import { MatchesUpdatedSchema, ProposalChangedSchema, type MatchesUpdatedEvent, type ProposalChangedEvent } from "./schemas.ts";

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
  readonly counts: { matches: number; proposals: number; emitted: number; deadLettered: number; failed: number };
  stop(): Promise<void>;
}

type Change = "created" | "updated" | "withdrawn";

const SNAPSHOT_TTL_SECONDS = 7 * 24 * 3600;
const snapshotKey = (id: string) => `rt:match:${id}`;
const REMEMBERED = 20_000;

interface FlowSite {
  readonly flowId: string;
  readonly orgId: string;
  readonly resourceType: string | null;
  readonly siteId: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
}

interface HistoryRow {
  id: string | number;
  match_id: string;
  event: string;
  supply_flow_id: string;
  demand_flow_id: string;
  score: number;
  route: "auto" | "facilitator";
  at: Date;
}

async function loadFlows(neo4j: Driver, ids: readonly string[]): Promise<Map<string, FlowSite>> {
  if (ids.length === 0) return new Map();
  const { records } = await neo4j.executeQuery(
    `UNWIND $ids AS id
     MATCH (f:ResourceFlow {id: id})
     OPTIONAL MATCH (s:Site)-[:OFFERS|NEEDS]->(f)
     RETURN f.id AS flowId, f.orgId AS orgId, f.resourceType AS resourceType, s.id AS siteId,
            s.location.latitude AS lat, s.location.longitude AS lon`,
    { ids: [...new Set(ids)] },
    { routing: "READ" },
  );
  return new Map(records.map((r) => [r.get("flowId") as string, r.toObject() as FlowSite]));
}

async function loadMatchNodes(neo4j: Driver, ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const { records } = await neo4j.executeQuery("UNWIND $ids AS id MATCH (m:Match {id: id}) RETURN properties(m) AS p", { ids: [...ids] }, { routing: "READ" });
  return new Map(records.map((r) => {
    const p = r.get("p") as Record<string, unknown>;
    return [p.id as string, p];
  }));
}

async function latestHistory(knex: Knex, ids: readonly string[]): Promise<Map<string, HistoryRow>> {
  const rows = (await knex("match_history")
    .distinctOn("match_id")
    .select("id", "match_id", "event", "supply_flow_id", "demand_flow_id", "score", "route", "at")
    .whereIn("match_id", [...ids])
    .orderBy([{ column: "match_id" }, { column: "id", order: "desc" }])) as HistoryRow[];
  return new Map(rows.map((r) => [r.match_id, r]));
}

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
  const [nodes, history] = await Promise.all([loadMatchNodes(deps.neo4j, ids), latestHistory(deps.knex, ids)]);
  const gone = ids.filter((id) => !nodes.has(id));
  const snapshots = new Map<string, MatchEvent>();
  if (gone.length) {
    const raw = await deps.redis.mget(...gone.map(snapshotKey));
    gone.forEach((id, i) => {
      if (raw[i]) snapshots.set(id, JSON.parse(raw[i]!) as MatchEvent);
    });
  }
  const flowIds = new Set<string>();
  for (const p of nodes.values()) flowIds.add(p.supplyFlowId as string).add(p.demandFlowId as string);
  for (const id of gone) {
    const h = history.get(id);
    if (!snapshots.has(id) && h) flowIds.add(h.supply_flow_id).add(h.demand_flow_id);
  }
  const flows = await loadFlows(deps.neo4j, [...flowIds]);
  const at = new Date().toISOString();
  const out: { change: Change; payload: MatchEvent }[] = [];
  for (const id of ids) {
    const h = history.get(id);
    const revision = h ? Number(h.id) : null;
    const node = nodes.get(id);
    if (node) {
      const s = flows.get(node.supplyFlowId as string);
      const d = flows.get(node.demandFlowId as string);
      const change: Change = h?.event === "created" && !event.decision ? "created" : "updated";
      out.push({
        change,
        payload: {
          matchId: id,
          score: Number(node.score),
          route: node.route as MatchEvent["route"],
          supplyFlowId: node.supplyFlowId as string,
          demandFlowId: node.demandFlowId as string,
          supplyOrgId: (node.supplyOrgId as string) ?? s?.orgId ?? null,
          demandOrgId: (node.demandOrgId as string) ?? d?.orgId ?? null,
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
    const s = flows.get(h.supply_flow_id);
    const d = flows.get(h.demand_flow_id);
    out.push({
      change: "withdrawn",
      payload: {
        matchId: id,
        score: Number(h.score),
        route: h.route,
        supplyFlowId: h.supply_flow_id,
        demandFlowId: h.demand_flow_id,
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

/** Start the bridge: two ordered consumers (NATS 2.9 filters one subject per consumer). */
export async function startBridge(deps: BridgeDeps): Promise<RunningBridge> {
  const { io, names, logger } = deps;
  const js = deps.nats.jetstream();
  const counts = { matches: 0, proposals: 0, emitted: 0, deadLettered: 0, failed: 0 };
  // Last revision emitted per match by this process (insertion-ordered, bounded).
  const emitted = new Map<string, string>();
  const remember = (id: string, mark: string) => {
    emitted.delete(id);
    emitted.set(id, mark);
    if (emitted.size > REMEMBERED) emitted.delete(emitted.keys().next().value!);
  };

  const deadLetter = async (msg: JsMsg, reason: string) => {
    counts.deadLettered++;
    logger.warn({ subject: msg.subject, seq: msg.seq, reason }, "realtime bridge: bad message skipped");
    const letter = { consumer: "realtime", subject: msg.subject, streamSequence: msg.seq, deliveries: 1, reason, payload: new TextDecoder().decode(msg.data), at: new Date().toISOString() };
    await js.publish(names.subjects.deadLetter("realtime"), JSON.stringify(letter), { msgID: `dlq:realtime:${msg.seq}` }).catch((e: unknown) => {
      logger.error({ err: e }, "realtime bridge: could not dead-letter");
    });
  };

  const emit = (name: string, emissions: ReturnType<typeof matchAudiences>) => {
    // A socket in a party's room (an admin who is also a member) gets the party's copy only.
    const partyRooms = emissions.flatMap((e) => (e.rooms.includes(FACILITATORS_ROOM) ? [] : e.rooms));
    for (const e of emissions) {
      const target = e.rooms.includes(FACILITATORS_ROOM) && partyRooms.length ? io.local.to(e.rooms).except(partyRooms) : io.local.to(e.rooms);
      target.emit(name, e.payload);
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
    io.local.to(from).emit("proposal:changed", named.demand ? event : { ...event, toOrg: null });
    io.local.to(to).except(from).emit("proposal:changed", named.supply ? event : { ...event, fromOrg: null });
    io.local.to(FACILITATORS_ROOM).except([from, to]).emit("proposal:changed", event);
    counts.emitted++;
  };

  const run = async <T>(subject: string, schema: z.ZodType<T>, perform: (e: T) => Promise<void>) => {
    const consumer = await js.consumers.get(names.streams.events, { filterSubjects: subject, deliver_policy: DeliverPolicy.New });
    const messages: ConsumerMessages = await consumer.consume({ max_messages: 64 });
    const loop = (async () => {
      for await (const msg of messages) {
        let event: T;
        try {
          const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(msg.data)));
          if (!parsed.success) {
            await deadLetter(msg, `unparseable: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(message)"}: ${i.message}`).join("; ")}`);
            continue;
          }
          event = parsed.data;
        } catch (error) {
          await deadLetter(msg, `unparseable: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        try {
          await perform(event);
        } catch (error) {
          counts.failed++;
          logger.error({ err: error, subject: msg.subject, seq: msg.seq }, "realtime bridge: event skipped");
        }
      }
    })();
    return { messages, loop };
  };

  const running = [
    await run(names.subjects.matchesUpdated, MatchesUpdatedSchema, onMatches),
    await run(names.subjects.proposalsChanged, ProposalChangedSchema, onProposal),
  ];
  return {
    counts,
    async stop() {
      for (const r of running) r.messages.stop();
      await Promise.allSettled(running.map((r) => r.loop));
    },
  };
}
