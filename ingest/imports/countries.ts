/**
 * Country names as spreadsheets write them → ISO 3166-1 alpha-2. Covers Europe (the
 * platform's region) in English and the local language; any two-letter code is taken as
 * given (upper-cased), since the domain schema only checks the form.
 */
const NAMES: Record<string, string> = {
  austria: "AT", osterreich: "AT", belgium: "BE", belgique: "BE", belgie: "BE", bulgaria: "BG", croatia: "HR", hrvatska: "HR",
  cyprus: "CY", czechia: "CZ", "czech republic": "CZ", denmark: "DK", danmark: "DK", danemark: "DK", estonia: "EE", eesti: "EE",
  finland: "FI", suomi: "FI", france: "FR", germany: "DE", deutschland: "DE", tyskland: "DE", greece: "GR", hellas: "GR",
  hungary: "HU", magyarorszag: "HU", ireland: "IE", eire: "IE", italy: "IT", italia: "IT", latvia: "LV", latvija: "LV",
  lithuania: "LT", lietuva: "LT", luxembourg: "LU", malta: "MT", netherlands: "NL", "the netherlands": "NL", nederland: "NL",
  holland: "NL", poland: "PL", polska: "PL", portugal: "PT", romania: "RO", slovakia: "SK", slovensko: "SK", slovenia: "SI",
  slovenija: "SI", spain: "ES", espana: "ES", sweden: "SE", sverige: "SE", norway: "NO", norge: "NO", iceland: "IS",
  switzerland: "CH", schweiz: "CH", suisse: "CH", "united kingdom": "GB", uk: "GB", "great britain": "GB", england: "GB",
  scotland: "GB", wales: "GB", liechtenstein: "LI", serbia: "RS", albania: "AL", "north macedonia": "MK", montenegro: "ME",
  "bosnia and herzegovina": "BA", ukraine: "UA", moldova: "MD", turkey: "TR", turkiye: "TR",
};

/** The ISO code for a country cell, or undefined when it is not recognisable. */
export function countryCode(cell: string): string | undefined {
  const s = cell.trim();
  if (/^[A-Za-z]{2}$/.test(s)) return s.toUpperCase() === "UK" ? "GB" : s.toUpperCase();
  const key = s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ");
  return NAMES[key];
}
