/**
 * The matching service: for a flow, prefilter (PostGIS) → graph context (one Neo4j
 * query) → score and rank (pure engine) → present (flow-matches.ts) → persist if changed
 * (`:Match` + ledger, persist-if-changed.ts) → cache (Redis, 15 min, keyed by flow id and
 * version). Counterpart changes invalidate through a Redis set per flow of the cached
 * results it appears in. Each stage's time goes to `lastTrace` (trace.ts).
 */
import type { Driver } from "neo4j-driver";
import type { Knex } from "knex";
import type { Redis } from "ioredis";
import { explainPair, matchFlow, type MatchOptions } from "../matching/index.ts";
import { siteFacts } from "../spatial/site-facts.ts";
import { createOrgContextCache, type OrgContextCache } from "./context.ts";
import type { MatchMetrics } from "../platform/metrics.ts";
import { flowFigures, presentFlowMatches, shownSiteIds, type FlowMatches, type RankedForFlow } from "./flow-matches.ts";
import { dependentsKey, fingerprintKey, resultKey } from "./ids.ts";
import { persistIfChanged } from "./persist-if-changed.ts";
import { indexedVersion, prefilter, type Prefiltered } from "./prefilter.ts";
import { matchesOfFlow, withdrawMatches } from "./store.ts";
import { storedMatch, type StoredMatch } from "./stored-match.ts";
import { emptyTrace, traced, type ComputeTrace } from "./trace.ts";

/** Cache lifetime of a flow's result (DESIGN.md: 15 min). */
export const CACHE_TTL_SECONDS = 15 * 60;
/** How many matches are computed and kept per flow; the API returns a prefix. */
export const TOP_N = 25;
const RELAXED_RADIUS_FACTOR = 3;

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
  /** Where cache lookups and match latency are reported (platform/metrics.ts). */
  readonly metrics?: MatchMetrics;
}

export class MatchService {
  readonly lastTrace: ComputeTrace = emptyTrace();
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
      const started = performance.now();
      const hit = await this.deps.redis.get(key);
      this.deps.metrics?.cacheLookup(hit !== null);
      if (hit) {
        const out: FlowMatches = { ...(JSON.parse(hit) as FlowMatches), cached: true };
        this.deps.metrics?.observe("cached", (performance.now() - started) / 1000);
        return out;
      }
    }
    return this.compute(flowId);
  }

  /** Compute (never from the cache), persist and cache a flow's matches. */
  async compute(flowId: string): Promise<FlowMatches | undefined> {
    const started = performance.now();
    const out = await this.computeUnobserved(flowId);
    if (out) this.deps.metrics?.observe("computed", (performance.now() - started) / 1000);
    return out;
  }

  private async computeUnobserved(flowId: string): Promise<FlowMatches | undefined> {
    const ranked = await this.rank(flowId);
    if (!ranked) return undefined;
    const computedAt = new Date().toISOString();
    const sites = await siteFacts(this.deps.knex, shownSiteIds(ranked));
    const out = presentFlowMatches(ranked, sites, this.deps.idSecret, computedAt);
    const figures = flowFigures(ranked);
    const relaxed = ranked.result.relaxed.length > 0;
    await traced(this.lastTrace, "persistMs", () =>
      persistIfChanged(this.deps, ranked.source.id, ranked.result.matches.map((m, i) => storedMatch(out.matches[i]!.id, m, figures, relaxed, computedAt))),
    );
    await this.cache(out);
    return out;
  }

  /**
   * Prefilter (PostGIS), read the organizations' graph context and score: undefined when the
   * flow is not indexed. When nothing passes within the strict radius, the prefilter is
   * widened for the engine's fallback relaxation (only the first pass is traced).
   */
  private async rank(flowId: string): Promise<RankedForFlow | undefined> {
    const { neo4j, knex } = this.deps;
    const trace = this.lastTrace;
    let pre = await traced(trace, "prefilterMs", () => prefilter(knex, flowId));
    const source = pre.source;
    if (!source) return undefined;
    const orgsOf = (p: Prefiltered) => [source.orgId, ...p.candidates.map((c) => c.orgId)];
    let graph = await traced(trace, "contextMs", () => this.orgContext.read(neo4j, orgsOf(pre)));
    const options: MatchOptions = { topN: TOP_N, ...this.deps.options };
    let result = await traced(trace, "scoreMs", () => matchFlow(source, pre.candidates, graph.context, options));
    if (result.passed === 0 && options.relax !== false) {
      const wide = await prefilter(knex, flowId, RELAXED_RADIUS_FACTOR);
      if (wide.candidates.length > pre.candidates.length) {
        pre = wide;
        graph = await this.orgContext.read(neo4j, orgsOf(pre));
        result = matchFlow(source, pre.candidates, graph.context, options);
      }
    }
    trace.candidates = pre.candidates.length;
    return { source, pre, graph, result };
  }

  /** Cache a result for 15 minutes, and register it under every flow it shows (so a change to any of them drops it). */
  private async cache(out: FlowMatches): Promise<void> {
    const key = resultKey(out.flowId, out.version);
    const pipe = this.deps.redis.pipeline().set(key, JSON.stringify(out), "EX", CACHE_TTL_SECONDS);
    const shown = new Set([out.flowId, ...out.matches.map((m) => m.counterpart.flowId), ...out.nearMisses.flatMap((n) => (n.counterpart ? [n.counterpart.flowId] : []))]);
    for (const id of shown) pipe.sadd(dependentsKey(id), key).expire(dependentsKey(id), CACHE_TTL_SECONDS);
    await pipe.exec();
  }

  /** Drop every cached result that shows this flow (its own, and its counterparts' that list it). */
  async invalidate(flowIds: Iterable<string>): Promise<number> {
    const { redis } = this.deps;
    let dropped = 0;
    for (const id of new Set(flowIds)) {
      const keys = await redis.smembers(dependentsKey(id));
      const pipe = redis.pipeline().del(dependentsKey(id)).del(fingerprintKey(id));
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
