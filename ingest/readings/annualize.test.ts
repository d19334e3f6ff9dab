import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annualize, roundSignificant, YEAR_MS, type MeasuredSpan } from "./annualize.ts";

const DAY = 24 * 3600 * 1000;
const END = Date.parse("2026-11-01T00:00:00Z");
/** `days` consecutive daily readings of `perDay` each, the last ending `endDaysAgo` before END. */
const daily = (days: number, perDay: number, endDaysAgo = 0): MeasuredSpan[] =>
  Array.from({ length: days }, (_, i) => {
    const end = END - (endDaysAgo + i) * DAY;
    return { start: end - DAY, end, amount: perDay };
  });

describe("annualize", () => {
  it("extrapolates a part-year to 365 days", () => {
    const estimate = annualize([{ start: END - 30 * DAY, end: END, amount: 100 }]);

    expect(estimate).toMatchObject({ annual: 1220, method: "extrapolated", coveredDays: 30, readings: 1 });
  });

  it("sums a year covered at least 11 months, gaps counting as time the flow did not run", () => {
    const readings = [...daily(200, 10), ...daily(140, 10, 225)]; // 340 days covered, a 25-day gap

    expect(annualize(readings)).toMatchObject({ annual: 3400, method: "sum", coveredDays: 340 });
  });

  it("counts only the last 365 days before the latest reading, a straddling reading pro rata", () => {
    const old = { start: END - 500 * DAY, end: END - 400 * DAY, amount: 1e6 };
    const straddling = { start: END - 375 * DAY, end: END - 355 * DAY, amount: 200 }; // 10 of its 20 days inside
    const recent = daily(355, 10);

    expect(annualize([old, straddling, ...recent])).toMatchObject({ annual: 3650, method: "sum", coveredDays: 365 });
  });

  it("counts time covered twice once: a monthly total over the same dailies, or the dailies twice, change nothing", () => {
    const dailies = daily(30, 10);
    const monthly = { start: END - 30 * DAY, end: END, amount: 300 };

    expect(annualize([...dailies, monthly])).toMatchObject({ annual: annualize(dailies)!.annual, coveredDays: 30 });
    expect(annualize([...dailies, ...dailies])).toEqual(annualize(dailies));
  });

  it("gives no estimate for less than 7 days covered, or nothing", () => {
    expect(annualize(daily(6, 10))).toBeUndefined();
    expect(annualize([])).toBeUndefined();
    expect(annualize(daily(7, 10))).toMatchObject({ annual: 3650 });
  });

  it("rounds to 3 significant digits", () => {
    expect(roundSignificant(1216.666)).toBe(1220);
    expect(roundSignificant(0.0123456)).toBe(0.0123);
    expect(roundSignificant(0)).toBe(0);
  });

  it("does not depend on the order of the readings", () => {
    const spans = fc.array(
      fc.record({ startDay: fc.integer({ min: 0, max: 400 }), days: fc.integer({ min: 1, max: 60 }), amount: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(spans, fc.nat(), (raw, seed) => {
        const list = raw.map((s) => ({ start: END - (s.startDay + s.days) * DAY, end: END - s.startDay * DAY, amount: s.amount }));
        const shuffled = [...list].sort((a, b) => ((a.start * 31 + seed) % 97) - ((b.start * 31 + seed) % 97));
        expect(annualize(shuffled)).toEqual(annualize(list));
      }),
    );
  });

  it("recovers a constant rate however the time is cut into readings", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }), fc.double({ min: 0.1, max: 1e4, noNaN: true }), (cuts, perDay) => {
        let end = END;
        const spans = cuts.map((days) => {
          const span = { start: end - days * DAY, end, amount: days * perDay };
          end -= days * DAY;
          return span;
        });
        const estimate = annualize(spans);
        const covered = Math.min(cuts.reduce((a, b) => a + b, 0), 365);
        if (covered < 7) {
          expect(estimate).toBeUndefined();
          return;
        }
        expect(estimate!.annual).toBeCloseTo(roundSignificant(perDay * (covered >= (365 * 11) / 12 ? covered : 365)), 6);
        expect(estimate!.windowEnd - estimate!.windowStart).toBe(YEAR_MS);
      }),
    );
  });
});
