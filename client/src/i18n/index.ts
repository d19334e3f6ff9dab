/**
 * The client's languages: English, Danish and German with i18next. Every label, message and
 * unit is a key in locales/{en,da,de}.json; the language is the browser's (navigator) until
 * the user picks one, which is remembered (localStorage). Numbers and dates go through Intl
 * in the current language (ui/format.ts).
 */
import i18next from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import en from "./locales/en.json";
import da from "./locales/da.json";
import de from "./locales/de.json";

export const LANGUAGES = { en: "English", da: "Dansk", de: "Deutsch" } as const;
export type Language = keyof typeof LANGUAGES;

/** Where the chosen language is remembered. */
export const LANGUAGE_STORAGE_KEY = "turash.language";

void i18next.use(LanguageDetector).init({
  resources: { en: { translation: en }, da: { translation: da }, de: { translation: de } },
  fallbackLng: "en",
  supportedLngs: Object.keys(LANGUAGES),
  nonExplicitSupportedLngs: true,
  load: "languageOnly",
  initAsync: false,
  interpolation: { escapeValue: false }, // the DOM helper sets text, never HTML
  detection: { order: ["localStorage", "navigator"], lookupLocalStorage: LANGUAGE_STORAGE_KEY, caches: ["localStorage"] },
});
document.documentElement.lang = language();

/** The translation of `key` in the current language. */
export const t = (key: string, options?: Record<string, unknown>): string => i18next.t(key, options) as string;

/** The current language (one of LANGUAGES). */
export function language(): Language {
  const l = (i18next.resolvedLanguage ?? "en").slice(0, 2);
  return (l in LANGUAGES ? l : "en") as Language;
}

/** Switch language (remembered) and tell the app to render again. */
export async function setLanguage(l: Language): Promise<void> {
  await i18next.changeLanguage(l);
  document.documentElement.lang = l;
  window.dispatchEvent(new CustomEvent("turash:language", { detail: l }));
}
