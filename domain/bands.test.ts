import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bandText, coverageBand, distanceBand, inBand, moneyBand, quantityBand, temperatureBand, yearsBand } from "./bands.ts";

const positive = fc.double({ min: 1e-6, max: 1e12, noNaN: true });

describe("bands", () => {
  it("put every quantity in a 1–2–5 band at most 2.5× wide that contains it", () => {
    fc.assert(
      fc.property(positive, (q) => {
        const b = quantityBand(q);
        expect(inBand(q, b)).toBe(true);
        expect(b.high! / b.low).toBeLessThanOrEqual(2.5 + 1e-9);
        expect([1, 2, 5]).toContain(Number((b.low / 10 ** Math.floor(Math.log10(b.low) + 1e-12)).toPrecision(6)));
      }),
    );
  });

  it("show two values of one band exactly alike, and values of different bands differently", () => {
    fc.assert(
      fc.property(positive, positive, (a, b) => {
        const same = quantityBand(a).low === quantityBand(b).low;
        expect(same).toBe(inBand(b, quantityBand(a)));
      }),
    );
  });

  it("are monotonic: a larger value never falls in a lower band", () => {
    fc.assert(
      fc.property(positive, positive, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(quantityBand(lo).low).toBeLessThanOrEqual(quantityBand(hi).low);
        expect(distanceBand(lo).low).toBeLessThanOrEqual(distanceBand(hi).low);
      }),
    );
  });

  it("mirror negative money and keep it in its band", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((x) => Math.abs(x) > 1e-6), (eur) => {
        const b = moneyBand(eur);
        // Mirrored: a negative amount's band is closed at the top, (low, high].
        expect(eur > 0 ? eur >= b.low && eur < b.high! : eur > b.low && eur <= b.high!).toBe(true);
        expect(Math.sign(b.low + (b.high as number))).toBe(Math.sign(eur));
      }),
    );
  });

  it("band temperatures in 20 K steps, distances and years on their ladders", () => {
    expect(temperatureBand(75)).toEqual({ low: 60, high: 80 });
    expect(temperatureBand(-5)).toEqual({ low: -20, high: 0 });
    expect(distanceBand(1.3)).toEqual({ low: 1, high: 2 });
    expect(distanceBand(140)).toEqual({ low: 100, high: 200 });
    expect(distanceBand(5000)).toEqual({ low: 1000, high: null });
    expect(yearsBand(2.4)).toEqual({ low: 2, high: 3 });
    expect(yearsBand(null)).toBeNull();
    expect(quantityBand(0.3)).toEqual({ low: 0.2, high: 0.5 });
    expect(quantityBand(13_100)).toEqual({ low: 10_000, high: 20_000 });
    expect(coverageBand(0.62)).toEqual({ low: 0.5, high: 0.75 });
    expect(coverageBand(1.4)).toEqual({ low: 1, high: 1 });
  });

  it("read as a phrase", () => {
    expect(bandText(quantityBand(13_100), "MWh/yr")).toBe("10,000–20,000 MWh/yr");
    expect(bandText(distanceBand(2000), "km")).toBe("over 1,000 km");
  });
});
