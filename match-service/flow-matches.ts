/**
 * A flow's matching result as the service computes and caches it: the engine's ranked
 * matches and near misses turned into views that carry the counterpart in full (its
 * organization, site, region and figures) and the source flow's own figures. What a party
 * is shown of a counterpart depends on the match's disclosure (party-view.ts): an
 * anonymous listing until both said interested, this (plus the contact) after.
 *
 * Pure: the service reads the stores (prefilter, graph context, site facts) and hands
 * them in.
 */
import type { ReasonParts } from "../contract/reasons.ts";
import { distanceKm } from "../domain/geodesy.ts";
import type { MatchableFlow, MatchResult, RankedMatch } from "../matching/index.ts";
import type { SiteFacts } from "../spatial/site-facts.ts";
import type { GraphContext } from "./context.ts";
import { matchId } from "./ids.ts";
import type { FlowFigures } from "./stored-match.ts";
import type { Prefiltered } from "./prefilter.ts";

/** The other side of a match, in full: what the service computes and caches. */
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

/**
 * One match as the service computes it: the engine's ranked match with its id, the flow it
 * was computed for and the counterpart in full (see party-view.ts for what a party is shown).
 */
export interface MatchView extends RankedMatch {
  readonly id: string;
  readonly flowId: string;
  /** The source flow's own figures (the viewer's side), for phrasing without the counterpart's. */
  readonly own: OwnFlowFacts;
  /** Share of the need's yearly quantity (in the common window) the supply covers, 0–1. */
  readonly coverage: number;
  readonly counterpart: CounterpartView;
}

/** A candidate that just failed, with what would rescue it. */
export interface NearMissView {
  readonly counterpart: CounterpartView | null;
  /** The constraint it fails, by name (temperature, distance, purity, quantity). */
  readonly constraint: string;
  readonly distanceKm: number | null;
  readonly reason: string;
  /** The rule it breaks without the counterpart's figures; absent in results cached before it existed. */
  readonly rule?: string;
  readonly counterfactual: string;
  /** Structured twins of `reason`, `rule` and `counterfactual` (contract/reasons.ts); absent in results cached before them. */
  readonly reasonCodes?: ReasonParts;
  readonly ruleCodes?: ReasonParts;
  readonly counterfactualCodes?: ReasonParts;
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

/** What the engine ranked for a source flow, with what the stores said about the flows and organizations. */
export interface RankedForFlow {
  readonly source: MatchableFlow;
  /** The candidates the engine saw and every flow's canonical unit. */
  readonly pre: Pick<Prefiltered, "candidates" | "units">;
  readonly graph: Pick<GraphContext, "orgNames" | "orgNace">;
  readonly result: MatchResult;
}

/** The source and its candidates by id. */
const flowsById = (r: RankedForFlow) => new Map<string, MatchableFlow>([...r.pre.candidates.map((c) => [c.id, c] as const), [r.source.id, r.source]]);

/** Each flow's version and quantity (source and candidates), as the stored matches record them. */
export function flowFigures(r: RankedForFlow): Map<string, FlowFigures> {
  return flowsById(r);
}

/** The sites of the counterparts a result shows (matches', then near misses'), whose facts the views need. */
export function shownSiteIds(r: RankedForFlow): string[] {
  const byId = flowsById(r);
  const shown = [...r.result.matches.map((m) => (r.source.direction === "offer" ? m.demandFlowId : m.supplyFlowId)), ...r.result.nearMisses.map((n) => n.candidateFlowId)];
  return shown.map((id) => byId.get(id)?.siteId ?? "");
}

/**
 * The cached result of a computation: every match and near miss with its counterpart in
 * full, match ids keyed with `idSecret` (ids.ts), `cached: false`.
 */
export function presentFlowMatches(r: RankedForFlow, sites: ReadonlyMap<string, SiteFacts>, idSecret: string, computedAt: string): FlowMatches {
  const { source, pre, graph, result } = r;
  const byId = flowsById(r);
  const figuresOf = (f: MatchableFlow): OwnFlowFacts => ({
    direction: f.direction,
    resourceType: f.resourceType,
    annualQuantity: f.annualQuantity,
    unit: pre.units.get(f.id) ?? "",
    temperatureC: f.temperatureC ?? null,
    precision: f.precision,
  });
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
      ...figuresOf(f),
      hazardClass: f.hazardClass ?? null,
    };
  };
  const own = figuresOf(source);
  const matches: MatchView[] = result.matches.map((m) => {
    const other = source.direction === "offer" ? m.demandFlowId : m.supplyFlowId;
    const demand = byId.get(m.demandFlowId);
    const coverage = demand && demand.annualQuantity > 0 ? Math.min(1, m.economics.deliveredQuantity / demand.annualQuantity) : 0;
    return {
      id: matchId(m.supplyFlowId, m.demandFlowId, idSecret),
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
      ...(m.counterfactualCodes ? { counterfactualCodes: m.counterfactualCodes } : {}),
    };
  });
  const nearMisses: NearMissView[] = result.nearMisses.map((n) => {
    const other = byId.get(n.candidateFlowId);
    return {
      counterpart: counterpart(n.candidateFlowId),
      constraint: n.constraint,
      distanceKm: other ? distanceKm(source, other) : null,
      reason: n.reason,
      rule: n.rule,
      counterfactual: n.counterfactual,
      ...(n.reasonCodes ? { reasonCodes: n.reasonCodes } : {}),
      ...(n.ruleCodes ? { ruleCodes: n.ruleCodes } : {}),
      ...(n.counterfactualCodes ? { counterfactualCodes: n.counterfactualCodes } : {}),
    };
  });
  return {
    flowId: source.id,
    orgId: source.orgId,
    version: source.version,
    computedAt,
    cached: false,
    considered: result.considered,
    passed: result.passed,
    relaxed: result.relaxed,
    matches,
    nearMisses,
  };
}
