import { describe, expect, it } from "vitest";
import en from "../i18n/locales/en.json";
import da from "../i18n/locales/da.json";
import de from "../i18n/locales/de.json";
import { quantityNumber, quantityText, unitText } from "./quantity-text.ts";

describe("quantities in each language", () => {
  it("writes the period of a unit in the language's word", () => {
    expect(["en", "da", "de"].map((l) => unitText("MWh/yr", l as "en"))).toEqual(["MWh/yr", "MWh/år", "MWh/Jahr"]);
    expect(["en", "da", "de"].map((l) => unitText("m3/day", l as "en"))).toEqual(["m³/day", "m³/dag", "m³/Tag"]);
    expect(["en", "da", "de"].map((l) => unitText("t/yr", l as "en"))).toEqual(["t/yr", "t/år", "t/Jahr"]);
    expect(unitText("Nm3/h", "de")).toBe("Nm³/h");
    expect(unitText("t/week", "da")).toBe("t/uge");
    expect(unitText("tCO2/MWh", "da")).toBe("tCO2/MWh"); // not a period: unchanged
  });

  it("adds the year to a bare unit of a yearly figure once, never twice", () => {
    expect(unitText("MWh", "en", true)).toBe("MWh/yr");
    expect(unitText("MWh/yr", "en", true)).toBe("MWh/yr");
    expect(unitText("m³", "da", true)).toBe("m³/år");
    expect(quantityText(2400, "MWh/yr", "de", true)).toBe("2.400 MWh/Jahr");
  });

  it("shows whole numbers below a million in every language, compact above", () => {
    expect(["en", "da", "de"].map((l) => quantityText(12_345.4, "MWh/yr", l as "en"))).toEqual(["12,345 MWh/yr", "12.345 MWh/år", "12.345 MWh/Jahr"]);
    expect(["en", "da", "de"].map((l) => quantityNumber(1_234_567, l as "en"))).toEqual(["1.2M", "1,2\u00a0mio.", "1,2\u00a0Mio."]); // Intl keeps the figure and its word together
    expect(quantityText(3100, "MWh/yr", "da")).toBe("3.100 MWh/år");
  });

  it("keeps a decimal for small figures, with the language's decimal mark", () => {
    expect(quantityNumber(2.46, "en")).toBe("2.5");
    expect(quantityNumber(2.46, "da")).toBe("2,5");
    expect(quantityNumber(0.456, "de")).toBe("0,46");
    expect(quantityNumber(0, "en")).toBe("0");
  });

  it("has a word for every period of the canonical units in all three languages", () => {
    const periods = ["yr", "month", "week", "day", "h", "min", "s"];
    for (const locale of [en, da, de]) expect(Object.keys(locale.quantities.period).sort()).toEqual([...periods].sort());
  });

  it("has every plural of the counts section in all three languages", () => {
    const keys = (l: Record<string, unknown>) => Object.keys(l).filter((k) => k !== "period").sort();
    expect(keys(da.quantities)).toEqual(keys(en.quantities));
    expect(keys(de.quantities)).toEqual(keys(en.quantities));
    for (const k of keys(en.quantities).filter((x) => x.endsWith("_one"))) expect(keys(en.quantities)).toContain(k.replace(/_one$/, "_other"));
  });
});
