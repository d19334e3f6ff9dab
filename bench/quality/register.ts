/**
 * Registering an industrial area through the REST API as its companies would: a platform
 * admin registers each company's organization (public, since these exchanges are
 * published) and makes the company's own user its org_admin; that user logs in, creates
 * the site and each listing as an offer or a need of the type the mode chooses.
 */
import type { Knex } from "knex";
import { createUser } from "../../ledgers/accounts.ts";
import { getResourceType } from "../../domain/taxonomy.ts";
import { CANONICAL_UNIT, checkUnit, quantityValueProblem } from "../../domain/units.ts";
import { naceClasses, type Area, type Company, type Listing } from "./dataset.ts";
import type { Rest } from "./rest.ts";

/** The password of every evaluation account (its own database only). */
export const EVAL_PASSWORD = "turash-eval-password";

/**
 * Quantity of a listing without a published figure: the same placeholder on both sides of
 * every pair, so the quantity factor cannot favour one candidate over another. Not a figure
 * from any source; registered with precision `rough`.
 */
export const NOMINAL_QUANTITY = { energy: 10_000, mass: 10_000, volume: 100_000 } as const;

/** What a mode chose for one listing. */
export interface Choice {
  /** The type registered; null when none was chosen (the listing is then not registered). */
  readonly type: string | null;
  /** The engineer mapping's type for the same listing (the coding help's expected answer). */
  readonly expected: string | null;
  /** The words given to the coding help (coding mode). */
  readonly description?: string | null;
  readonly why?: string;
  /** Offer: the hazard class the company declares (absent: not declared). */
  readonly hazardClass?: string;
  /** Need: the hazard classes the company accepts (absent: none). */
  readonly acceptedHazardClasses?: readonly string[];
}

/** What a company registers one listing with. */
export interface ListingToType {
  readonly label: string;
  readonly direction: "offer" | "need";
  readonly nace: readonly string[];
  /** The company's logged-in token (the coding help is asked as the company). */
  readonly token: string;
}

/** How a mode types a listing. */
export type ChooseType = (listing: ListingToType) => Promise<Choice>;

/** A registered company. */
export interface RegisteredCompany {
  readonly companyId: string;
  readonly name: string;
  readonly orgId: string;
  readonly token: string;
  readonly lat: number;
  readonly lon: number;
  /** True when the dataset has no coordinates and the site was placed at the area's centroid. */
  readonly atCentroid: boolean;
  /** The NACE code registered ("various" becomes section C, manufacturing). */
  readonly naceCode: string;
}

/** One listing as registered (or why not). */
export interface RegisteredListing extends Choice {
  readonly companyId: string;
  readonly label: string;
  readonly direction: "offer" | "need";
  readonly flowId: string | null;
  readonly quantitySource: "dataset" | "nominal" | null;
}

/** An area as registered. */
export interface RegisteredArea {
  readonly area: string;
  readonly companies: ReadonlyMap<string, RegisteredCompany>;
  readonly listings: readonly RegisteredListing[];
}

const idPart = (s: string) => s.replace(/[^A-Za-z0-9._:-]/g, "-");

/** Mean of the known coordinates of the area's companies (where a company without any is placed). */
export function centroid(companies: readonly Company[]): { lat: number; lon: number } {
  const known = companies.filter((c) => c.lat !== null && c.lon !== null);
  if (known.length === 0) throw new Error("no company of the area has coordinates");
  return { lat: known.reduce((s, c) => s + c.lat!, 0) / known.length, lon: known.reduce((s, c) => s + c.lon!, 0) / known.length };
}

/**
 * The listings a company registers: its outputs as offers and inputs as needs, plus the
 * label of every exchange it is a party of (so each exchange has both ends), one per
 * direction and label.
 */
export function listingsOf(area: Area, company: Company): { label: string; direction: "offer" | "need"; listing: Listing | null }[] {
  const out = new Map<string, { label: string; direction: "offer" | "need"; listing: Listing | null }>();
  const add = (direction: "offer" | "need", label: string, listing: Listing | null) => {
    const key = `${direction}:${label}`;
    const had = out.get(key);
    if (!had || (!had.listing?.quantity && listing?.quantity)) out.set(key, { label, direction, listing });
  };
  for (const l of company.outputs) add("offer", l.resource, l);
  for (const l of company.inputs) add("need", l.resource, l);
  for (const e of area.exchanges) {
    if (e.from === company.id) add("offer", e.resource, null);
    if (e.to === company.id) add("need", e.resource, null);
  }
  return [...out.values()];
}

/** The quantity to register: the dataset's when its unit fits the type, else the nominal placeholder. */
export function quantityFor(type: string, listing: Listing | null): { value: number; unit: string; source: "dataset" | "nominal" } {
  const q = listing?.quantity;
  const unit = listing?.unit;
  if (q && unit && checkUnit(unit, type).ok && quantityValueProblem(q, unit) === undefined) return { value: q, unit, source: "dataset" };
  const kind = getResourceType(type).quantityKind;
  return { value: NOMINAL_QUANTITY[kind], unit: CANONICAL_UNIT[kind], source: "nominal" };
}

/** The admin account that registers organizations (created in the ledger: there is no sign-up route). */
export async function ensureAdmin(knex: Knex, rest: Rest, email = "admin@eval.turash.local"): Promise<string> {
  await createUser(knex, { email, password: EVAL_PASSWORD, displayName: "Evaluation admin", role: "admin" });
  return rest.login(email, EVAL_PASSWORD);
}

/**
 * Register `area` through the API. Ids are `<tag>a<index>-<company id>`: the index keeps
 * equal company ids of different files apart, a tag keeps runs on the same stores apart
 * (a cached answer of an earlier run is never read for a flow of this one).
 */
export async function registerArea(knex: Knex, rest: Rest, adminToken: string, area: Area, index: number, chooseType: ChooseType, tag = ""): Promise<RegisteredArea> {
  const centre = centroid(area.companies);
  const companies = new Map<string, RegisteredCompany>();
  const listings: RegisteredListing[] = [];
  for (const company of area.companies) {
    const orgId = `${tag}a${index}-${idPart(company.id)}`;
    const email = `${orgId.toLowerCase()}@eval.turash.local`;
    const classes = naceClasses(company.nace);
    const naceCode = classes[0] ?? "C";
    await createUser(knex, { email, password: EVAL_PASSWORD, displayName: company.name.slice(0, 200), role: "org_admin" });
    await rest.call("POST", "/organizations", adminToken, { externalId: orgId, name: company.name.slice(0, 200), naceCode, disclosure: "public" });
    await rest.call("PUT", `/organizations/${orgId}/members`, adminToken, { email, role: "org_admin" });
    const token = await rest.login(email, EVAL_PASSWORD);
    const atCentroid = company.lat === null || company.lon === null;
    const lat = atCentroid ? centre.lat : company.lat!;
    const lon = atCentroid ? centre.lon : company.lon!;
    const siteId = `${orgId}-site`;
    await rest.call("POST", "/sites", token, { externalId: siteId, businessId: orgId, name: `${company.name.slice(0, 190)} site`, lat, lon });
    companies.set(company.id, { companyId: company.id, name: company.name, orgId, token, lat, lon, atCentroid, naceCode });
    for (const { label, direction, listing } of listingsOf(area, company)) {
      const choice = await chooseType({ label, direction, nace: classes, token });
      if (choice.type === null) {
        listings.push({ ...choice, companyId: company.id, label, direction, flowId: null, quantitySource: null });
        continue;
      }
      const quantity = quantityFor(choice.type, listing);
      const flowId = `${siteId}-${direction}-${idPart(label)}`;
      await rest.call("POST", "/resource-flows", token, {
        externalId: flowId,
        siteId,
        direction,
        resourceType: choice.type,
        quantity: { value: quantity.value, unit: quantity.unit },
        precision: quantity.source === "dataset" ? "estimated" : "rough",
        ...(choice.hazardClass ? { quality: { hazardClass: choice.hazardClass } } : {}),
        ...(choice.acceptedHazardClasses ? { acceptedHazardClasses: choice.acceptedHazardClasses } : {}),
        ...(choice.description ? { description: choice.description } : {}),
      });
      listings.push({ ...choice, companyId: company.id, label, direction, flowId, quantitySource: quantity.source });
    }
  }
  return { area: area.name, companies, listings };
}
