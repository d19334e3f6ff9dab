import { readFileSync } from "node:fs";
import fc from "fast-check";
import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { moneyParts, moneyReason } from "./economics/reason.ts";
import { distanceParts, explainDistance } from "./factors/distance.ts";
import { explainGraph, graphParts } from "./factors/graph-context.ts";
import { explainQuality, qualityParts } from "./factors/quality.ts";
import { explainQuantity, quantityParts } from "./factors/quantity.ts";
import { explainTemporal, temporalParts } from "./factors/temporal.ts";
import { explainTrust, trustParts, type MissingTemperatures } from "./factors/trust.ts";
import { RULES } from "./compatibility.ts";
import { useFitParts } from "./factors/use-fit.ts";
import { paramText, REASON_TEMPLATES_EN, reasonText, type ReasonParts } from "./reasons.ts";
import type { MatchEconomics } from "./types.ts";
import { QUALITY_CONTEXT, QUALITY_REGION } from "./fixtures/quality-region.ts";
import { matchFlow } from "./match-flow.ts";

// The client's locale files, read as files: the server never imports the client.
const locale = (l: string) => (JSON.parse(readFileSync(new URL(`../client/src/i18n/locales/${l}.json`, import.meta.url), "utf8")) as { matchReasons: Record<string, unknown> }).matchReasons;
/** Words of the client's own (separators, precision names, units), not codes the server writes. */
const CLIENT_ONLY = /^(and|precision\.|units\.)/;

function flatten(o: Record<string, unknown>, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === "string") out[prefix + k] = v;
    else Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
  }
  return out;
}

const codesOf = (flat: Record<string, string>) => Object.fromEntries(Object.entries(flat).filter(([k]) => !CLIENT_ONLY.test(k)));
const tokens = (s: string) => new Set([...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]));

/** A sentence as the client's `en` locale says it: i18next with the server's English param text. */
function clientEnglish(parts: ReasonParts): string {
  return parts
    .map((p, i) => {
      const values: Record<string, unknown> = {};
      for (const [name, v] of Object.entries(p.params)) values[name] = name === "count" ? v : paramText(name, v, p.params);
      const text = i18next.t(`matchReasons.${p.code}`, values) as string;
      return (i === 0 ? "" : (p.sep === " and " ? ` ${i18next.t("matchReasons.and")} ` : (p.sep ?? "; "))) + text;
    })
    .join("");
}

beforeAll(async () => {
  await i18next.init({ lng: "en", resources: { en: { translation: { matchReasons: locale("en") } } }, interpolation: { escapeValue: false } });
});

describe("coded reasons", () => {
  it("are worded by the templates the client's en locale holds, and da and de have words for every code with no param the English lacks", () => {
    const en = codesOf(flatten(locale("en")));
    expect(en).toEqual(REASON_TEMPLATES_EN);
    for (const l of ["da", "de"]) {
      const words = flatten(locale(l));
      expect(Object.keys(codesOf(words)).sort(), l).toEqual(Object.keys(en).sort());
      for (const [code, text] of Object.entries(codesOf(words))) for (const name of tokens(text)) expect(tokens(en[code]!), `${l} ${code}`).toContain(name);
      for (const k of Object.keys(flatten(locale("en"))).filter((k) => CLIENT_ONLY.test(k))) expect(words[k], `${l} ${k}`).toBeDefined();
    }
  });

  const km = fc.double({ min: 0, max: 400, noNaN: true });
  const eur = fc.double({ min: -5e6, max: 5e7, noNaN: true });
  const temp = fc.oneof(fc.constant(Number.NaN), fc.double({ min: -20, max: 600, noNaN: true }));
  const pctOrNaN = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 100 }));
  const mask = fc.integer({ min: 0, max: 0xfff });
  const share = fc.double({ min: 0, max: 1, noNaN: true });

  it("say in the server's English what the client's en locale renders from their code and params (every factor, generated inputs)", () => {
    const same = (parts: ReasonParts, server: string) => {
      expect(reasonText(parts)).toBe(server);
      expect(clientEnglish(parts)).toBe(server);
    };
    fc.assert(
      fc.property(km, km, km, eur, eur, (d, base, used, transport, value) => same(distanceParts(d, base, used, transport, value), explainDistance(d, base, used, transport, value))),
      { seed: 1, numRuns: 400 },
    );
    fc.assert(
      fc.property(temp, temp, fc.oneof(fc.constant(0), fc.double({ min: 1.5, max: 8, noNaN: true })), pctOrNaN, pctOrNaN, fc.integer({ min: 0, max: 2 }), fc.nat(RULES.length - 1), (s, d, cop, ps, pd, thermal, r) =>
        same(qualityParts(s, d, cop, ps, pd, thermal, useFitParts(r)), explainQuality(s, d, cop, ps, pd, thermal, useFitParts(r))),
      ),
      { seed: 2, numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom("MWh", "t", "m³"), share, (s, d, unit, cv) =>
        same(quantityParts(s, d, unit, cv), explainQuantity(s, d, unit, cv)),
      ),
      { seed: 3, numRuns: 400 },
    );
    fc.assert(fc.property(mask, mask, share, share, (ms, md, c, dates) => same(temporalParts(ms, md, c, dates), explainTemporal(ms, md, c, dates))), { seed: 4, numRuns: 400 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.nat(5), fc.nat(5), fc.constantFrom<MissingTemperatures>("", "supply", "need", "both"), (ps, pd, hs, hd, missing) =>
        same(trustParts(ps, pd, hs, hd, missing), explainTrust(ps, pd, hs, hd, missing)),
      ),
      { seed: 5, numRuns: 200 },
    );
    for (const partnered of [true, false]) for (const shared of [true, false]) same(graphParts(partnered, shared), explainGraph(partnered, shared));
    const economics = fc.record({
      annualSavingsEur: eur,
      annualOpexEur: fc.double({ min: 0, max: 1e7, noNaN: true }),
      annualGrossEur: fc.double({ min: 0, max: 1e7, noNaN: true }),
      capexEur: fc.double({ min: 0, max: 1e8, noNaN: true }),
      paybackYears: fc.option(fc.double({ min: 0, max: 40, noNaN: true })),
      irr: fc.option(fc.double({ min: -1, max: 20, noNaN: true })),
      pricePerUnit: fc.double({ min: 0.01, max: 900, noNaN: true }),
      unit: fc.constantFrom("MWh", "t", "m³"),
      displaces: fc.constantFrom("natural gas", "feed barley"),
    });
    fc.assert(fc.property(economics, (e) => same(moneyParts(e as unknown as MatchEconomics), moneyReason(e as unknown as MatchEconomics))), { seed: 6, numRuns: 400 });
  });

  it("word every counterfactual and near miss of a region's results as the text beside it says (rules, fixes, two fixes joined)", () => {
    let nearMisses = 0;
    for (const f of QUALITY_REGION) {
      const r = matchFlow(f, QUALITY_REGION.filter((x) => x !== f), QUALITY_CONTEXT, { nearMisses: 20 });
      for (const m of r.matches) {
        expect(m.counterfactualCodes!.map(clientEnglish)).toEqual(m.counterfactuals);
        for (const x of Object.values(m.factors)) expect(clientEnglish(x.reasonCodes!)).toBe(x.reason);
      }
      for (const n of r.nearMisses) {
        nearMisses++;
        expect(clientEnglish(n.counterfactualCodes!)).toBe(n.counterfactual);
        expect(clientEnglish(n.ruleCodes!)).toBe(n.rule);
        expect(clientEnglish(n.reasonCodes!)).toBe(n.reason);
      }
    }
    expect(nearMisses).toBeGreaterThan(10);
  });

  it("keep the English partner systems read", () => {
    expect(explainDistance(64, 50, 75, 12_000, 100_000)).toBe("64 km apart, beyond the 50 km radius for this resource, inside the relaxed 75 km; moving it costs ~€12k/yr, 12% of the €100k/yr it is worth");
    expect(explainTrust(2, 1, 1, 0, "supply")).toBe("measured supply, estimated demand data (no supply temperature declared); 1 past exchange");
    expect(explainTemporal(0b000000111111, 0xfff, 1, 0.5)).toBe("overlap in 6 of the demand's 12 months (no supply in Jul, Aug, Sep, Oct, Nov, Dec), coexisting 50% of the investment horizon");
  });
});
