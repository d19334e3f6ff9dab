/**
 * What a consumer would otherwise buy: the displaced commodities and their prices, as
 * data. Every row carries its source and year; `uncertainty` is the relative ± spread of
 * the price the NPV range propagates (wider where the source is an order of magnitude
 * or the market moved a lot over the cited years).
 */

/** A commodity a by-product displaces, with the price the consumer would pay for it. */
export interface DisplacedCommodity {
  readonly id: string;
  /** What the consumer would otherwise buy, in words ("natural gas", "feed barley"). */
  readonly name: string;
  /** Unit the price is quoted in. */
  readonly unit: string;
  readonly pricePerUnit: number;
  /** Relative ± spread of the price (0.3 = ±30 %). */
  readonly uncertainty: number;
  readonly year: number;
  readonly source: string;
  readonly url?: string;
}

const rows: readonly DisplacedCommodity[] = [
  {
    id: "natural_gas",
    name: "natural gas",
    unit: "MWh",
    pricePerUnit: 40,
    // Industrial gas prices more than doubled and fell back within 2021–2024 in the same table.
    uncertainty: 0.3,
    year: 2024,
    source: "Eurostat nrg_pc_203, gas prices for non-household consumers incl. non-recoverable taxes, DK/DE 2023–24 (order €35–50/MWh)",
    url: "https://ec.europa.eu/eurostat/databrowser/view/nrg_pc_203/default/table",
  },
  {
    id: "grid_electricity",
    name: "grid electricity",
    unit: "MWh",
    pricePerUnit: 120,
    uncertainty: 0.25,
    year: 2023,
    source: "Eurostat nrg_pc_205, electricity prices for non-household consumers incl. grid tariffs, DK/DE 2023 (0.10–0.20 €/kWh)",
    url: "https://ec.europa.eu/eurostat/databrowser/view/nrg_pc_205/default/table",
  },
  {
    id: "feed_barley",
    name: "feed barley",
    unit: "t",
    pricePerUnit: 190,
    uncertainty: 0.2,
    year: 2024,
    source: "European Commission, agri-food data portal, cereal prices: EU feed barley 2024 (order €180–200/t)",
    url: "https://agridata.ec.europa.eu/extensions/DashboardCereals/CerealsPrices.html",
  },
  {
    id: "quarried_raw_meal",
    name: "quarried limestone / raw-meal correctives",
    unit: "t",
    pricePerUnit: 14,
    uncertainty: 0.4,
    year: 2023,
    source: "USGS Mineral Commodity Summaries 2024, Stone (crushed): average unit value of crushed stone, order of US$15/t (order of magnitude for Europe)",
    url: "https://pubs.usgs.gov/periodicals/mcs2024/mcs2024.pdf",
  },
  {
    id: "hard_coal",
    name: "hard (steam) coal",
    unit: "t",
    pricePerUnit: 100,
    // The coal marker prices halved from 2022 to 2024 and still move ±30 % within a year.
    uncertainty: 0.4,
    year: 2024,
    source: "World Bank Commodity Markets (Pink Sheet), coal, South African and Australian, 2024 annual averages of order US$105–135/t; order €100/t delivered to a European kiln",
    url: "https://www.worldbank.org/en/research/commodity-markets",
  },
  {
    id: "crushed_stone",
    name: "quarried crushed stone / ground limestone",
    unit: "t",
    pricePerUnit: 14,
    uncertainty: 0.4,
    year: 2023,
    source: "USGS Mineral Commodity Summaries 2024, Stone (crushed): average unit value of crushed stone, order of US$15/t (order of magnitude for Europe)",
    url: "https://pubs.usgs.gov/periodicals/mcs2024/mcs2024.pdf",
  },
  {
    id: "natural_gypsum",
    name: "natural (quarried) gypsum",
    unit: "t",
    pricePerUnit: 15,
    uncertainty: 0.5,
    year: 2023,
    source: "USGS Mineral Commodity Summaries 2024, Gypsum: average value of crude gypsum f.o.b. mine, order of US$10–15/t (order of magnitude)",
    url: "https://pubs.usgs.gov/periodicals/mcs2024/mcs2024.pdf",
  },
];

/** The displaced commodities by id. */
export const COMMODITIES: ReadonlyMap<string, DisplacedCommodity> = new Map(rows.map((r) => [r.id, Object.freeze(r)]));

/** The commodity `id`; throws on an unknown id (the value table is checked at load). */
export function commodity(id: string): DisplacedCommodity {
  const c = COMMODITIES.get(id);
  if (!c) throw new Error(`economics/prices.ts: unknown commodity "${id}"`);
  return c;
}
