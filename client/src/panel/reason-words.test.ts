import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CodedReason } from "../rest/types.ts";

// The client's i18n module reads the page's language and remembers the choice: a page's
// globals, in memory, so the words are the ones a Danish or German browser shows.
const stored = new Map<string, string>();
vi.stubGlobal("document", { documentElement: { lang: "" } });
vi.stubGlobal("localStorage", { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v), removeItem: (k: string) => void stored.delete(k) });
vi.stubGlobal("navigator", { language: "da-DK", languages: ["da-DK"] });
vi.stubGlobal("window", { localStorage: globalThis.localStorage, dispatchEvent: () => true, navigator: globalThis.navigator });

let words: typeof import("./reason-words.ts").reasonWords;
/** The words with Intl's no-break spaces ("209,7 t €", "169 %") as plain ones, to compare. */
const reasonWords = (...args: Parameters<typeof words>) => words(...args).replace(/[\u00a0\u202f]/g, " ");
let i18next: typeof import("i18next").default;

beforeAll(async () => {
  ({ reasonWords: words } = await import("./reason-words.ts"));
  i18next = (await import("i18next")).default;
});

const within: CodedReason[] = [
  { code: "distance.withinRadius", params: { distanceKm: 3.04, radiusKm: 5 } },
  { code: "distance.transportShare", params: { costEur: 209_700, sharePct: 169, valueEur: 123_800 } },
];

describe("a match's reasons in the reader's language", () => {
  it("says them in Danish and German with the language's digits, units and money", async () => {
    await i18next.changeLanguage("da");
    expect(reasonWords(within, "3.0 km apart")).toBe("3,0 km væk, inden for radius på 5,0 km for denne ressource; transporten koster ca. 209,7 t €/år, 169 % af de 123,8 t €/år, den er værd");
    expect(reasonWords([{ code: "quantity.coversBandNeed", params: { coverShareBand: { low: 0.5, high: 0.75 }, counterpartQtyBand: { low: 2000, high: 5000 }, unit: "MWh/yr" } }], "")).toBe(
      "dækker 50 %–75 % af behovet; behovet er 2.000–5.000 MWh/år",
    );
    expect(reasonWords([{ code: "trust.precision", params: { supplyPrecision: "measured", demandPrecision: "rough" } }, { code: "trust.history", params: { count: 1 } }], "")).toBe(
      "målte udbudsdata, grove behovsdata; 1 tidligere udveksling",
    );
    await i18next.changeLanguage("de");
    expect(reasonWords([{ code: "temporal.overlap", params: { overlapMonths: 6, demandMonths: 12 } }, { code: "temporal.noSupplyIn", params: { missingMonths: [0, 1] }, sep: "" }], "")).toBe(
      "Überlappung in 6 der 12 Monate des Bedarfs (kein Angebot im Jan, Feb)",
    );
    expect(reasonWords([{ code: "fix.distance", params: { withinWholeKm: 13, radiusWholeKm: 10 } }, { code: "fix.purity", params: { requiredPct: 95, supplyPct: 90 }, sep: " and " }], "")).toBe(
      "möglich innerhalb von 13 km (Radius jetzt 10 km) und möglich, wenn die Reinheit 95 % erreicht (jetzt 90 %)",
    );
  });

  it("reads as the server's English when there are no codes or one it has no words for", async () => {
    await i18next.changeLanguage("da");
    expect(reasonWords(undefined, "1.3 km apart")).toBe("1.3 km apart");
    expect(reasonWords([], "no existing relationship")).toBe("no existing relationship");
    expect(reasonWords([within[0]!, { code: "distance.teleported", params: {} }], "3.0 km apart, teleported")).toBe("3.0 km apart, teleported");
  });
});
