/**
 * Deterministic synthetic industrial region: industrial parks around real towns of
 * Denmark and northern Germany, farms and rural plants in the countryside around them,
 * each site run by a business drawn from NACE-based plant templates with the flows
 * such a plant really has. Same seed and size → identical output, so tests, demos and
 * benchmarks can share one picture of the world.
 */
import { findResourceType } from "../domain/taxonomy.ts";
import { operatingHoursPerYear } from "../domain/operating-hours.ts";
import type { Business, BusinessSize } from "../domain/schemas/business.ts";
import type { Availability, Precision, Quality, ResourceFlow } from "../domain/schemas/resource-flow.ts";
import type { Site } from "../domain/schemas/site.ts";
import { fromCanonical } from "../domain/units.ts";
import { PLANT_TEMPLATES, type FlowTemplate, type PlantTemplate } from "../domain/plant-templates.ts";
import { Rng, WeightedPicker } from "../domain/prng.ts";
import { TOWNS, type Town } from "./towns.ts";

/** Options of {@link generateRegion}. */
export interface GenerateRegionOptions {
  /** Number of sites, 1 to 100,000 (and more, if you have the memory). */
  readonly sites: number;
  /** Any integer; the same seed gives the same region. */
  readonly seed: number;
  /** Prefix of every external id; defaults to `r<seed>` so regions of different seeds can coexist. */
  readonly idPrefix?: string;
}

/** An industrial park: a cluster of sites near a town. */
export interface Park {
  readonly name: string;
  readonly town: string;
  readonly lat: number;
  readonly lon: number;
  readonly radiusKm: number;
}

/** A generated region; every object conforms to the domain create schemas. */
export interface GeneratedRegion {
  readonly seed: number;
  readonly businesses: Business[];
  readonly sites: Site[];
  readonly flows: ResourceFlow[];
  readonly parks: Park[];
  /** Plant template id of each site, index-aligned with `sites` ("what plant is this?"). */
  readonly siteTemplateIds: string[];
}

const KM_PER_DEG_LAT = 111.32;
/** Share of sites run by a company that already has a site of the same kind. */
const MULTI_SITE_SHARE = 0.1;
const PRECISIONS = new WeightedPicker<Precision>(["rough", "estimated", "measured"], (p) =>
  p === "rough" ? 35 : p === "estimated" ? 45 : 20,
);

const NAMES = {
  DK: {
    first: ["Anne", "Mette", "Jens", "Lars", "Søren", "Karen", "Peter", "Camilla", "Niels", "Louise", "Henrik", "Freja", "Rasmus", "Ida"],
    last: ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Holm", "Kjær", "Madsen"],
    brand: ["Nordic", "Vest", "Øst", "Fjord", "Dansk", "Bælt", "Limfjord", "Kyst", "Hede", "Å"],
    street: ["Industrivej", "Havnegade", "Fabriksvej", "Energivej", "Transportvej", "Håndværkervej", "Erhvervsvej", "Lergravsvej"],
    suffix: ["A/S", "ApS", "A/S", "I/S", "a.m.b.a."],
    tld: "dk",
    phone: (rng: Rng) => `+45 ${rng.int(20, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}`,
  },
  DE: {
    first: ["Anna", "Lena", "Jan", "Lukas", "Katrin", "Thomas", "Sabine", "Jonas", "Maria", "Stefan", "Birte", "Hauke", "Frauke", "Ole"],
    last: ["Müller", "Schmidt", "Schneider", "Fischer", "Meyer", "Weber", "Hansen", "Petersen", "Wagner", "Becker", "Jessen", "Lorenzen"],
    brand: ["Nord", "Elbe", "Hanse", "Förde", "Küsten", "Marsch", "Geest", "Ostsee", "Weser", "Holsten"],
    street: ["Industriestraße", "Hafenstraße", "Gewerbering", "Am Kanal", "Werkstraße", "Otto-Hahn-Straße", "Siemensstraße", "Am Hafen"],
    suffix: ["GmbH", "GmbH & Co. KG", "AG", "GmbH", "KG"],
    tld: "de",
    phone: (rng: Rng) => `+49 ${rng.int(30, 999)} ${rng.int(100000, 9999999)}`,
  },
} as const;

/** Three significant digits: what people write on a form. */
function sig3(x: number): number {
  if (x <= 0) return x;
  const magnitude = 10 ** (Math.floor(Math.log10(x)) - 2);
  return Math.round(x / magnitude) * magnitude;
}

const round = (x: number, decimals: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;

const slugs = new Map<string, string>();

/** Lower-case ASCII label for e-mail domains; memoized because names repeat a lot. */
function slug(text: string): string {
  let cached = slugs.get(text);
  if (cached === undefined) {
    cached = computeSlug(text);
    slugs.set(text, cached);
  }
  return cached;
}

function computeSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "oe")
    .replace(/å/g, "aa")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

function offsetKm(lat: number, lon: number, dxKm: number, dyKm: number): { lat: number; lon: number } {
  return {
    lat: lat + dyKm / KM_PER_DEG_LAT,
    lon: lon + dxKm / (KM_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)),
  };
}

/** Four digits in Denmark, five in Germany, starting like the town's. */
function postcode(rng: Rng, town: Town): string {
  let code = town.postcode;
  const length = town.country === "DE" ? 5 : 4;
  while (code.length < length) code += String(rng.int(0, 9));
  return code;
}

function sizeClass(employees: number): BusinessSize {
  if (employees < 10) return "micro";
  if (employees < 50) return "small";
  if (employees < 250) return "medium";
  return "large";
}

/** Sites per industrial park, on average: a region of N sites has about N / 30 parks. */
const SITES_PER_PARK = 30;

/** How many parks a region has once it has `sites` sites (at least 2). */
function parksFor(sites: number): number {
  return Math.max(2, Math.round(sites / SITES_PER_PARK));
}

/**
 * Parks around towns, more and farther out for bigger towns, made on demand from their own
 * random stream: park k is the same whatever the region's size, so a bigger region of the
 * same seed only adds parks after the existing ones.
 */
class Parks {
  private readonly rng: Rng;
  private readonly towns = new WeightedPicker(TOWNS, (t) => t.weight);
  private readonly perTown = new Map<string, number>();
  readonly list: Park[] = [];

  constructor(seed: number) {
    // Another stream than the sites' (the seed XOR a fixed constant), so drawing parks never shifts a site's draws.
    this.rng = new Rng((seed ^ 0x9e3779b9) >>> 0);
  }

  /** Park k, making parks up to it when needed. */
  at(k: number): Park {
    while (this.list.length <= k) this.list.push(this.make());
    return this.list[k]!;
  }

  private make(): Park {
    const rng = this.rng;
    const town = this.towns.pick(rng);
    const n = (this.perTown.get(town.name) ?? 0) + 1;
    this.perTown.set(town.name, n);
    // Parks sit on the edge of town; later ones sprawl outward (ring roads, harbours, villages).
    const distance = Math.min(25, 1.5 + rng.range(0, 3) + Math.sqrt(n) * rng.range(0.3, 1.2));
    const angle = rng.range(0, 2 * Math.PI);
    const at = offsetKm(town.lat, town.lon, distance * Math.cos(angle), distance * Math.sin(angle));
    return {
      name: `${town.name} ${town.country === "DK" ? "Erhvervspark" : "Gewerbegebiet"} ${n}`,
      town: town.name,
      lat: at.lat,
      lon: at.lon,
      radiusKm: rng.range(0.4, 1.5),
    };
  }
}

/**
 * Generates a region of `sites` sites. A region is a prefix of every bigger region of the
 * same seed: site i, its business, its flows and their external ids depend only on the seed
 * and on sites 0…i-1, never on the region's size, so `npm run seed -- --sites 10` after
 * `--sites 5` adds five sites and changes none of the first five.
 * @example generateRegion({ sites: 1_000, seed: 42 })
 */
export function generateRegion(options: GenerateRegionOptions): GeneratedRegion {
  const count = Math.floor(options.sites);
  if (!(count >= 0)) throw new RangeError("sites must be a non-negative number");
  const rng = new Rng(options.seed);
  const prefix = options.idPrefix ?? `r${options.seed >>> 0}`;
  const townByName = new Map(TOWNS.map((t) => [t.name, t]));
  const towns = new WeightedPicker(TOWNS, (t) => t.weight);
  const templates = new WeightedPicker(PLANT_TEMPLATES, (t) => t.weight);
  const parks = new Parks(options.seed >>> 0);

  const businesses: Business[] = [];
  const sites: Site[] = [];
  const flows: ResourceFlow[] = [];
  const siteTemplateIds: string[] = [];
  /** Recent businesses per template, so multi-site companies stay in one trade. */
  const ownersByTemplate = new Map<string, { id: string; country: "DK" | "DE"; brand: string }[]>();

  for (let i = 0; i < count; i++) {
    const template = templates.pick(rng);
    const sizeFactor = Math.min(20, Math.max(0.05, rng.logNormal(1, template.sizeSigma)));

    // Where: a park near a town, or the countryside 5–35 km out.
    let town: Town;
    let lat: number;
    let lon: number;
    if (template.setting === "rural") {
      town = towns.pick(rng);
      const distance = rng.range(5, 35);
      const angle = rng.range(0, 2 * Math.PI);
      ({ lat, lon } = offsetKm(town.lat, town.lon, distance * Math.cos(angle), distance * Math.sin(angle)));
    } else {
      // Among the parks the region has by this site; sqrt leans towards the newer ones, so the
      // first parks are not crowded by every early site (each park ends up with ≈ 0–60 sites).
      const park = parks.at(Math.floor(Math.sqrt(rng.float()) * parksFor(i + 1)));
      town = townByName.get(park.town)!;
      const r = park.radiusKm / 2;
      ({ lat, lon } = offsetKm(park.lat, park.lon, rng.normal() * r, rng.normal() * r));
    }
    const names = NAMES[town.country];

    // Who: usually a new company, sometimes another site of an existing one.
    const owners = ownersByTemplate.get(template.id) ?? [];
    let owner = owners.length > 0 && rng.chance(MULTI_SITE_SHARE) ? rng.pick(owners) : undefined;
    if (!owner) {
      const brand = rng.chance(0.5) ? town.name : rng.chance(0.5) ? rng.pick(names.brand) : rng.pick(names.last);
      const name = `${brand} ${template.nameWord[town.country]} ${rng.pick(names.suffix)}`;
      const first = rng.pick(names.first);
      const last = rng.pick(names.last);
      const id = `${prefix}-b${businesses.length + 1}`;
      businesses.push({
        externalId: id,
        name,
        naceCode: template.nace,
        size: sizeClass(template.employees * sizeFactor),
        contact: {
          name: `${first} ${last}`,
          email: `${slug(first)}.${slug(last)}@${slug(`${brand} ${template.nameWord[town.country]}`) || "company"}.${names.tld}`,
          phone: names.phone(rng),
        },
      });
      owner = { id, country: town.country, brand };
      owners.push(owner);
      if (owners.length > 20) owners.shift();
      ownersByTemplate.set(template.id, owners);
    }

    const siteId = `${prefix}-s${i + 1}`;
    sites.push({
      externalId: siteId,
      businessId: owner.id,
      name: `${owner.brand} ${template.label} ${town.name}`,
      address: {
        street: `${rng.pick(names.street)} ${rng.int(1, 120)}`,
        postcode: postcode(rng, town),
        city: town.name,
        country: town.country,
      },
      lat: round(lat, 6),
      lon: round(lon, 6),
      region: town.region,
    });
    siteTemplateIds.push(template.id);

    const before = flows.length;
    for (const ft of template.flows) {
      if (ft.p !== undefined && !rng.chance(ft.p)) continue;
      flows.push(makeFlow(rng, `${prefix}-f${flows.length + 1}`, siteId, template, ft, sizeFactor));
    }
    // A site with nothing declared is useless to the platform; declare its first flow.
    if (flows.length === before)
      flows.push(makeFlow(rng, `${prefix}-f${flows.length + 1}`, siteId, template, template.flows[0]!, sizeFactor));
  }
  for (let k = 0; k < parksFor(count); k++) parks.at(k);
  return { seed: options.seed, businesses, sites, flows, parks: parks.list.slice(0, parksFor(count)), siteTemplateIds };
}

function makeAvailability(rng: Rng, template: PlantTemplate, ft: FlowTemplate): Availability {
  const schedule =
    template.continuous || !template.hoursPerWeek
      ? ("24/7" as const)
      : { hoursPerWeek: rng.int(template.hoursPerWeek[0], template.hoursPerWeek[1]) };
  const availability: { -readonly [K in keyof Availability]: Availability[K] } = { schedule };
  if (ft.seasonality) availability.seasonality = [...ft.seasonality];
  else if (rng.chance(0.2)) availability.seasonality = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  if (rng.chance(0.2)) {
    const year = rng.int(2024, 2027);
    const month = rng.int(1, 12);
    availability.start = `${year}-${String(month).padStart(2, "0")}-01`;
    if (rng.chance(0.5)) availability.end = `${year + rng.int(1, 10)}-${String(month).padStart(2, "0")}-01`;
  }
  return availability;
}

function makeFlow(
  rng: Rng,
  externalId: string,
  siteId: string,
  template: PlantTemplate,
  ft: FlowTemplate,
  sizeFactor: number,
): ResourceFlow {
  const resource = findResourceType(ft.resourceType);
  if (!resource) throw new Error(`plant template ${template.id} uses unknown resource ${ft.resourceType}`);
  const availability = makeAvailability(rng, template, ft);
  const annual = ft.annual * sizeFactor * rng.logNormal(1, 0.25);
  const unit = rng.pick(ft.units);
  const hours = operatingHoursPerYear(availability);
  // Declare in the chosen unit so that normalizing gives back (about) the annual amount.
  const value = sig3(fromCanonical(annual, unit, ft.resourceType, hours === undefined ? {} : { hoursPerYear: hours }));

  const flow: { -readonly [K in keyof ResourceFlow]: ResourceFlow[K] } = {
    externalId,
    siteId,
    direction: ft.direction,
    resourceType: ft.resourceType,
    quantity: { value: value > 0 ? value : 0.001, unit },
    availability,
    precision: PRECISIONS.pick(rng),
  };
  if (resource.ewc.length > 0 && ft.direction === "offer" && rng.chance(0.7)) flow.ewcCode = rng.pick(resource.ewc);

  const quality: { -readonly [K in keyof Quality]: Quality[K] } = {};
  if (ft.temperatureC) quality.temperatureC = Math.round(rng.range(ft.temperatureC[0], ft.temperatureC[1]));
  if (ft.pressureBar) quality.pressureBar = round(rng.range(ft.pressureBar[0], ft.pressureBar[1]), 1);
  if (ft.purityPct) quality.purityPct = round(rng.range(ft.purityPct[0], ft.purityPct[1]), 1);
  if (ft.hazardClass || resource.hazardous) quality.hazardClass = ft.hazardClass ?? "HP14";
  else if (rng.chance(0.3)) quality.hazardClass = "none";
  if (Object.keys(quality).length > 0) flow.quality = quality;

  if (ft.eur && rng.chance(0.6)) {
    const price = { eurPerUnit: round(rng.range(ft.eur[0], ft.eur[1]), 2) };
    if (ft.pricing === "disposal") flow.disposalCost = price;
    else flow.price = price;
  }
  if (ft.note && rng.chance(0.5)) flow.description = ft.note;
  return flow;
}
