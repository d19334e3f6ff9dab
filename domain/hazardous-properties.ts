/**
 * The hazardous properties of waste, HP1–HP15, with their names as the law gives them.
 * Source: Annex III of Directive 2008/98/EC on waste, as replaced by Commission
 * Regulation (EU) No 1357/2014 (https://eur-lex.europa.eu/eli/reg/2014/1357/oj).
 */
export const HAZARDOUS_PROPERTY_NAMES: Readonly<Record<string, string>> = Object.freeze({
  HP1: "explosive",
  HP2: "oxidising",
  HP3: "flammable",
  HP4: "irritant (skin irritation and eye damage)",
  HP5: "specific target organ toxicity / aspiration toxicity",
  HP6: "acute toxicity",
  HP7: "carcinogenic",
  HP8: "corrosive",
  HP9: "infectious",
  HP10: "toxic for reproduction",
  HP11: "mutagenic",
  HP12: "releases an acute toxic gas",
  HP13: "sensitising",
  HP14: "ecotoxic",
  HP15: "may exhibit a hazardous property not displayed by the original waste",
});

/** HP1–HP15 in order. */
export const HAZARDOUS_PROPERTIES = Object.keys(HAZARDOUS_PROPERTY_NAMES) as readonly string[] as readonly [string, ...string[]];

/** "HP8 (corrosive)", or the code itself when it is not one of HP1–HP15. */
export function hazardLabel(code: string): string {
  const name = HAZARDOUS_PROPERTY_NAMES[code];
  return name === undefined ? code : `${code} (${name})`;
}
