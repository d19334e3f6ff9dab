/**
 * The matching service: for a flow, prefilter (PostGIS) → graph context (one Neo4j
 * query) → score and rank (pure engine) → persist (`:Match` + ledger) → cache (Redis,
 * 15 min, keyed by flow id and version). Counterpart changes invalidate through a Redis
 * set per flow of the cached results it appears in.
 */
import { createHash } from "node:crypto";
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { Redis } from "ioredis";
import { distanceKm } from "../domain/geodesy.ts";
import { explainPair, matchFlow, type MatchableFlow, type MatchOptions, type MatchResult, type RankedMatch } from "../matching/index.ts";
import { createOrgContextCache, type OrgContextCache } from "./context.ts";
import { dependentsKey, matchId, resultKey } from "./ids.ts";
import { indexedVersion, prefilter, type Prefiltered } from "./prefilter.ts";
import { siteFacts } from "../spatial/site-facts.ts";
import { matchesOfFlow, persistMatches, storedMatch, withdrawMatches, type StoredMatch } from "./store.ts";

/** Cache lifetime of a flow's result (DESIGN.md: 15 min). */
export const CACHE_TTL_SECONDS = 15 * 60;
/** How many matches are computed and kept per flow; the API returns a prefix. */
export const TOP_N = 25;
const RELAXED_RADIUS_FACTOR = 3;

/**
 * The other side of a match, in full: what the service computes and caches. What a
 * party is shown of it depends on the match's disclosure (match-service/party-view.ts):
 * an anonymous listing until both said interested, this (plus the contact) after.
 */
export interface CounterpartView {
  readonly orgId: string;
  readonly orgName: string;
  /** NACE rev.2 code of the organization's main activity. */
  readonly naceCode: string | null;
  readonly flowId: string;
  readonly siteId: string;
  readonly siteName: string | null;
  readonly location: { readonly lat: number; readonly lon: number };
  /** The most specific loaded region the site lies in. */
  readonly region: { readonly code: string; readonly name: string } | null;
  readonly direction: "offer" | "need";
  readonly resourceType: string;
  readonly annualQuantity: number;
  readonly unit: string;
  readonly temperatureC: number | null;
  readonly precision: "rough" | "estimated" | "measured";
  /** Offers only: declared hazard class. */
  readonly hazardClass: string | null;
}

/** The figures of the flow a result was computed for. */
export type OwnFlowFacts = Pick<CounterpartView, "direction" | "resourceType" | "annualQuantity" | "unit" | "temperatureC" | "precision">;

/** One match as the service computes it (full; see party-view.ts for what a party is shown). */
export interface MatchView {
  readonly id: string;
  readonly rank: number;
  readonly score: number;
  readonly flowId: string;
  readonly supplyFlowId: string;
  readonly demandFlowId: string;
  readonly supplyOrgId: string;
  readonly demandOrgId: string;
  readonly offerType: string;
  readonly needType: string;
  readonly distanceKm: number;
  /** The source flow's own figures (the viewer's side), for phrasing without the counterpart's. */
  readonly own: OwnFlowFacts;
  /** Share of the need's yearly quantity (in the common window) the supply covers, 0–1. */
  readonly coverage: number;
  readonly counterpart: CounterpartView;
  readonly factors: RankedMatch["factors"];
  readonly conversion: string;
  readonly heatPump: RankedMatch["heatPump"];
  readonly route: RankedMatch["route"];
  readonly economics: RankedMatch["economics"];
  readonly counterfactuals: readonly string[];
}

/** A candidate that just failed, with what would rescue it. */
export interface NearMissView {
  readonly counterpart: CounterpartView | null;
  /** The constraint it fails, by name (temperature, distance, purity, quantity). */
  readonly constraint: string;
  readonly distanceKm: number | null;
  readonly reason: string;
  readonly counterfactual: string;
}

/** A flow's matching result (what is cached). */
export interface FlowMatches {
  readonly flowId: string;
  readonly orgId: string;
  readonly version: number;
  readonly computedAt: string;
  readonly cached: boolean;
  readonly considered: number;
  readonly passed: number;
  readonly relaxed: MatchResult["relaxed"];
  readonly matches: MatchView[];
  readonly nearMisses: NearMissView[];
}

/** Stores the service uses. */
export interface MatchServiceDeps {
  readonly neo4j: Driver;
  readonly knex: Knex;
  readonly redis: Redis;
  /** Keys match ids (config.secrets.idSecret). */
  readonly idSecret: string;
  readonly options?: MatchOptions;
  /** How long an organization's graph context is reused (ms); 0 reads it every time. */
  readonly orgContextTtlMs?: number;
}

/** Timings of the last computation, for the benchmark. */
export interface ComputeTrace {
  prefilterMs: number;
  contextMs: number;
  scoreMs: number;
  persistMs: number;
  candidates: number;
}

export class MatchService {
  readonly lastTrace: ComputeTrace = { prefilterMs: 0, contextMs: 0, scoreMs: 0, persistMs: 0, candidates: 0 };
  /** Organization context reused across computations (see context.ts for why and how long). */
  readonly orgContext: OrgContextCache;
  constructor(private readonly deps: MatchServiceDeps) {
    this.orgContext = createOrgContextCache(deps.orgContextTtlMs);
  }

  /** Current version of an indexed flow (undefined when not indexed). */
  flowVersion(flowId: string): Promise<{ version: number; orgId: string } | undefined> {
    return indexedVersion(this.deps.knex, flowId);
  }

  /**
   * A flow's matches: from the cache when its current version was computed in the last
   * 15 minutes and no counterpart changed since, otherwise computed (and persisted).
   * Undefined when the flow is not in the index.
   */
  async matchesForFlow(flowId: string, opts: { force?: boolean; version?: number } = {}): Promise<FlowMatches | undefined> {
    const version = opts.version ?? (await this.flowVersion(flowId))?.version;
    if (version === undefined) return undefined;
    const key = resultKey(flowId, version);
    if (!opts.force) {
      const hit = await this.deps.redis.get(key);
      if (hit) return { ...(JSON.parse(hit) as FlowMatches), cached: true };
    }
    return this.compute(flowId);
  }

  /** Compute (never from the cache), persist and cache a flow's matches. */
  async compute(flowId: string): Promise<FlowMatches | undefined> {
    const { neo4j, knex, redis } = this.deps;
    const trace = this.lastTrace;
    let t0 = performance.now();
    let pre = await prefilter(knex, flowId);
    trace.prefilterMs = performance.now() - t0;
    const source = pre.source;
    if (!source) return undefined;

    t0 = performance.now();
    let graph = await this.orgContext.read(neo4j, [source.orgId, ...pre.candidates.map((c) => c.orgId)]);
    trace.contextMs = performance.now() - t0;

    t0 = performance.now();
    const options: MatchOptions = { topN: TOP_N, ...this.deps.options };
    let result = matchFlow(source, pre.candidates, graph.context, options);
    trace.scoreMs = performance.now() - t0;
    if (result.passed === 0 && options.relax !== false) {
      // Nothing passed within the strict radius: widen the prefilter for the engine's fallback.
      const wide = await prefilter(knex, flowId, RELAXED_RADIUS_FACTOR);
      if (wide.candidates.length > pre.candidates.length) {
        pre = wide;
        graph = await this.orgContext.read(neo4j, [source.orgId, ...pre.candidates.map((c) => c.orgId)]);
        result = matchFlow(source, pre.candidates, graph.context, options);
      }
    }
    trace.candidates = pre.candidates.length;

    const now = new Date().toISOString();
    const byId = new Map<string, MatchableFlow>(pre.candidates.map((c) => [c.id, c]));
    byId.set(source.id, source);
    const versions = new Map([...byId.values()].map((f) => [f.id, f.version]));
    const shownFlows = [
      ...result.matches.map((m) => (source.direction === "offer" ? m.demandFlowId : m.supplyFlowId)),
      ...result.nearMisses.map((n) => n.candidateFlowId),
    ];
    const sites = await siteFacts(knex, shownFlows.map((id) => byId.get(id)?.siteId ?? ""));
    const counterpart = (id: string): CounterpartView | null => {
      const f = byId.get(id);
      if (!f) return null;
      const site = sites.get(f.siteId);
      return {
        orgId: f.orgId,
        orgName: graph.orgNames.get(f.orgId) ?? f.orgId,
        naceCode: graph.orgNace.get(f.orgId) ?? null,
        flowId: f.id,
        siteId: f.siteId,
        siteName: site?.name ?? null,
        location: { lat: f.lat, lon: f.lon },
        region: site?.region ?? null,
        direction: f.direction,
        resourceType: f.resourceType,
        annualQuantity: f.annualQuantity,
        unit: pre.units.get(f.id) ?? "",
        temperatureC: f.temperatureC ?? null,
        precision: f.precision,
        hazardClass: f.hazardClass ?? null,
      };
    };
    const own: OwnFlowFacts = {
      direction: source.direction,
      resourceType: source.resourceType,
      annualQuantity: source.annualQuantity,
      unit: pre.units.get(source.id) ?? "",
      temperatureC: source.temperatureC ?? null,
      precision: source.precision,
    };
    const matches: MatchView[] = result.matches.map((m) => {
      const other = source.direction === "offer" ? m.demandFlowId : m.supplyFlowId;
      const demand = byId.get(m.demandFlowId);
      const coverage = demand && demand.annualQuantity > 0 ? Math.min(1, m.economics.deliveredQuantity / demand.annualQuantity) : 0;
      return {
        id: matchId(m.supplyFlowId, m.demandFlowId, this.deps.idSecret),
        rank: m.rank,
        score: m.score,
        flowId: source.id,
        supplyFlowId: m.supplyFlowId,
        demandFlowId: m.demandFlowId,
        supplyOrgId: m.supplyOrgId,
        demandOrgId: m.demandOrgId,
        offerType: m.offerType,
        needType: m.needType,
        distanceKm: m.distanceKm,
        own,
        coverage,
        counterpart: counterpart(other)!,
        factors: m.factors,
        conversion: m.conversion,
        heatPump: m.heatPump,
        route: m.route,
        economics: m.economics,
        counterfactuals: m.counterfactuals,
      };
    });
    const nearMisses: NearMissView[] = result.nearMisses.map((n) => {
      const other = byId.get(n.candidateFlowId);
      return {
        counterpart: counterpart(n.candidateFlowId),
        constraint: n.constraint,
        distanceKm: other ? distanceKm(source, other) : null,
        reason: n.reason,
        counterfactual: n.counterfactual,
      };
    });
    const out: FlowMatches = {
      flowId: source.id,
      orgId: source.orgId,
      version: source.version,
      computedAt: now,
      cached: false,
      considered: result.considered,
      passed: result.passed,
      relaxed: result.relaxed,
      matches,
      nearMisses,
    };

    // Persist (only when something changed since the last persisted result of this flow version).
    t0 = performance.now();
    const rows = result.matches.map((m, i) => storedMatch(matches[i]!.id, m, versions, result.relaxed.length > 0, now));
    const fpKey = `match:fp:${source.id}`;
    const fingerprint = createHash("sha1")
      .update(rows.map((r) => `${r.id}:${r.score}:${r.route}:${r.supplyVersion}:${r.demandVersion}`).join(","))
      .digest("hex");
    if ((await redis.get(fpKey)) !== fingerprint) {
      await persistMatches(neo4j, knex, rows);
      await redis.set(fpKey, fingerprint, "EX", 24 * 3600);
    }
    trace.persistMs = performance.now() - t0;

    // Cache, and register the result under every flow it shows.
    const key = resultKey(source.id, source.version);
    const pipe = redis.pipeline().set(key, JSON.stringify(out), "EX", CACHE_TTL_SECONDS);
    const shown = new Set([source.id, ...matches.map((m) => m.counterpart.flowId), ...nearMisses.flatMap((n) => (n.counterpart ? [n.counterpart.flowId] : []))]);
    for (const id of shown) pipe.sadd(dependentsKey(id), key).expire(dependentsKey(id), CACHE_TTL_SECONDS);
    await pipe.exec();
    return out;
  }

  /** Drop every cached result that shows this flow (its own, and its counterparts' that list it). */
  async invalidate(flowIds: Iterable<string>): Promise<number> {
    const { redis } = this.deps;
    let dropped = 0;
    for (const id of new Set(flowIds)) {
      const keys = await redis.smembers(dependentsKey(id));
      const pipe = redis.pipeline().del(dependentsKey(id)).del(`match:fp:${id}`);
      for (const k of keys) pipe.del(k);
      const res = await pipe.exec();
      dropped += (res ?? []).slice(2).reduce((s, [, n]) => s + Number(n ?? 0), 0);
    }
    return dropped;
  }

  /**
   * A flow changed (created, updated or deleted): invalidate every cached result that
   * shows it or could now show it, withdraw matches that no longer hold, recompute the
   * flow and the counterparts of its old and new matches. Returns the matches touched
   * and the organizations concerned.
   */
  async onFlowChanged(event: { id: string; orgId: string; change: "created" | "updated" | "deleted" }): Promise<{ matchIds: string[]; orgIds: string[] }> {
    const { neo4j, knex } = this.deps;
    const before = await matchesOfFlow(neo4j, event.id);
    const touched = new Set<string>(before.map((m) => m.id));
    const orgIds = new Set<string>([event.orgId]);
    const counterparts = new Set<string>();
    for (const m of before) {
      counterparts.add(m.supplyFlowId === event.id ? m.demandFlowId : m.supplyFlowId);
      orgIds.add(m.supplyOrgId).add(m.demandOrgId);
    }
    const invalidate = new Set<string>([event.id, ...counterparts]);

    const indexed = event.change === "deleted" ? undefined : await this.flowVersion(event.id);
    if (!indexed) {
      // Gone: withdraw its matches, refresh whoever listed it.
      await withdrawMatches(neo4j, knex, before.map((m) => m.id));
      await this.invalidate(invalidate);
      for (const c of counterparts) await this.compute(c);
      return { matchIds: [...touched].sort(), orgIds: [...orgIds].sort() };
    }

    // Anyone within reach of the flow now may see it in their results: invalidate them all.
    const pre = await prefilter(knex, event.id);
    for (const c of pre.candidates) invalidate.add(c.id);
    await this.invalidate(invalidate);

    const now = await this.compute(event.id);
    const kept = new Set(now?.matches.map((m) => m.id) ?? []);
    for (const m of now?.matches ?? []) {
      touched.add(m.id);
      counterparts.add(m.counterpart.flowId);
      orgIds.add(m.supplyOrgId).add(m.demandOrgId);
    }
    // Old matches the flow no longer ranks: keep those still valid (a counterpart may rank it), withdraw the rest.
    const candidates = new Map(pre.candidates.map((c) => [c.id, c]));
    const stale: string[] = [];
    for (const m of before) {
      if (kept.has(m.id)) continue;
      const other = candidates.get(m.supplyFlowId === event.id ? m.demandFlowId : m.supplyFlowId);
      if (!other || !pre.source || !explainPair(pre.source, other).passed) stale.push(m.id);
    }
    await withdrawMatches(neo4j, knex, stale);
    for (const c of counterparts) await this.compute(c);
    return { matchIds: [...touched].sort(), orgIds: [...orgIds].sort() };
  }

  /**
   * A party rejected a match (the decision is in the ledger, ledgers/match-disclosures.ts):
   * withdraw it for good — the prefilter excludes the pair from then on — and drop every
   * cached result that showed it.
   */
  async withdrawRejected(m: StoredMatch): Promise<void> {
    await withdrawMatches(this.deps.neo4j, this.deps.knex, [m.id]);
    await this.invalidate([m.supplyFlowId, m.demandFlowId]);
  }
}

export type { Prefiltered };
