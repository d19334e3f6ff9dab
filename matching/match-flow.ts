/**
 * matchFlow: one flow against its candidates — strict pass, fallback relaxation when
 * nothing passes, diverse top-N, explanations and near-misses.
 */
import { NEAR_MISS_CODES, REJECTION_NAMES } from "./constraints.ts";
import { nearMissFix } from "./counterfactuals.ts";
import { DEFAULT_ECONOMIC_PARAMS, type EconomicParams } from "./economics/parameters.ts";
import { explainMatch, explainRejection, rejectionParts, ruleBroken, ruleParts } from "./explain.ts";
import type { ReasonParts } from "./reasons.ts";
import { DEFAULT_SCORING_PARAMS, type ScoringParams } from "./params.ts";
import { rankTopN } from "./ranking.ts";
import { describeRelaxation, relaxationSteps } from "./relaxation.ts";
import { evaluatePair, scorePairs } from "./score.ts";
import { newScratch } from "./slots.ts";
import { compileFlows } from "./table.ts";
import { typicalFlowKey, type MatchableFlow, type MatchContext, type MatchResult, type NearMiss, type Relaxation, type Weights } from "./types.ts";
import { normalizeWeights, weightVector } from "./weights.ts";

export interface MatchOptions {
  /** How many matches to return (default 10). */
  readonly topN?: number;
  /** Largest share of the N slots one counterpart organization may take (default 0.34). */
  readonly maxShare?: number;
  /** Weight overrides for this call (win over weightsByOrg). */
  readonly weights?: Partial<Weights>;
  /** Per-organization weights; the source flow's organization's entry is used. */
  readonly weightsByOrg?: ReadonlyMap<string, Partial<Weights>>;
  readonly temperatureMarginK?: number;
  readonly allowHeatPump?: boolean;
  readonly maxHeatPumpLiftK?: number;
  readonly maxHeatPumpOutputC?: number;
  readonly purityTolerancePct?: number;
  /** Relax radius and quality margins when nothing passes (default true). */
  readonly relax?: boolean;
  readonly economics?: Partial<EconomicParams>;
  /** How many near-misses to explain (default 5). */
  readonly nearMisses?: number;
}

/** Scoring parameters for a call, before relaxation. */
export function scoringParams(source: MatchableFlow | undefined, options: MatchOptions = {}): { params: ScoringParams; weights: Weights } {
  const weights = normalizeWeights({
    ...(source ? options.weightsByOrg?.get(source.orgId) : undefined),
    ...options.weights,
  });
  const d = DEFAULT_SCORING_PARAMS;
  return {
    weights,
    params: {
      temperatureMarginK: options.temperatureMarginK ?? d.temperatureMarginK,
      allowHeatPump: options.allowHeatPump ?? d.allowHeatPump,
      maxHeatPumpLiftK: options.maxHeatPumpLiftK ?? d.maxHeatPumpLiftK,
      maxHeatPumpOutputC: options.maxHeatPumpOutputC ?? d.maxHeatPumpOutputC,
      purityTolerancePct: options.purityTolerancePct ?? d.purityTolerancePct,
      radiusFactor: 1,
      lifted: 0,
      weights: weightVector(weights),
      economics: { ...DEFAULT_ECONOMIC_PARAMS, ...options.economics },
    },
  };
}

/**
 * Ranks `candidates` for `source` (an offer or a need; candidates of the same direction
 * are simply rejected). Candidates are assumed prefiltered spatially; every hard
 * constraint is still enforced here.
 */
export function matchFlow(
  source: MatchableFlow,
  candidates: readonly MatchableFlow[],
  context: MatchContext = {},
  options: MatchOptions = {},
): MatchResult {
  const topN = options.topN ?? 10;
  const maxShare = options.maxShare ?? 0.34;
  const { params: strict, weights } = scoringParams(source, options);
  const t = compileFlows([source, ...candidates], context);
  const m = candidates.length;
  const scratch = newScratch();
  const sourceIsOffer = source.direction === "offer";
  const supplyOf = (k: number) => (sourceIsOffer ? 0 : k + 1);
  const demandOf = (k: number) => (sourceIsOffer ? k + 1 : 0);

  const steps = relaxationSteps(strict.temperatureMarginK, strict.purityTolerancePct);
  const lastStep = options.relax === false ? 0 : steps.length - 1;
  let scores = new Float64Array(m);
  let strictScores = scores;
  let used = strict;
  let relaxed: Relaxation[] = [];
  let passed = 0;
  const typicalFlows = context.typicalFlows;
  const keys = {
    valueEur: new Float64Array(m),
    distanceKm: new Float64Array(m),
    ids: candidates.map((c) => c.id),
    ...(typicalFlows ? { typical: Uint8Array.from(candidates, (c) => (typicalFlows.get(c.orgId)?.has(typicalFlowKey(c.direction, c.resourceType)) ? 1 : 0)) } : {}),
  };
  for (let i = 0; i <= lastStep; i++) {
    const step = steps[i]!;
    const p: ScoringParams = { ...strict, ...step };
    if (i > 0) scores = new Float64Array(m);
    passed = scorePairs(t, 0, p, scores, 1, t.n, undefined, scratch, keys);
    if (i === 0) strictScores = scores;
    used = p;
    relaxed = describeRelaxation(steps[0]!, step);
    if (passed > 0) break;
  }
  if (passed === 0) relaxed = [];

  const orgOf = new Int32Array(m);
  for (let k = 0; k < m; k++) orgOf[k] = t.org[k + 1]!;
  const selected = rankTopN(scores, orgOf, topN, maxShare, keys);
  const matches = Array.from(selected, (k, i) => explainMatch(t, supplyOf(k), demandOf(k), used, weights, scratch, i + 1));

  // Near-misses against the strict constraints: the best few that one or two changes would rescue.
  const wanted = options.nearMisses ?? 5;
  const inMatches = new Set(selected);
  const misses: { k: number; code: number; text: string; parts: ReasonParts; score: number }[] = [];
  if (wanted > 0) {
    for (let k = 0; k < m; k++) {
      const code = -strictScores[k]!;
      if (code <= 0 || !NEAR_MISS_CODES.includes(code) || inMatches.has(k)) continue;
      const fix = nearMissFix(t, supplyOf(k), demandOf(k), strict, code, scratch);
      if (fix) misses.push({ k, code, ...fix });
    }
    // Ids, not positions, break ties, so the near-misses do not depend on input order.
    misses.sort((a, b) => b.score - a.score || (keys.ids[a.k]! < keys.ids[b.k]! ? -1 : keys.ids[a.k]! > keys.ids[b.k]! ? 1 : 0));
  }
  const nearMisses: NearMiss[] = misses.slice(0, wanted).map((x) => ({
    candidateFlowId: candidates[x.k]!.id,
    constraint: REJECTION_NAMES[x.code] ?? String(x.code),
    reason: explainRejection(t, supplyOf(x.k), demandOf(x.k), strict, x.code),
    rule: ruleBroken(t, supplyOf(x.k), demandOf(x.k), x.code),
    counterfactual: x.text,
    reasonCodes: rejectionParts(t, supplyOf(x.k), demandOf(x.k), strict, x.code),
    ruleCodes: ruleParts(t, supplyOf(x.k), demandOf(x.k), x.code),
    counterfactualCodes: x.parts,
  }));
  return { matches, relaxed, considered: m, passed, nearMisses };
}

/** Verdict on one pair, for APIs and tests: passes with a score, or why not and what would fix it. */
export interface PairVerdict {
  readonly passed: boolean;
  readonly score: number | null;
  /** Machine name of the failed constraint ("distance", "hazard", …), null when passed. */
  readonly rejection: string | null;
  readonly reason: string;
  readonly counterfactual: string | null;
}

/** Checks supply → demand under strict constraints (order of the two arguments is free). */
export function explainPair(a: MatchableFlow, b: MatchableFlow, context: MatchContext = {}, options: MatchOptions = {}): PairVerdict {
  const [supply, demand] = a.direction === "offer" ? [a, b] : [b, a];
  const { params } = scoringParams(a, options);
  const t = compileFlows([supply, demand], context);
  const scratch = newScratch();
  const v = evaluatePair(t, 0, 1, params, scratch);
  if (v >= 0) return { passed: true, score: v, rejection: null, reason: "passes every hard constraint", counterfactual: null };
  const code = -v;
  const fix = nearMissFix(t, 0, 1, params, code, scratch);
  return {
    passed: false,
    score: null,
    rejection: REJECTION_NAMES[code] ?? String(code),
    reason: explainRejection(t, 0, 1, params, code),
    counterfactual: fix?.text ?? null,
  };
}
