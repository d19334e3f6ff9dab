/**
 * The one way the client writes a quantity: a number in the language's digits and a unit in
 * its words ("3,100 MWh/yr", "3.100 MWh/år", "3.100 MWh/Jahr"; "m³/dag", "m³/Tag"). Pure:
 * the language is an argument, so it runs (and is tested) without a browser or i18next.
 * The period words come from the locale files' `quantities.period` section, like every
 * other word the client shows.
 */
import en from "../i18n/locales/en.json";
import da from "../i18n/locales/da.json";
import de from "../i18n/locales/de.json";

export type QuantityLanguage = "en" | "da" | "de";

/** Period suffixes as the canonical units spell them (domain/units.ts), in each language. */
const PERIODS: Readonly<Record<QuantityLanguage, Readonly<Record<string, string>>>> = {
  en: en.quantities.period,
  da: da.quantities.period,
  de: de.quantities.period,
};

/** Amounts as the units write them: cubic metres with a superscript ("m3" → "m³", "Nm3" → "Nm³"). */
const AMOUNTS: Readonly<Record<string, string>> = { m3: "m³", Nm3: "Nm³" };

const formats = new Map<string, Intl.NumberFormat>();
function format(language: QuantityLanguage, kind: "compact" | "0" | "1" | "2"): Intl.NumberFormat {
  const key = `${language}:${kind}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(language, kind === "compact" ? { notation: "compact", maximumFractionDigits: 1 } : { maximumFractionDigits: Number(kind) });
    formats.set(key, f);
  }
  return f;
}

/**
 * A quantity's number in `language`: whole and grouped below a million in every language
 * ("12,345" / "12.345"), so Danish does not read "12,3 t" where English reads 12,345;
 * compact from a million ("1.2M", "1,2 mio.", "1,2 Mio."); small figures keep a decimal
 * or two so 0.45 t does not read as 0.
 */
export function quantityNumber(n: number, language: QuantityLanguage): string {
  const a = Math.abs(n);
  if (a >= 1_000_000) return format(language, "compact").format(n);
  return format(language, a >= 10 ? "0" : a >= 1 ? "1" : "2").format(n);
}

/**
 * A unit in `language`'s words: "MWh/yr" → "MWh/år" (da), "m3/day" → "m³/Tag" (de),
 * "t/yr" → "t/Jahr". With `yearly`, a unit without a period (the server's "MWh" of an
 * annual figure) gets the year's: "MWh" → "MWh/yr"; one that has a period keeps it, never
 * "MWh/yr/yr". Units it does not know pass through unchanged.
 */
export function unitText(unit: string, language: QuantityLanguage, yearly = false): string {
  const slash = unit.indexOf("/");
  const amount = slash < 0 ? unit : unit.slice(0, slash);
  const period = slash < 0 ? (yearly ? "yr" : "") : unit.slice(slash + 1);
  const amountText = AMOUNTS[amount] ?? amount;
  return period ? `${amountText}/${PERIODS[language][period] ?? period}` : amountText;
}

/** A quantity with its unit in `language`: "1,200 MWh/yr", "1.200 MWh/år", "1,2 Mio. t/Jahr". */
export function quantityText(n: number, unit: string, language: QuantityLanguage, yearly = false): string {
  return `${quantityNumber(n, language)} ${unitText(unit, language, yearly)}`;
}
