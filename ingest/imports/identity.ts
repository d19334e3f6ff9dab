/**
 * Who a row is: the keys that make one business, site and flow the same across files,
 * imports and sources.
 *
 * - A business is known by its normalized name (legal form, accents, punctuation and
 *   case removed: "Aalborg Portland A/S" = "AALBORG PORTLAND") together with a site
 *   nearby ({@link SAME_BUSINESS_METRES}); the same name far away is another business.
 * - A site someone registered is the same site when a row is within {@link SAME_SITE_METRES}
 *   of it (industrial plants are large); sites imports create are H3 cells of a business.
 * - Ids are derived from those keys, so the same row imported twice, or the same company
 *   in two chunks of one file, gets the same id without any lookup: the name key plus the
 *   H3 cell (resolution 6, ~3.7 km edge) for a business, the business plus the cell at
 *   resolution 8 (~460 m edge) for a site. A company's rows in neighbouring cells are
 *   joined by the lookup against stored and earlier-chunk businesses (resolve-identities.ts);
 *   a plant's rows straddling a site cell edge become two sites (deterministic, never order-dependent).
 */
import { createHash } from "node:crypto";
import { latLngToCell } from "h3-js";

/** Same normalized name and a site within this distance → the same business. */
export const SAME_BUSINESS_METRES = 2_000;
/** Same business and within this distance → the same site. */
export const SAME_SITE_METRES = 500;

// Legal forms and filler words that differ between registers for the same company.
const LEGAL_FORMS = new Set([
  "a s", "as", "aps", "amba", "i s", "is", "k s", "ks", "p s", "ab", "oy", "oyj", "asa", "sa", "s a", "sas", "sarl", "spa", "s p a", "srl",
  "bv", "b v", "nv", "n v", "gmbh", "mbh", "ag", "kg", "ohg", "ug", "ev", "e v", "se", "ltd", "limited", "plc", "llc", "inc", "corp",
  "corporation", "co", "company", "holding", "holdings", "group", "the", "og", "und", "and", "&",
]);

/** A company name as a comparison key: "Aalborg Portland A/S" → "aalborg portland". */
export function nameKey(name: string): string {
  const plain = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/æ/gi, "ae")
    .replace(/ø/gi, "oe")
    .replace(/å/gi, "aa")
    .replace(/ß/g, "ss")
    .toLowerCase()
    // "A/S", "I/S", "S.A.", "B.V." → "a s", "s a", "b v" before punctuation goes.
    .replace(/[./]/g, " ")
    .replace(/[^a-z0-9&]+/g, " ")
    .trim();
  let tokens = plain.split(" ").filter(Boolean);
  // Strip legal forms from the end (and a leading "the"), one- and two-word forms alike.
  for (let changed = true; changed && tokens.length > 1; ) {
    changed = false;
    const last2 = tokens.slice(-2).join(" ");
    if (tokens.length > 2 && LEGAL_FORMS.has(last2)) {
      tokens = tokens.slice(0, -2);
      changed = true;
    } else if (LEGAL_FORMS.has(tokens.at(-1)!)) {
      tokens = tokens.slice(0, -1);
      changed = true;
    }
  }
  if (tokens.length > 1 && tokens[0] === "the") tokens = tokens.slice(1);
  return tokens.join(" ");
}

const digest = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 16).replace(/[-_]/g, "x");

/** The id a new business gets: from its name key and where it is. */
export function derivedBusinessId(key: string, lat: number, lon: number): string {
  return `b-${digest(`${key}|${latLngToCell(lat, lon, 6)}`)}`;
}

/** The id a new site gets: its business and the H3 cell (resolution 8, ~460 m edge) it is in. */
export function derivedSiteId(businessId: string, lat: number, lon: number): string {
  return `s-${digest(`${businessId}|${latLngToCell(lat, lon, 8)}`)}`;
}

/** The id a new flow gets: its site, direction, type and what tells two such flows apart. */
export function derivedFlowId(siteId: string, direction: string, resourceType: string, distinguishing: string): string {
  return `f-${digest(`${siteId}|${direction}|${resourceType}|${distinguishing}`)}`;
}
