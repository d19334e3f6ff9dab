/**
 * Turash matching engine: candidates in, ranked explained matches out. Pure, no I/O.
 *
 * - `matchFlow` for one flow against its prefiltered candidates (the worker's call);
 * - `compileFlows` + `scorePairs` for bulk numeric scoring (benchmark, batch jobs);
 * - `findChains` for multi-hop chains with Shapley splits;
 * - economics helpers for "what would this exchange be worth".
 */
export type * from "./types.ts";
export { FACTOR_NAMES, typicalFlowKey } from "./types.ts";
export { matchFlow, explainPair, scoringParams, type MatchOptions, type PairVerdict } from "./match-flow.ts";
export { compileFlows, pairKey, type FlowTable } from "./table.ts";
export { haversineKm } from "./factors/distance.ts";
export { scorePairs, evaluatePair } from "./score.ts";
export { DEFAULT_SCORING_PARAMS, type ScoringParams } from "./params.ts";
export { Rejection, REJECTION_NAMES, checkConstraints } from "./constraints.ts";
export { DEFAULT_WEIGHTS, normalizeWeights } from "./weights.ts";
export { rankTopN, diversityCap } from "./ranking.ts";
export { routeMatch, complexityScore, FACILITATOR_THRESHOLD, type RouteFeatures } from "./router.ts";
export { relaxationSteps, describeRelaxation, type RelaxationStep } from "./relaxation.ts";
export { findCompatibility, forbiddenReason, needTypesFor, offerTypesFor, RULES } from "./compatibility.ts";
export { carnotCop } from "./heat-pump.ts";
export { findChains, chainShares, chainValue, type Chain, type ChainEdge, type ChainOptions } from "./chains.ts";
export { shapleyValues } from "./shapley.ts";
export { splitCascade, cascadeValues, planOf as cascadePlanOf, type MaterialCascade, type CascadeSplit, type CascadePlan } from "./material-cascade.ts";
export * as economics from "./economics/index.ts";
export { evaluateEconomics } from "./economics/index.ts";
