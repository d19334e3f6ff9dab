/**
 * The value of a by-product to its consumer, per pair, as data: what the consumer would
 * otherwise pay for what the by-product displaces (a commodity of prices.ts), times a
 * substitution ratio for the by-product's grade. Conversion and handling are costed
 * apart (the pair's conversion cost in compatibility.json, trucking in capex.ts) and
 * subtracted in the yearly opex, so the value here is the gross avoided purchase.
 *
 * A pair without a row of its own takes its need type's row; a need type without one
 * keeps the order-of-magnitude value of compatibility.json (needDefaults), and says so.
 */
import data from "../compatibility.json" with { type: "json" };
import { RULES, typeIndex } from "../compatibility.ts";
import { TYPE_UNIT } from "../units.ts";
import { commodity } from "./prices.ts";

/** How much of a commodity one need unit of a by-product replaces, and why. */
export interface Substitution {
  /** Offer type, or "*" for every offer feeding this need without a row of its own. */
  readonly offer: string;
  readonly need: string;
  /** Commodity id in prices.ts. */
  readonly displaces: string;
  /** Commodity units replaced per need unit delivered. */
  readonly ratio: number;
  /** Why this ratio, with its source. */
  readonly basis: string;
}

/** Net calorific value of other bituminous coal, GJ/t (IPCC 2006 Guidelines Vol. 2 Table 1.2). */
export const COAL_NCV_GJ_PER_T = 25.8;

/**
 * Net calorific value (GJ per tonne as delivered) of each offer that serves an alternative-fuel
 * need, with its source: an alternative fuel is worth the coal it displaces,
 * NCV ÷ COAL_NCV_GJ_PER_T × the coal price, not an order-of-magnitude gate fee.
 */
export const ALTERNATIVE_FUEL_NCV: Readonly<Record<string, { readonly gjPerT: number; readonly basis: string }>> = {
  used_oil: { gjPerT: 40.2, basis: "waste oils 40.2 GJ/t (IPCC 2006 Guidelines Vol. 2 Table 1.2)" },
  solvents: { gjPerT: 30, basis: "blended spent-solvent kiln fuel, order of 25–35 GJ/t (EU BREF Cement, Lime and Magnesium Oxide, JRC 2013, sect. 1.2.4.3.1; order of magnitude)" },
  plastics: { gjPerT: 30, basis: "mixed non-recyclable plastics, order of 25–40 GJ/t (EU BREF Cement, Lime and Magnesium Oxide, JRC 2013, sect. 1.2.4.3.1; order of magnitude)" },
  rubber: { gjPerT: 28, basis: "end-of-life tyres, order of 26–32 GJ/t including the steel cord (WBCSD Cement Sustainability Initiative, Managing End-of-Life Tires, 2008; order of magnitude)" },
  refuse_derived_fuel: { gjPerT: 18, basis: "solid recovered fuel, NCV classes of EN ISO 21640:2021 with typical 15–22 GJ/t (order of magnitude)" },
  animal_byproducts: { gjPerT: 18, basis: "meat-and-bone meal, order of 16–20 GJ/t (EU BREF Cement, Lime and Magnesium Oxide, JRC 2013, sect. 1.2.4.3.1; order of magnitude)" },
  wood_waste: { gjPerT: 15.6, basis: "wood / wood waste 15.6 GJ/t (IPCC 2006 Guidelines Vol. 2 Table 1.2)" },
  spent_pot_lining: { gjPerT: 12, basis: "first-cut (carbon) spent pot lining, order of 10–15 GJ/t (Holywell & Breault 2013, JOM 65(11):1441-1451; order of magnitude)" },
  mixed_industrial_waste: { gjPerT: 10, basis: "municipal and mixed commercial waste 10 GJ/t (IPCC 2006 Guidelines Vol. 2 Table 1.2, municipal wastes)" },
  sewage_sludge: { gjPerT: 3, basis: "dewatered sludge of ~25 % dry solids at ~12 GJ/t dry solids (order of magnitude); the drying is the pair's conversion" },
  food_waste: { gjPerT: 5, basis: "wet food and organic waste of ~70–80 % water, order of 4–6 GJ/t (order of magnitude)" },
  catering_waste: { gjPerT: 5, basis: "wet kitchen and canteen waste, as food waste, order of 4–6 GJ/t (order of magnitude)" },
};

const ALTERNATIVE_FUEL_ROWS: readonly Substitution[] = [
  ...Object.entries(ALTERNATIVE_FUEL_NCV).map(([offer, f]) => ({
    offer,
    need: "alternative_fuel",
    displaces: "hard_coal",
    ratio: f.gjPerT / COAL_NCV_GJ_PER_T,
    basis: `replaces coal by heating value: ${f.gjPerT} GJ/t ÷ ${COAL_NCV_GJ_PER_T} GJ/t of coal (IPCC 2006 Vol. 2 Table 1.2); ${f.basis}`,
  })),
  {
    offer: "biogas",
    need: "alternative_fuel",
    displaces: "hard_coal",
    ratio: 1,
    basis: `the pair delivers tonnes of coal-equivalent (3.6 GJ/MWh ÷ ${COAL_NCV_GJ_PER_T} GJ/t), each replacing a tonne of coal`,
  },
];

const SUBSTITUTIONS: readonly Substitution[] = [
  // Heat replaces heat from the consumer's own gas boiler: fuel = heat / boiler efficiency.
  ...["process_heat", "waste_heat_high", "waste_heat_low"].map((need) => ({
    offer: "*",
    need,
    displaces: "natural_gas",
    ratio: 1 / 0.9,
    basis: "heat from a gas boiler of 90 % efficiency (as the heat CO2 factor of compatibility.json)",
  })),
  {
    offer: "*",
    need: "steam",
    displaces: "natural_gas",
    ratio: 1 / 0.85,
    basis: "steam from a gas-fired boiler of 85 % efficiency (as the CO2 factor of compatibility.json)",
  },
  {
    offer: "*",
    need: "biogas",
    displaces: "natural_gas",
    ratio: 1,
    basis: "upgraded biogas replaces natural gas 1:1 by energy",
  },
  {
    offer: "*",
    need: "refinery_fuel_gas",
    displaces: "natural_gas",
    ratio: 1,
    basis: "fuel gas burnt in the consumer's furnaces, boilers or turbines replaces natural gas 1:1 by energy",
  },
  {
    offer: "*",
    need: "electricity",
    displaces: "grid_electricity",
    ratio: 1,
    basis: "electricity replaces grid purchase 1:1",
  },
  {
    offer: "*",
    need: "cooling",
    displaces: "grid_electricity",
    ratio: 1 / 4,
    basis: "cooling from an electric chiller of COP 4 (as the CO2 factor of compatibility.json)",
  },
  {
    offer: "*",
    need: "feed",
    displaces: "feed_barley",
    ratio: 0.25 / 0.87,
    basis: "wet by-product of ~25 % dry matter replacing barley of 87 % dry matter by dry matter (as compatibility.json's feed default)",
  },
  {
    offer: "whey",
    need: "feed",
    displaces: "feed_barley",
    ratio: 1 / 17.5,
    basis:
      "liquid whey has ~5 % dry matter (Mavromichalis 2016, Six industrial by-products for liquid feeding pigs, Pig Progress); " +
      "a feeding trial of whey for growing-finishing pigs substituted 17.5 lb whey per 1 lb of meal (https://scilit.net/publications/0d889486bef60110e62445c42c9798a6)",
  },
  {
    offer: "spent_grain",
    need: "feed",
    displaces: "feed_barley",
    ratio: 0.22 / 0.87,
    basis: "wet brewers' grains of 20–30 % dry matter (Feedipedia, brewers' grains) replacing barley by dry matter",
  },
  {
    offer: "stillage",
    need: "feed",
    displaces: "feed_barley",
    ratio: 0.09 / 0.87,
    basis: "whole stillage of ~6–12 % dry matter (Feedipedia, distillers' grains and solubles) replacing barley of 87 % dry matter by dry matter",
  },
  ...["lime_sludge", "construction_waste", "foundry_sand", "paper_sludge"].map((offer) => ({
    offer,
    need: "cement_raw_material",
    displaces: "quarried_raw_meal",
    ratio: 1,
    basis: "replaces quarried raw meal (limestone, sand, clay) tonne for tonne, not clinker: it enters the kiln feed",
  })),
  {
    offer: "*",
    need: "raw_meal_component",
    displaces: "quarried_raw_meal",
    ratio: 1,
    basis: "a raw-meal corrective replaces quarried raw meal (limestone, sand, clay, iron ore) tonne for tonne in the kiln feed",
  },
  {
    offer: "*",
    need: "aggregate",
    displaces: "crushed_stone",
    ratio: 1,
    basis: "recycled or industrial aggregate (slag, ash, rubble) replaces quarried crushed stone tonne for tonne in road base and fill (EN 13242)",
  },
  {
    offer: "*",
    need: "liming_agent",
    displaces: "crushed_stone",
    ratio: 1,
    basis: "a liming material replaces ground limestone by neutralising value (Regulation (EU) 2019/1009 PFC 2); the pair's efficiency carries the neutralising value",
  },
  // Alternative fuel replaces the kiln's or boiler's coal by heating value (ALTERNATIVE_FUEL_NCV).
  ...ALTERNATIVE_FUEL_ROWS,
  {
    offer: "*",
    need: "plasterboard_raw_material",
    displaces: "natural_gypsum",
    ratio: 1,
    basis: "FGD gypsum replaces natural gypsum tonne for tonne (Eurogypsum quality criteria)",
  },
];

/** The value basis of one compatibility rule, ready to show. */
export interface PairValue {
  /** € per need unit delivered (price × ratio). */
  readonly valueEurPerUnit: number;
  /** Price of what is displaced, per `unit`. */
  readonly pricePerUnit: number;
  readonly unit: string;
  /** What the consumer would otherwise buy, in words. */
  readonly displaces: string;
  /** Commodity units replaced per need unit delivered. */
  readonly substitutionRatio: number;
  /** Relative ± spread of the price. */
  readonly priceUncertainty: number;
  /** Source of the price and of the ratio. */
  readonly source: string;
}

const needDefaults = data.needDefaults as Record<string, { valueEurPerUnit: number; source: string }>;
const byKey = new Map(SUBSTITUTIONS.map((s) => [`${s.offer}>${s.need}`, s]));

/** Order-of-magnitude values (no primary price source recorded) are spread ±50 %. */
const FALLBACK_UNCERTAINTY = 0.5;

function resolve(offer: string, need: string, fallbackValue: number): PairValue {
  const s = byKey.get(`${offer}>${need}`) ?? byKey.get(`*>${need}`);
  if (s) {
    const c = commodity(s.displaces);
    return Object.freeze({
      valueEurPerUnit: c.pricePerUnit * s.ratio,
      pricePerUnit: c.pricePerUnit,
      unit: c.unit,
      displaces: c.name,
      substitutionRatio: s.ratio,
      priceUncertainty: c.uncertainty,
      source: `${c.source}, ${c.year}${c.url ? ` (${c.url})` : ""}; ratio: ${s.basis}`,
    });
  }
  const d = needDefaults[need];
  return Object.freeze({
    valueEurPerUnit: fallbackValue,
    pricePerUnit: fallbackValue,
    unit: TYPE_UNIT[typeIndex(need)] ?? "",
    displaces: `purchased ${need.replaceAll("_", " ")}`,
    substitutionRatio: 1,
    priceUncertainty: FALLBACK_UNCERTAINTY,
    source: `order of magnitude from compatibility.json needDefaults${d ? ` (${d.source})` : ""}; no market price recorded`,
  });
}

/** Value basis per compatibility rule index (same order as RULES). */
export const RULE_PAIR_VALUE: readonly PairValue[] = RULES.map((r) => resolve(r.offer, r.need, r.valueEurPerUnit));
/** € per need unit per rule index, for the hot path. */
export const RULE_VALUE_EUR: Float64Array = Float64Array.from(RULE_PAIR_VALUE, (v) => v.valueEurPerUnit);

/** The `source` of economics valued at the consumer's own declared cost (a private figure). */
export const DECLARED_COST_SOURCE = "the consumer's declared current cost";

/** Every substitution row (for tests and documentation). */
export const SUBSTITUTION_ROWS: readonly Substitution[] = SUBSTITUTIONS;
