import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceBand, quantityBand, temperatureBand } from "../domain/bands.ts";
import { disclosureState, nearMissToParty, presentToParty, type MatchDisclosure } from "./party-view.ts";
import type { CounterpartView, MatchView } from "./flow-matches.ts";
import { part, reasonText } from "../matching/reasons.ts";

const CONTACT = { name: "Karen Holm", email: "karen.holm@heatco.example", phone: "+45 12 34 56 78" };

function counterpart(over: Partial<CounterpartView> = {}): CounterpartView {
  return {
    orgId: "heatco-secret-org",
    orgName: "Heat Co Secret A/S",
    naceCode: "35.30",
    flowId: "heatco-flow-9",
    siteId: "heatco-site-3",
    siteName: "Heat Co Works",
    location: { lat: 55.66123, lon: 11.10456 },
    region: { code: "0326", name: "Kalundborg" },
    direction: "offer",
    resourceType: "waste_heat_low",
    annualQuantity: 13_137.5,
    unit: "MWh/yr",
    temperatureC: 73.4,
    precision: "measured",
    hazardClass: null,
    ...over,
  };
}

function aMatch(over: Partial<MatchView> = {}, cp: Partial<CounterpartView> = {}): MatchView {
  return {
    id: "m_ffffffffffffffffffffffff",
    rank: 1,
    score: 0.8123,
    flowId: "greenhouse-heat-need",
    supplyFlowId: "heatco-flow-9",
    demandFlowId: "greenhouse-heat-need",
    supplyOrgId: "heatco-secret-org",
    demandOrgId: "greenhouse",
    offerType: "waste_heat_low",
    needType: "heat_demand_low",
    distanceKm: 1.337,
    own: { direction: "need", resourceType: "heat_demand_low", annualQuantity: 9_000, unit: "MWh/yr", temperatureC: 55, precision: "estimated" },
    coverage: 0.87,
    counterpart: counterpart(cp),
    factors: {
      distance: { score: 0.9, weight: 0.2, reason: "1.3 km apart, within the 5.0 km radius for this resource" },
      quality: { score: 0.8, weight: 0.15, reason: "supply 73 °C for a 55 °C need" },
      quantity: { score: 0.85, weight: 0.15, reason: "covers 87% of the 9,000 MWh/yr demand" },
      temporal: { score: 1, weight: 0.1, reason: "both run all year" },
      economics: { score: 0.7, weight: 0.2, reason: "saves €123k/yr for €456k capex (payback 3.7 yr)" },
      trust: { score: 0.8, weight: 0.1, reason: "measured supply, estimated demand data; 2 past exchanges" },
      graph: { score: 1, weight: 0.1, reason: "the two organizations already partner" },
    },
    conversion: "district heating: heat exchanger",
    heatPump: null,
    route: { decision: "auto", complexity: 1, drivers: [] },
    economics: {
      transportMode: "heat_pipe",
      suppliedQuantity: 7_830.123,
      deliveredQuantity: 7_830.123,
      capexEur: 456_789,
      annualGrossEur: 234_567,
      annualOpexEur: 111_111,
      annualSavingsEur: 123_456,
      npvEur: { low: 800_001, mid: 1_000_001, high: 1_200_001 },
      paybackYears: 3.7,
      irr: 0.21,
      co2AvoidedTPerYear: { low: 1_500.5, mid: 1_700.7, high: 1_900.9 },
      uncertainty: 0.3,
      discountRate: 0.06,
      lifetimeYears: 20,
      pricePerUnit: 40,
      unit: "MWh",
      displaces: "natural gas",
      substitutionRatio: 1 / 0.9,
      valueEurPerUnit: 44.44,
      source: "Eurostat nrg_pc_203",
      capexBasis: "heat pipe",
      npvDrivers: [{ input: "quantity", lowEur: 800_001, highEur: 1_200_001, why: "the demand is estimated" }],
      npvNote: "±20 % mostly because the demand is estimated",
    },
    counterfactuals: ["covers 87% of the 9,000 MWh/yr demand; full cover needs 15,100 MWh/yr of supply"],
    ...over,
  };
}

const closed: MatchDisclosure = { revealed: false, yourDecision: null, counterpartDeclined: false, counterpartPublic: false, contact: CONTACT };

/** Every string and number of a value, flattened. */
function leaves(value: unknown, out: (string | number)[] = []): (string | number)[] {
  if (typeof value === "string" || typeof value === "number") out.push(value);
  else if (value && typeof value === "object") for (const v of Object.values(value)) leaves(v, out);
  return out;
}

describe("what a party sees of a match", () => {
  it("before mutual interest: no identity, no exact counterpart figure, no price or gross value", () => {
    const view = presentToParty(aMatch(), closed);
    const text = JSON.stringify(view);
    for (const secret of ["heatco-secret-org", "Heat Co", "heatco-flow-9", "heatco-site-3", "Karen", "heatco.example", "13137", "73.4", "55.66", "11.10", "234567", "111111", "7830", "0.21"]) {
      expect(text).not.toContain(secret);
    }
    expect(view.disclosure.state).toBe("anonymous");
    expect(view.counterpart).toMatchObject({ kind: "anonymous", resourceType: "waste_heat_low", naceSection: "D", region: { name: "Kalundborg" }, precision: "measured" });
    expect(view.counterpart.kind === "anonymous" && view.counterpart.quantity.band).toEqual({ low: 10_000, high: 20_000 });
    expect(view.counterpart.kind === "anonymous" && view.counterpart.temperature).toEqual({ low: 60, high: 80 });
    expect(view.distance).toEqual({ low: 1, high: 2 });
    expect(view.supplyOrgId).toBeNull();
    expect(view.demandOrgId).toBe("greenhouse");
    expect(view.demandFlowId).toBe("greenhouse-heat-need");
    // The viewer's own figure may appear; the reasons still say why the score is what it is.
    expect(view.factors.quality.reason).toBe("supply in the 60–80 °C band for your 55 °C need");
    expect(view.factors.economics.reason).toBe("saves €100,000–200,000/yr for €200,000–500,000 capex");
    // The canonical unit already says per year: once, not "MWh/yr/yr".
    expect(view.factors.quantity.reason).toMatch(/the supply is 10,000–20,000 MWh\/yr$/);
  });

  it("shows two counterparts whose figures fall in the same bands exactly alike", () => {
    const same = fc.record({
      q: fc.double({ min: 10_000, max: 19_999, noNaN: true }),
      t: fc.double({ min: 60, max: 79.9, noNaN: true }),
      km: fc.double({ min: 1, max: 1.99, noNaN: true }),
      lat: fc.double({ min: 54, max: 58, noNaN: true }),
      lon: fc.double({ min: 8, max: 15, noNaN: true }),
      org: fc.stringMatching(/^[a-z]{4,12}$/),
      name: fc.string({ minLength: 1, maxLength: 30 }),
      flow: fc.stringMatching(/^[a-z0-9-]{3,20}$/),
    });
    fc.assert(
      fc.property(same, same, (a, b) => {
        const viewOf = (x: typeof a) =>
          presentToParty(
            aMatch({ distanceKm: x.km, supplyOrgId: x.org, supplyFlowId: x.flow }, { annualQuantity: x.q, temperatureC: x.t, location: { lat: x.lat, lon: x.lon }, orgId: x.org, orgName: x.name, flowId: x.flow, siteId: `${x.flow}-site` }),
            closed,
          );
        expect(viewOf(a)).toEqual(viewOf(b));
      }),
    );
  });

  it("never puts a counterpart's exact quantity, temperature or position into an anonymous view", () => {
    fc.assert(
      fc.property(
        // Off any round number, so a match with a band edge or a weight means a leak, not chance.
        fc.double({ min: 0.5, max: 1e7, noNaN: true }).map((x) => x * 1.0000137 + 0.000123),
        fc.double({ min: -30, max: 600, noNaN: true }).map((x) => x + 0.000321),
        fc.double({ min: 0.01, max: 400, noNaN: true }).map((x) => x * 1.0000173 + 0.000231),
        (q, t, km) => {
          const view = presentToParty(aMatch({ distanceKm: km }, { annualQuantity: q, temperatureC: t }), closed);
          const values = leaves(view);
          expect(values).not.toContain(q);
          expect(values).not.toContain(t);
          expect(values).not.toContain(km);
          expect(view.counterpart.kind === "anonymous" && view.counterpart.quantity.band).toEqual(quantityBand(q));
          expect(view.counterpart.kind === "anonymous" && view.counterpart.temperature).toEqual(temperatureBand(t));
          expect(view.distance).toEqual(distanceBand(km));
        },
      ),
    );
  });

  it("codes an anonymous view's reasons from the bands and the viewer's own figures only, from either side", () => {
    const exact = fc.record({
      q: fc.double({ min: 1, max: 5e6, noNaN: true }),
      t: fc.double({ min: 20, max: 400, noNaN: true }),
      own: fc.double({ min: 20, max: 400, noNaN: true }),
      km: fc.double({ min: 0.05, max: 300, noNaN: true }),
      savings: fc.double({ min: -2e6, max: 2e7, noNaN: true }),
      capex: fc.double({ min: 0, max: 5e7, noNaN: true }),
      coverage: fc.double({ min: 0.01, max: 1, noNaN: true }),
      npv: fc.double({ min: -1e7, max: 1e8, noNaN: true }),
      temporal: fc.double({ min: 0, max: 1, noNaN: true }),
      heatPump: fc.boolean(),
      viewer: fc.constantFrom("offer", "need"),
    });
    const numbers = (v: unknown) => leaves(v).filter((x): x is number => typeof x === "number");
    fc.assert(
      fc.property(exact, (x) => {
        const other = x.viewer === "offer" ? "need" : "offer";
        const base = aMatch();
        const m = aMatch(
          {
            distanceKm: x.km,
            coverage: x.coverage,
            own: { ...base.own, direction: x.viewer, temperatureC: x.own },
            heatPump: x.heatPump ? { fromC: x.t, toC: x.own, liftK: x.own - x.t, cop: 3.3 } : null,
            factors: { ...base.factors, temporal: { ...base.factors.temporal, score: x.temporal } },
            economics: { ...base.economics, annualSavingsEur: x.savings, capexEur: x.capex, npvEur: { low: x.npv - 1, mid: x.npv, high: x.npv + 1 } },
            counterfactuals: [],
          },
          { direction: other, annualQuantity: x.q, temperatureC: x.t },
        );
        const view = presentToParty(m, closed);
        // What the banded text may say: the listing's bands, the banded money, the viewer's own figures.
        const allowed = new Set([...numbers(view.counterpart), ...numbers(view.economics), ...numbers(view.coverageBand), ...numbers(view.distance), Math.round(x.own)]);
        const coded = [...Object.values(view.factors).map((f) => f.reasonCodes ?? []), ...(view.counterfactualCodes ?? [])];
        for (const parts of coded) for (const n of numbers(parts.map((p) => p.params))) expect(allowed, `param ${n}`).toContain(n);
        // An exact figure may only show where it happens to be a band's edge.
        for (const secret of [x.q, x.t, x.km, x.savings, x.capex, x.coverage, x.npv].filter((n) => !allowed.has(n))) expect(numbers(coded)).not.toContain(secret);
        // The sentence is the codes' own English, so it holds no more than they do.
        for (const f of Object.values(view.factors)) expect(reasonText(f.reasonCodes!)).toBe(f.reason);
        expect(view.counterfactualCodes!.map(reasonText)).toEqual(view.counterfactuals);
      }),
      { seed: 15, numRuns: 300 },
    );
  });

  it("keeps a named counterpart's coded reasons as computed, and a stored match without codes keeps its text", () => {
    const codes = [part("distance.withinRadius", { distanceKm: 1.337, radiusKm: 5 })];
    const base = aMatch();
    const m = aMatch({ factors: { ...base.factors, distance: { ...base.factors.distance, reasonCodes: codes } }, counterfactualCodes: [[part("counterfactual.lossAtAnyVolume")]] });
    const view = presentToParty(m, { ...closed, revealed: true });
    expect(view.factors.distance.reasonCodes).toEqual(codes);
    expect(view.factors.quality.reasonCodes).toBeUndefined();
    expect(view.counterfactualCodes).toEqual([[part("counterfactual.lossAtAnyVolume")]]);
  });

  it("shows the public market price the match is valued at while anonymous, never a declared current cost", () => {
    const anonymous = presentToParty(aMatch(), closed);
    expect(anonymous.economics).toMatchObject({
      banded: true,
      marketPrice: { eur: 40, unit: "MWh", displaces: "natural gas", source: "Eurostat nrg_pc_203" },
      npvDriver: "the demand is estimated",
    });
    const declared = aMatch();
    const own = presentToParty({ ...declared, economics: { ...declared.economics, pricePerUnit: 61.5, source: "the consumer's declared current cost" } }, closed);
    expect(own.economics).toMatchObject({ banded: true, marketPrice: null });
    expect(JSON.stringify(own)).not.toContain("61.5");
  });

  it("after mutual interest: the full counterpart and its contact", () => {
    const view = presentToParty(aMatch(), { ...closed, revealed: true, yourDecision: "interested" });
    expect(view.disclosure.state).toBe("revealed");
    expect(view.counterpart).toMatchObject({ kind: "revealed", orgName: "Heat Co Secret A/S", flowId: "heatco-flow-9", annualQuantity: 13_137.5, contact: CONTACT });
    expect(view.supplyOrgId).toBe("heatco-secret-org");
    expect(view.distanceKm).toBe(1.337);
    expect(view.economics).toMatchObject({ annualGrossEur: 234_567 });
  });

  it("a public counterpart is named from the start, but its contact waits for mutual interest", () => {
    const view = presentToParty(aMatch(), { ...closed, counterpartPublic: true });
    expect(view.disclosure.state).toBe("public");
    expect(view.counterpart).toMatchObject({ kind: "public", orgName: "Heat Co Secret A/S", contact: null });
  });

  it("a rejection shows the other side 'declined', never who", () => {
    const view = presentToParty(aMatch(), { ...closed, yourDecision: "interested", counterpartDeclined: true });
    expect(view.disclosure).toEqual({ state: "declined", yourDecision: "interested", counterpartDecision: "declined" });
    expect(JSON.stringify(view)).not.toContain("Heat Co");
    expect(disclosureState({ revealed: true, yourDecision: "interested", counterpartDeclined: false, counterpartPublic: false })).toBe("revealed");
  });

  it("phrases a near miss without the counterpart's figures unless it is public", () => {
    const miss = { counterpart: counterpart({ temperatureC: 41.3 }), constraint: "temperature", distanceKm: 2.2, reason: "supply at 41.3 °C cannot serve a 55 °C need", counterfactual: "feasible if the supply reaches 60 °C (now 41.3 °C)" };
    const anonymous = nearMissToParty(miss, false);
    expect(JSON.stringify(anonymous)).not.toMatch(/41\.3|Heat Co|heatco/);
    expect(anonymous.counterpart).toMatchObject({ kind: "anonymous", temperature: { low: 40, high: 60 }, distance: { low: 2, high: 5 } });
    expect(nearMissToParty(miss, true).counterpart).toMatchObject({ kind: "public", orgName: "Heat Co Secret A/S" });
    // Its codes name the rule and the kind of fix, with no figure at all.
    expect(anonymous.reasonCodes).toEqual([part("rule.temperature")]);
    expect(anonymous.counterfactualCodes).toEqual([part("fix.hotterSupply")]);
    expect(reasonText(anonymous.counterfactualCodes!)).toBe(anonymous.counterfactual);
  });

  it("codes an anonymous near miss from the rule the engine named, and a public one as the engine coded it", () => {
    const fix = [part("fix.supplyReachesC", { requiredC: 60, supplyC: 41 })];
    const miss = {
      counterpart: counterpart({ temperatureC: 41.3 }),
      constraint: "distance",
      distanceKm: 12.4,
      reason: "12 km exceeds the need's maximum distance of 10.0 km",
      reasonCodes: [part("nearMiss.needMaxDistance", { distanceKm: 12.4, limitKm: 10 })],
      rule: "beyond the need's maximum distance",
      ruleCodes: [part("rule.beyondNeedMax")],
      counterfactual: "feasible if the supply reaches 60 °C (now 41 °C)",
      counterfactualCodes: fix,
    };
    const anonymous = nearMissToParty(miss, false);
    expect(anonymous.reason).toBe("beyond the need's maximum distance");
    expect(anonymous.reasonCodes).toEqual([part("rule.beyondNeedMax")]);
    expect(JSON.stringify([anonymous.reasonCodes, anonymous.counterfactualCodes])).not.toMatch(/12\.4|41|60/);
    const named = nearMissToParty(miss, true);
    expect(named.reasonCodes).toEqual(miss.reasonCodes);
    expect(named.counterfactualCodes).toEqual(fix);
  });
});
