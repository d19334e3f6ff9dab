/**
 * Coded reasons (contract/reasons.ts): every one-line reason a match shows is first a list
 * of {code, params} parts, and its English sentence is rendered here from the template of
 * its code. The client's `en` locale holds the same templates under `matchReasons`
 * (reasons.test.ts holds the two equal), and renders the parts in Danish and German with
 * its own number formatter, so the English text a partner system reads and the words a
 * plant manager reads cannot say different things.
 */
import type { Band } from "../domain/bands.ts";
import { bandText } from "../domain/bands.ts";
import type { CodedReason, ReasonParam, ReasonParts, ReasonSeparator } from "../contract/reasons.ts";

export type { CodedReason, ReasonParts };

/** English templates by code: `{{name}}` is a param written by its name's ending; `_one`/`_other` by `count`. */
export const REASON_TEMPLATES_EN: Readonly<Record<string, string>> = {
  "distance.withinRadius": "{{distanceKm}} apart, within the {{radiusKm}} radius for this resource",
  "distance.relaxedRadius": "{{distanceKm}} apart, beyond the {{radiusKm}} radius for this resource, inside the relaxed {{relaxedKm}}",
  "distance.transport": "moving it costs ~{{costEur}}/yr",
  "distance.transportShare": "moving it costs ~{{costEur}}/yr, {{sharePct}} of the {{valueEur}}/yr it is worth",
  "distance.band": "{{distanceKmBand}} apart, within the radius for this resource",

  "quality.supplyTemperatureUndeclared": "supply temperature not declared (a site visit will tell)",
  "quality.needTemperatureUndeclared": "need temperature not declared (a site visit will tell)",
  "quality.heatPump": "heat pump lifts {{fromC}} → {{toC}} °C (COP {{cop}})",
  "quality.temperature": "supply {{supplyC}} °C for a {{needC}} °C need",
  "quality.purity": "purity {{supplyPct}} vs {{needPct}} required",
  "quality.commodity": "{{offerType}} is a commodity utility, not a by-product, score ×{{factor}} ({{why}})",
  "quality.fuelForHeat": "burns or converts {{offerType}} for heat that rejected heat could supply",
  "quality.notBestUse": "{{needType}} is not this {{offerType}}'s highest-value use (use fit {{useFit}})",
  "quality.none": "no quality constraints declared",
  "quality.fits": "quality fits what the need requires",
  "quality.heatPumpBand": "fits with a heat pump lifting the supply to the need's temperature",
  "quality.supplyForNeedBand": "supply {{supplyC}} °C for a need in the {{needCBand}} °C band",
  "quality.supplyBandForNeed": "supply in the {{supplyCBand}} °C band for your {{needC}} °C need",

  "quantity.covers": "covers {{coverPct}} of the {{demandQty}} {{unit}}/yr demand",
  "quantity.variable": ", variable flow (cv {{cv}})",
  "quantity.coversBandSupply": "covers {{coverShareBand}} of the demand; the supply is {{counterpartQtyBand}}",
  "quantity.coversBandNeed": "covers {{coverShareBand}} of the demand; the need is {{counterpartQtyBand}}",

  "temporal.allYear": "both run all year",
  "temporal.overlap": "overlap in {{overlapMonths}} of the demand's {{demandMonths}} months",
  "temporal.noSupplyIn": " (no supply in {{missingMonths}})",
  "temporal.hours": "{{hoursPct}} of the demand's hours",
  "temporal.horizon": "coexisting {{horizonPct}} of the investment horizon",
  "temporal.always": "available whenever it is needed",
  "temporal.most": "overlaps most of the time",
  "temporal.half": "overlaps about half the time",
  "temporal.some": "overlaps some of the time",

  "economics.saves": "saves {{savingsEur}}/yr for {{capexEur}} capex",
  "economics.payback": " (payback {{paybackYears}})",
  "economics.irr": " (IRR {{irr}})",
  "economics.paybackIrr": " (payback {{paybackYears}}, IRR {{irr}})",
  "economics.loss": "transport and conversion ({{opexEur}}/yr) cost more than the {{grossEur}}/yr the exchange is worth",
  "economics.valuedAt": "valued at {{unitPrice}}/{{unit}} {{displaces}}",
  "economics.savesBand": "saves {{savingsEurBand}}/yr for {{capexEurBand}} capex",
  "economics.lossBand": "transport and conversion cost more than the exchange is worth",

  "trust.precision": "{{supplyPrecision}} supply, {{demandPrecision}} demand data",
  "trust.noSupplyTemperature": " (no supply temperature declared)",
  "trust.noNeedTemperature": " (no need temperature declared)",
  "trust.noTemperatures": " (no supply temperature declared, no need temperature declared)",
  "trust.noHistory": "no past exchanges",
  "trust.history_one": "{{count}} past exchange",
  "trust.history_other": "{{count}} past exchanges",

  "graph.partners": "the two organizations already partner",
  "graph.sharedFacilitator": "a facilitator already works with both",
  "graph.existing": "an existing relationship in the network",
  "graph.none": "no existing relationship",

  "counterfactual.heatPump": "needs a heat pump lifting {{fromC}} → {{toC}} °C (COP {{cop}}); direct supply once the source reaches {{directC}} °C",
  "counterfactual.partialCover": "covers {{coverPct}} of the {{demandQty}} {{unit}}/yr demand; full cover needs {{missingQty}} {{unit}}/yr more delivered, from this supply or a second one",
  "counterfactual.partialCoverRatio":
    "covers {{coverPct}} of the {{demandQty}} {{unit}}/yr demand; full cover needs {{missingQty}} {{unit}}/yr more delivered (each {{supplyUnit}} offered arrives as {{perUnit}} {{unit}}), from this supply or a second one",
  "counterfactual.lossAtAnyVolume": "loses money at any volume: transport and conversion cost more than the value",
  "counterfactual.npvAtVolume": "NPV turns positive at about {{volumeQty}} {{unit}}/yr delivered (×{{multiple}}; the demand is {{demandQty}} {{unit}}/yr)",
  "counterfactual.npvNeverPositive": "NPV stays negative even if all of the {{demandQty}} {{unit}}/yr demand were covered",
  "counterfactual.heatPumpBand": "needs a heat pump between the two temperature bands",
  "counterfactual.partialCoverBand": "covers {{coverShareBand}} of the demand; full cover needs more supply",
  "counterfactual.npvAtLargerVolume": "the NPV turns positive only at a larger volume",

  "nearMiss.needMaxDistance": "{{distanceKm}} exceeds the need's maximum distance of {{limitKm}}",
  "nearMiss.offerMaxDistance": "{{distanceKm}} exceeds the offer's maximum distance of {{limitKm}}",
  "nearMiss.beyondRadius": "{{distanceKm}} apart, beyond the {{radiusWholeKm}} radius for {{offerType}}",
  "nearMiss.temperature": "supply at {{supplyC}} °C cannot serve a {{needC}} °C need (margin {{marginK}} K)",
  "nearMiss.temperatureHeatPump":
    "supply at {{supplyC}} °C cannot serve a {{needC}} °C need (margin {{marginK}} K, heat pump limited to {{maxLiftK}} K lift up to {{maxOutputC}} °C)",
  "nearMiss.purity": "purity {{supplyPct}} below the required {{needPct}}",
  "nearMiss.hazardUndeclared": "{{offerType}} is hazardous by default and declares no hazard class; not accepted by the need (it accepts no hazardous input)",
  "nearMiss.hazardUndeclaredAccepts": "{{offerType}} is hazardous by default and declares no hazard class; not accepted by the need (it accepts {{accepted}})",
  "nearMiss.hazardClass": "hazard class {{hazard}} not accepted by the need (it accepts no hazardous input)",
  "nearMiss.hazardClassAccepts": "hazard class {{hazard}} not accepted by the need (it accepts {{accepted}})",
  "nearMiss.quantity": "{{deliveredQty}} {{unit}}/yr below the need's minimum of {{minimumQty}} {{unit}}/yr",

  "rule.hazardUndeclared": "hazardous by default with no hazard class declared; not accepted by the need",
  "rule.hazardClass": "hazard class {{hazard}} not accepted by the need",
  "rule.beyondRadius": "beyond the radius for this resource",
  "rule.beyondNeedMax": "beyond the need's maximum distance",
  "rule.beyondOfferMax": "beyond the offer's maximum distance",
  "rule.belowMinimum": "below the need's minimum annual quantity",
  "rule.temperature": "the temperatures do not fit, even with a heat pump",
  "rule.purity": "purity below what the need requires",
  "rule.lessThanMinimum": "less than the need's minimum quantity",
  "rule.hazardNotAccepted": "the need does not accept this hazard class",
  "rule.failsOn": "fails on {{constraint}}",

  "fix.distance": "feasible within {{withinWholeKm}} (radius now {{radiusWholeKm}})",
  "fix.maxSupplyC": "feasible if the supply is at most {{maxC}} °C (now {{supplyC}} °C)",
  "fix.heatPump": "feasible with a heat pump lifting {{fromC}} → {{toC}} °C (COP {{cop}})",
  "fix.supplyReachesC": "feasible if the supply reaches {{requiredC}} °C (now {{supplyC}} °C)",
  "fix.liftBeyondLimit": "a {{liftK}} K lift is beyond the {{maxLiftK}} K heat-pump limit",
  "fix.hazardDeclare": "feasible once the offer declares its hazard class and the need accepts it",
  "fix.hazardAccept": "feasible if the need accepts hazard class {{hazard}}, with a permit and handling for it",
  "fix.purity": "feasible if purity reaches {{requiredPct}} (now {{supplyPct}})",
  "fix.quantity": "feasible if the supply reaches {{neededQty}} {{supplyUnit}}/yr (now {{nowQty}})",
  "fix.largerRadius": "feasible within a larger radius",
  "fix.hotterSupply": "feasible with a hotter supply or a larger heat-pump lift",
  "fix.purerSupply": "feasible with a purer supply",
  "fix.largerSupply": "feasible with a larger supply",
  "fix.acceptHazard": "feasible if the need accepts the hazard class",
  "fix.notFeasible": "not feasible as declared",

  "allocation.uncontested": "No other need competes for this supply: all this match can use is left for it.",
  "allocation.mostlyTaken_one": "The supply is mostly taken: {{count}} other need competes for it, and {{wishShare}} of what this match could use is left for it.",
  "allocation.mostlyTaken_other": "The supply is mostly taken: {{count}} other needs compete for it, and {{wishShare}} of what this match could use is left for it.",
  "allocation.shared_one": "{{count}} other need competes for this supply; shared by value, {{wishShare}} of what this match could use is left for it.",
  "allocation.shared_other": "{{count}} other needs compete for this supply; shared by value, {{wishShare}} of what this match could use is left for it.",
};

/** One part: `code` with `params`, joined to the part before by `sep` ("; " when omitted). */
export function part(code: string, params: Record<string, ReasonParam> = {}, sep?: ReasonSeparator): CodedReason {
  if (!(code in REASON_TEMPLATES_EN) && !(`${code}_other` in REASON_TEMPLATES_EN)) throw new Error(`reason code ${code} has no template`);
  return sep === undefined ? { code, params } : { code, params, sep };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Compact euro amount: 12k, 4.5M (as the engine has always written money). */
export function eurShort(x: number): string {
  const a = Math.abs(x);
  const s = a >= 1e6 ? `${(a / 1e6).toFixed(1)}M` : a >= 1e3 ? `${(a / 1e3).toFixed(0)}k` : a.toFixed(0);
  return x < 0 ? `-${s}` : s;
}

/** Readable quantity: thousands separators, no decimals above 100. */
export function fmtQty(q: number): string {
  return q >= 100 ? Math.round(q).toLocaleString("en-US") : q.toPrecision(3).replace(/\.?0+$/, "");
}

/** A distance: one decimal below 10 km. */
export function fmtKm(km: number): string {
  return km < 10 ? `${km.toFixed(1)} km` : `${Math.round(km)} km`;
}

/** A payback in words: months below a year (never "0.0 years"), else years to one decimal. */
export function paybackText(years: number): string {
  if (years < 1) return `${Math.max(1, Math.round(years * 12))} months`;
  return `${years.toFixed(1)} yr`;
}

/** An IRR in words ("23 %", "over 1,000 %"). */
export function irrText(irr: number): string {
  return irr >= 10 ? "over 1,000 %" : `${Math.round(irr * 100)} %`;
}

/** A unit price: two significant digits below €100, whole euros above. */
export function unitPriceText(p: number): string {
  return p >= 100 ? Math.round(p).toString() : p.toPrecision(2).replace(/\.0+$/, "");
}

const shareBand = (b: Band) => (b.low === b.high ? `${Math.round(b.low * 100)}%` : `${Math.round(b.low * 100)}–${Math.round((b.high as number) * 100)}%`);

/**
 * One param in English, by its name's ending (contract/reasons.ts lists them). `params`
 * gives a band of quantities its `unit`.
 */
export function paramText(name: string, v: ReasonParam, params: Readonly<Record<string, ReasonParam>>): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return name.endsWith("Months") ? (v as number[]).map((i) => MONTHS[i] ?? String(i)).join(", ") : v.join(", ");
  if (typeof v === "object") {
    const b = v as Band;
    if (name.endsWith("EurBand")) return `€${bandText(b)}`;
    if (name.endsWith("KmBand")) return bandText(b, "km");
    if (name.endsWith("ShareBand")) return shareBand(b);
    if (name.endsWith("QtyBand")) return bandText(b, typeof params.unit === "string" ? params.unit : "");
    return bandText(b);
  }
  const n = v as number;
  if (name.endsWith("WholeKm")) return `${Math.round(n)} km`;
  if (name.endsWith("Km")) return fmtKm(n);
  if (name.endsWith("Eur")) return `€${eurShort(n)}`;
  if (name.endsWith("Pct")) return `${n}%`;
  if (name.endsWith("Share")) return `${Math.round(n * 100)} %`;
  if (name.endsWith("Qty")) return fmtQty(n);
  if (name.endsWith("Years")) return paybackText(n);
  if (name === "irr") return irrText(n);
  if (name === "unitPrice") return `€${unitPriceText(n)}`;
  if (name === "cop" || name === "multiple") return n.toFixed(1);
  if (name === "cv" || name === "useFit") return n.toFixed(2);
  if (name === "perUnit") return n.toPrecision(3);
  return String(n);
}

/** The English template of a part (its plural form by `count`). */
function templateOf(r: CodedReason): string {
  const count = r.params.count;
  const plural = typeof count === "number" ? REASON_TEMPLATES_EN[`${r.code}_${count === 1 ? "one" : "other"}`] : undefined;
  const tpl = plural ?? REASON_TEMPLATES_EN[r.code];
  if (tpl === undefined) throw new Error(`reason code ${r.code} has no template`);
  return tpl;
}

/** One part in English. */
export function renderPart(r: CodedReason): string {
  return templateOf(r).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = r.params[name];
    if (v === undefined) throw new Error(`reason ${r.code}: param ${name} missing`);
    return paramText(name, v, r.params);
  });
}

/** A reason's parts as its English sentence. */
export function reasonText(parts: ReasonParts): string {
  return parts.map((p, i) => (i === 0 ? "" : (p.sep ?? "; ")) + renderPart(p)).join("");
}

/** Parts and their sentence together, as factors and near misses carry them. */
export function coded(parts: ReasonParts): { readonly text: string; readonly parts: ReasonParts } {
  return { text: reasonText(parts), parts };
}
