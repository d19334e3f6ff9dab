import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { paybackText, priceText } from "./economics/reason.ts";
import { matchFlow } from "./match-flow.ts";
import { need, north, offer } from "./test-helpers.ts";
import type { Precision, RankedMatch } from "./types.ts";

const num = (s: string) => Number(s.replaceAll(",", ""));

/** Every way a match's texts could contradict the numbers beside them; empty when consistent. */
function contradictions(m: RankedMatch): string[] {
  const out: string[] = [];
  const e = m.economics;
  const pumped = /heat pump/.test(m.conversion);
  if (pumped !== (m.heatPump !== null)) out.push(`conversion "${m.conversion}" vs heatPump ${JSON.stringify(m.heatPump)}`);
  if (m.heatPump && /exchanger/.test(m.conversion)) out.push(`two conversion models: "${m.conversion}"`);
  if (/heat pump/.test(m.factors.quality.reason) !== (m.heatPump !== null)) out.push(`quality reason "${m.factors.quality.reason}"`);
  const money = m.factors.economics.reason;
  if (e.paybackYears !== null && !money.includes(`payback ${paybackText(e.paybackYears)}`)) out.push(`payback text "${money}" vs ${e.paybackYears}`);
  if (!money.includes(priceText(e))) out.push(`price text "${money}" vs ${priceText(e)}`);
  if (e.paybackYears !== null && e.capexEur > 0 && e.lifetimeYears > 0 && e.irr === null) out.push("payback finite but IRR null");
  for (const r of [e.npvEur, e.co2AvoidedTPerYear]) if (!(r.low <= r.mid && r.mid <= r.high)) out.push(`inverted range ${JSON.stringify(r)}`);
  for (const c of m.counterfactuals) {
    const cover = /of the ([\d,.]+) \S+ demand; full cover needs ([\d,.]+) \S+ more delivered/.exec(c);
    if (cover && num(cover[2]!) > num(cover[1]!)) out.push(`asks more than the demand: "${c}"`);
    const npv = /at about ([\d,.]+) \S+ delivered .*the demand is ([\d,.]+) /.exec(c);
    if (npv && num(npv[1]!) > num(npv[2]!) * 1.001) out.push(`NPV cover above the demand: "${c}"`);
    if (/full cover needs/.test(c) && !cover) out.push(`unparsed cover text "${c}"`);
  }
  return out;
}

const precision = fc.constantFrom<Precision>("rough", "estimated", "measured");
const heatCase = fc.record({
  offerType: fc.constantFrom("waste_heat_low", "waste_heat_high", "steam"),
  needType: fc.constantFrom("process_heat", "waste_heat_low"),
  supplyC: fc.integer({ min: 30, max: 180 }),
  demandC: fc.integer({ min: 30, max: 120 }),
  supplyQ: fc.integer({ min: 100, max: 80_000 }),
  demandQ: fc.integer({ min: 100, max: 80_000 }),
  km: fc.double({ min: 0.2, max: 12, noNaN: true }),
  ps: precision,
  pd: precision,
});
const bulkCase = fc.record({
  pair: fc.constantFrom(["whey", "feed"], ["spent_grain", "feed"], ["fly_ash", "cement_raw_material"], ["lime_sludge", "cement_raw_material"], ["gypsum", "plasterboard_raw_material"], ["treated_wastewater", "fresh_water"]),
  supplyQ: fc.integer({ min: 100, max: 200_000 }),
  demandQ: fc.integer({ min: 100, max: 200_000 }),
  km: fc.double({ min: 0.5, max: 60, noNaN: true }),
  ps: precision,
  pd: precision,
});

describe("explanations never contradict the numbers beside them", () => {
  it("heat: one conversion model, payback/IRR/price as reported, cover never above the demand (property)", () => {
    fc.assert(
      fc.property(heatCase, (x) => {
        const o = offer(x.offerType, { temperatureC: x.supplyC, annualQuantity: x.supplyQ, precision: x.ps });
        const n = need(x.needType, { temperatureC: x.demandC, annualQuantity: x.demandQ, precision: x.pd, lat: north(55.66, x.km) });
        for (const m of matchFlow(n, [o]).matches) expect(contradictions(m)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("bulk and water: the same rules (property)", () => {
    fc.assert(
      fc.property(bulkCase, (x) => {
        const o = offer(x.pair[0]!, { annualQuantity: x.supplyQ, precision: x.ps });
        const n = need(x.pair[1]!, { annualQuantity: x.demandQ, precision: x.pd, lat: north(55.66, x.km) });
        for (const m of matchFlow(n, [o]).matches) expect(contradictions(m)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("names a heat pump, not the plate heat exchanger, for 48 °C heat to a 59 °C need", () => {
    const m = matchFlow(need("process_heat", { temperatureC: 59 }), [offer("waste_heat_low", { temperatureC: 48 })]).matches[0]!;
    expect(m.heatPump).not.toBeNull();
    expect(m.conversion).toMatch(/heat pump lifting 48 → 59 °C/);
    expect(m.conversion).not.toMatch(/exchanger/);
  });

  it("quotes the shortfall of a partial cover in the need's unit, below the demand", () => {
    const m = matchFlow(need("process_heat", { temperatureC: 60, annualQuantity: 23_639 }), [
      offer("waste_heat_high", { temperatureC: 90, annualQuantity: 13_100 }),
    ]).matches[0]!;
    const cover = m.counterfactuals.find((c) => c.includes("full cover"))!;
    expect(cover).toMatch(/of the 23,639 MWh\/yr demand; full cover needs [\d,]+ MWh\/yr more delivered/);
    expect(contradictions(m)).toEqual([]);
  });
});
