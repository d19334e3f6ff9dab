/**
 * What kinds of plant an industrial region in Denmark / northern Germany holds, and what
 * each really puts out and takes in. Quantities are for a plant of size factor 1 (a
 * typical mid-sized plant of its kind) in canonical units (MWh/yr, t/yr, m3/yr); the
 * generator scales them by a log-normal size factor. Sources are engineering rules of
 * thumb (sector BREFs, Danish Energy Agency technology data, trade association figures),
 * rounded: good enough for realistic matching, not for an inventory.
 */
import type { FlowDirection } from "./schemas/resource-flow.ts";

/** One flow a plant of this kind typically has. */
export interface FlowTemplate {
  readonly direction: FlowDirection;
  readonly resourceType: string;
  /** Annual amount at size factor 1, canonical unit of the resource's quantityKind. */
  readonly annual: number;
  /** Units people declare it in; repeated entries are more likely. */
  readonly units: readonly string[];
  /** Probability that a plant of this kind declares the flow (default 1). */
  readonly p?: number;
  readonly temperatureC?: readonly [number, number];
  readonly pressureBar?: readonly [number, number];
  readonly purityPct?: readonly [number, number];
  /** Hazardous property (HP1–HP15) for hazardous wastes. */
  readonly hazardClass?: string;
  /** Months the flow exists when seasonal (1 = January). */
  readonly seasonality?: readonly number[];
  /** EUR per canonical unit, and whether it is a price paid/asked or a disposal cost. */
  readonly eur?: readonly [number, number];
  readonly pricing?: "price" | "disposal";
  readonly note?: string;
}

/** A kind of plant, keyed by its NACE rev.2 class. */
export interface PlantTemplate {
  readonly id: string;
  readonly label: string;
  readonly nace: string;
  /** Relative frequency among sites of a region. */
  readonly weight: number;
  /** Industrial park near a town, or countryside around it. */
  readonly setting: "park" | "rural";
  /** Runs round the clock; otherwise hours per week are drawn from `hoursPerWeek`. */
  readonly continuous: boolean;
  readonly hoursPerWeek?: readonly [number, number];
  /** Log-space spread of plant sizes around factor 1. */
  readonly sizeSigma: number;
  /** Staff at size factor 1; decides the EU size class. */
  readonly employees: number;
  /** Word used in company names, Danish and German. */
  readonly nameWord: { readonly DK: string; readonly DE: string };
  /** Where its figures come from: the sector BREF or other reference, or that it is a rule of thumb. */
  readonly source: string;
  readonly flows: readonly FlowTemplate[];
}

// Unit palettes: what people actually write for each kind of flow.
const HEAT = ["MWh/yr", "MWh/yr", "kW", "MW", "GWh/yr", "GJ/yr", "MWh/month"];
const BIG_HEAT = ["MWh/yr", "GWh/yr", "MW", "TJ/yr", "GJ/yr"];
const SMALL_HEAT = ["MWh/yr", "kW", "kWh/yr", "kWh/day", "MWh/month"];
const STEAM = ["t/h", "t/h", "MWh/yr", "MW", "GWh/yr"];
const BULK = ["t/yr", "t/yr", "t/day", "t/week", "t/month", "kt/yr"];
const SOLID = ["t/yr", "t/yr", "t/day", "t/week", "t/month", "kg/day"];
const SMALL_SOLID = ["t/yr", "kg/day", "t/month", "kg/h"];
const WATER = ["m3/yr", "m3/yr", "m3/h", "m3/day", "L/s", "m3/month"];
const SMALL_WATER = ["m3/yr", "m3/day", "L/min", "m3/month"];
const GAS_CO2 = ["t/yr", "t/yr", "Nm3/h", "t/day"];
const GAS_H2 = ["t/yr", "Nm3/h", "kg/h"];
const BIOGAS = ["Nm3/h", "MWh/yr", "GWh/yr", "MW"];
const COLD = ["MWh/yr", "kW", "MWh/month"];

const HEATING_SEASON = [1, 2, 3, 4, 5, 9, 10, 11, 12];

/** The catalogue. Weights sum to ~130; SMEs dominate, heavy industry is rare, as in reality. */
export const PLANT_TEMPLATES: readonly PlantTemplate[] = Object.freeze([
  {
    id: "dairy", label: "Dairy", nace: "10.51", weight: 3, setting: "park", continuous: true, sizeSigma: 0.7, employees: 150,
    nameWord: { DK: "Mejeri", DE: "Molkerei" },
    source: "EU BREF Food, Drink and Milk Industries (JRC 2019), rule of thumb (dairy)",
    flows: [
      { direction: "offer", resourceType: "waste_heat_low", annual: 4_000, units: HEAT, temperatureC: [30, 45], eur: [5, 15], pricing: "price", note: "refrigeration condenser heat" },
      { direction: "offer", resourceType: "whey", annual: 20_000, units: SOLID, p: 0.8, temperatureC: [8, 35], eur: [0, 20], pricing: "price" },
      { direction: "offer", resourceType: "wastewater", annual: 150_000, units: WATER, temperatureC: [20, 35], eur: [1.5, 4], pricing: "disposal" },
      { direction: "need", resourceType: "steam", annual: 20_000, units: STEAM, temperatureC: [120, 165], pressureBar: [2, 7], eur: [35, 70], pricing: "price", note: "pasteurisation and evaporators" },
      { direction: "need", resourceType: "fresh_water", annual: 200_000, units: WATER, eur: [0.8, 2.5], pricing: "price" },
      { direction: "need", resourceType: "cooling", annual: 3_000, units: COLD, p: 0.6, temperatureC: [1, 6] },
    ],
  },
  {
    id: "brewery", label: "Brewery", nace: "11.05", weight: 3, setting: "park", continuous: false, hoursPerWeek: [80, 144], sizeSigma: 0.9, employees: 100,
    nameWord: { DK: "Bryggeri", DE: "Brauerei" },
    source: "EU BREF Food, Drink and Milk Industries (JRC 2019), rule of thumb (brewing)",
    flows: [
      { direction: "offer", resourceType: "spent_grain", annual: 15_000, units: SOLID, temperatureC: [50, 75], eur: [0, 30], pricing: "price", note: "wet brewer's grains, ~22 % dry matter" },
      { direction: "offer", resourceType: "spent_yeast", annual: 1_500, units: SOLID, p: 0.7, eur: [0, 20], pricing: "price" },
      { direction: "offer", resourceType: "co2", annual: 3_000, units: GAS_CO2, p: 0.6, purityPct: [99, 99.9], note: "fermentation CO2" },
      { direction: "offer", resourceType: "waste_heat_low", annual: 2_000, units: HEAT, p: 0.7, temperatureC: [35, 60], note: "wort cooling and vapour condensate" },
      { direction: "offer", resourceType: "wastewater", annual: 200_000, units: WATER, temperatureC: [25, 35], eur: [1.5, 4], pricing: "disposal" },
      { direction: "need", resourceType: "steam", annual: 15_000, units: STEAM, temperatureC: [120, 165], pressureBar: [2, 7], eur: [35, 70], pricing: "price" },
      { direction: "need", resourceType: "fresh_water", annual: 300_000, units: WATER, eur: [0.8, 2.5], pricing: "price" },
    ],
  },
  {
    id: "data_centre", label: "Data centre", nace: "63.11", weight: 1.5, setting: "park", continuous: true, sizeSigma: 1, employees: 40,
    nameWord: { DK: "Datacenter", DE: "Rechenzentrum" },
    source: "Danish Energy Agency technology catalogues (excess heat and heat pumps), rule of thumb",
    flows: [
      { direction: "offer", resourceType: "waste_heat_low", annual: 40_000, units: HEAT, temperatureC: [25, 40], eur: [0, 10], pricing: "price", note: "server cooling loop, heat pump needed for district heating" },
      { direction: "need", resourceType: "fresh_water", annual: 50_000, units: SMALL_WATER, p: 0.6, eur: [0.8, 2.5], pricing: "price", note: "adiabatic cooling" },
      { direction: "need", resourceType: "electricity", annual: 45_000, units: ["MWh/yr", "MW", "GWh/yr"], p: 0.3 },
    ],
  },
  {
    id: "power_plant", label: "CHP power plant", nace: "35.11", weight: 0.7, setting: "park", continuous: true, sizeSigma: 0.8, employees: 120,
    nameWord: { DK: "Kraftværk", DE: "Kraftwerk" },
    source: "EU BREF Large Combustion Plants (JRC 2017), rule of thumb",
    flows: [
      { direction: "offer", resourceType: "fly_ash", annual: 60_000, units: BULK, p: 0.8, eur: [5, 25], pricing: "disposal" },
      { direction: "offer", resourceType: "bottom_ash", annual: 15_000, units: BULK, p: 0.7, eur: [10, 30], pricing: "disposal" },
      { direction: "offer", resourceType: "gypsum", annual: 40_000, units: BULK, p: 0.6, purityPct: [92, 98], eur: [0, 10], pricing: "price" },
      { direction: "offer", resourceType: "waste_heat_low", annual: 300_000, units: BIG_HEAT, temperatureC: [25, 35], note: "condenser heat" },
      { direction: "offer", resourceType: "steam", annual: 100_000, units: STEAM, p: 0.6, temperatureC: [180, 250], pressureBar: [10, 16], eur: [25, 45], pricing: "price" },
      { direction: "need", resourceType: "biomass", annual: 200_000, units: BULK, p: 0.7, eur: [20, 45], pricing: "price", note: "wood chips and straw" },
      { direction: "need", resourceType: "cooling_water", annual: 20_000_000, units: WATER, p: 0.5 },
    ],
  },
  {
    id: "cement", label: "Cement works", nace: "23.51", weight: 0.3, setting: "park", continuous: true, sizeSigma: 0.5, employees: 350,
    nameWord: { DK: "Cementfabrik", DE: "Zementwerk" },
    source: "EU BREF Cement, Lime and Magnesium Oxide (JRC 2013), rule of thumb",
    flows: [
      { direction: "offer", resourceType: "waste_heat_high", annual: 150_000, units: BIG_HEAT, temperatureC: [250, 400], eur: [5, 20], pricing: "price", note: "clinker cooler and kiln exhaust" },
      { direction: "offer", resourceType: "co2", annual: 700_000, units: GAS_CO2, p: 0.5, purityPct: [18, 30], note: "kiln flue gas" },
      { direction: "need", resourceType: "cement_raw_material", annual: 100_000, units: BULK, eur: [5, 20], pricing: "price" },
      { direction: "need", resourceType: "gypsum", annual: 30_000, units: BULK, eur: [10, 25], pricing: "price" },
      { direction: "need", resourceType: "slag", annual: 80_000, units: BULK, p: 0.6, eur: [15, 40], pricing: "price" },
      { direction: "need", resourceType: "fly_ash", annual: 50_000, units: BULK, p: 0.6, eur: [0, 15], pricing: "price" },
      { direction: "need", resourceType: "plastics", annual: 30_000, units: BULK, p: 0.5, note: "solid recovered fuel" },
      { direction: "need", resourceType: "rubber", annual: 10_000, units: BULK, p: 0.5, note: "tyre-derived fuel" },
    ],
  },
  {
    id: "steel", label: "Electric-arc steel works", nace: "24.10", weight: 0.3, setting: "park", continuous: true, sizeSigma: 0.6, employees: 500,
    nameWord: { DK: "Stålværk", DE: "Stahlwerk" },
    source: "EU BREF Iron and Steel Production (JRC 2013), electric arc furnace chapter, rule of thumb",
    flows: [
      { direction: "offer", resourceType: "slag", annual: 200_000, units: BULK, eur: [0, 10], pricing: "price" },
      { direction: "offer", resourceType: "waste_heat_high", annual: 200_000, units: BIG_HEAT, temperatureC: [300, 600], note: "EAF off-gas" },
      { direction: "offer", resourceType: "scrap_metal", annual: 20_000, units: BULK, p: 0.5, note: "mill scale and crop ends" },
      { direction: "need", resourceType: "scrap_metal", annual: 800_000, units: BULK, eur: [250, 400], pricing: "price" },
      { direction: "need", resourceType: "cooling_water", annual: 2_000_000, units: WATER },
    ],
  },
  {
    id: "greenhouse", label: "Greenhouse nursery", nace: "01.13", weight: 5, setting: "rural", continuous: true, sizeSigma: 0.8, employees: 25,
    nameWord: { DK: "Gartneri", DE: "Gärtnerei" },
    source: "rule of thumb for heated Danish greenhouse nurseries; no single reference",
    flows: [
      { direction: "need", resourceType: "process_heat", annual: 15_000, units: HEAT, temperatureC: [40, 60], seasonality: HEATING_SEASON, eur: [30, 60], pricing: "price", note: "glasshouse heating, ~1,500 MWh/ha/yr" },
      { direction: "need", resourceType: "co2", annual: 3_000, units: GAS_CO2, p: 0.7, purityPct: [99, 99.9], seasonality: [3, 4, 5, 6, 7, 8, 9, 10], eur: [60, 150], pricing: "price", note: "CO2 enrichment" },
      { direction: "need", resourceType: "fertiliser", annual: 200, units: SMALL_SOLID, p: 0.5 },
      { direction: "need", resourceType: "fresh_water", annual: 100_000, units: WATER, p: 0.7, eur: [0.5, 2], pricing: "price" },
      { direction: "offer", resourceType: "food_waste", annual: 1_000, units: SMALL_SOLID, p: 0.5, note: "plant residues" },
    ],
  },
  {
    id: "fish_farm", label: "Recirculating fish farm", nace: "03.22", weight: 2, setting: "rural", continuous: true, sizeSigma: 0.8, employees: 15,
    nameWord: { DK: "Dambrug", DE: "Fischzucht" },
    source: "rule of thumb for recirculating aquaculture; no single reference",
    flows: [
      { direction: "need", resourceType: "waste_heat_low", annual: 3_000, units: HEAT, temperatureC: [15, 25], eur: [5, 20], pricing: "price" },
      { direction: "need", resourceType: "feed", annual: 1_500, units: SOLID, eur: [900, 1_400], pricing: "price" },
      { direction: "need", resourceType: "fresh_water", annual: 300_000, units: WATER },
      { direction: "offer", resourceType: "wastewater", annual: 500_000, units: WATER, temperatureC: [12, 20] },
      { direction: "offer", resourceType: "animal_byproducts", annual: 300, units: SMALL_SOLID, p: 0.6, note: "fish sludge and mortalities" },
    ],
  },
  {
    id: "paper_mill", label: "Paper mill", nace: "17.12", weight: 0.7, setting: "park", continuous: true, sizeSigma: 0.6, employees: 300,
    nameWord: { DK: "Papirfabrik", DE: "Papierfabrik" },
    source: "EU BREF Production of Pulp, Paper and Board (JRC 2015), rule of thumb",
    flows: [
      { direction: "offer", resourceType: "paper_sludge", annual: 30_000, units: BULK, eur: [20, 50], pricing: "disposal" },
      { direction: "offer", resourceType: "waste_heat_low", annual: 100_000, units: BIG_HEAT, temperatureC: [40, 60], note: "paper machine hood exhaust" },
      { direction: "offer", resourceType: "wastewater", annual: 5_000_000, units: WATER, temperatureC: [30, 40] },
      { direction: "need", resourceType: "paper_cardboard", annual: 300_000, units: BULK, eur: [60, 150], pricing: "price" },
      { direction: "need", resourceType: "steam", annual: 400_000, units: STEAM, temperatureC: [150, 180], pressureBar: [4, 10], eur: [25, 45], pricing: "price" },
      { direction: "need", resourceType: "fresh_water", annual: 5_000_000, units: WATER },
    ],
  },
  {
    id: "chemical", label: "Chemical plant", nace: "20.14", weight: 1.5, setting: "park", continuous: true, sizeSigma: 0.9, employees: 250,
    nameWord: { DK: "Kemi", DE: "Chemie" },
    source: "EU BREF Large Volume Organic Chemical Industry (JRC 2017), rule of thumb",
    flows: [
      { direction: "offer", resourceType: "steam", annual: 80_000, units: STEAM, p: 0.6, temperatureC: [180, 250], pressureBar: [10, 25], eur: [20, 40], pricing: "price", note: "surplus steam from exothermic reactors" },
      { direction: "offer", resourceType: "hydrogen", annual: 3_000, units: GAS_H2, p: 0.4, purityPct: [95, 99.9], note: "by-product hydrogen" },
      { direction: "offer", resourceType: "solvents", annual: 2_000, units: SOLID, p: 0.7, hazardClass: "HP3", eur: [100, 300], pricing: "disposal" },
      { direction: "offer", resourceType: "waste_heat_high", annual: 50_000, units: HEAT, temperatureC: [120, 200] },
      { direction: "offer", resourceType: "sulphuric_acid", annual: 5_000, units: SOLID, p: 0.3, hazardClass: "HP8", purityPct: [70, 96] },
      { direction: "need", resourceType: "glycerol", annual: 10_000, units: SOLID, p: 0.3, hazardClass: "HP3", purityPct: [80, 88], eur: [150, 400], pricing: "price" },
      { direction: "need", resourceType: "fresh_water", annual: 1_000_000, units: WATER },
      { direction: "need", resourceType: "cooling_water", annual: 3_000_000, units: WATER, p: 0.5 },
    ],
  },
  {
    id: "district_heating", label: "District heating utility", nace: "35.30", weight: 2, setting: "park", continuous: true, sizeSigma: 1, employees: 40,
    nameWord: { DK: "Fjernvarme", DE: "Fernwärme" },
    source: "Danish Energy Agency, Technology Data for Generation of Electricity and District Heating, rule of thumb",
    flows: [
      { direction: "need", resourceType: "waste_heat_low", annual: 80_000, units: BIG_HEAT, temperatureC: [20, 40], eur: [5, 20], pricing: "price", note: "heat pump source" },
      { direction: "need", resourceType: "waste_heat_high", annual: 150_000, units: BIG_HEAT, temperatureC: [75, 95], eur: [15, 35], pricing: "price", note: "direct supply temperature" },
      { direction: "need", resourceType: "biomass", annual: 50_000, units: BULK, p: 0.6, eur: [20, 45], pricing: "price" },
      { direction: "need", resourceType: "wood_waste", annual: 30_000, units: BULK, p: 0.5, eur: [10, 35], pricing: "price" },
      { direction: "offer", resourceType: "bottom_ash", annual: 20_000, units: BULK, p: 0.4, eur: [10, 30], pricing: "disposal" },
      { direction: "offer", resourceType: "fly_ash", annual: 3_000, units: BULK, p: 0.4, eur: [20, 60], pricing: "disposal" },
    ],
  },
  {
    id: "wastewater_plant", label: "Wastewater treatment plant", nace: "37.00", weight: 2, setting: "park", continuous: true, sizeSigma: 0.9, employees: 30,
    nameWord: { DK: "Renseanlæg", DE: "Klärwerk" },
    source: "rule of thumb for urban waste water treatment (Directive 91/271/EEC plants); no single reference",
    flows: [
      { direction: "offer", resourceType: "treated_wastewater", annual: 8_000_000, units: WATER, temperatureC: [10, 20], eur: [0, 0.5], pricing: "price" },
      { direction: "offer", resourceType: "sewage_sludge", annual: 20_000, units: BULK, eur: [30, 70], pricing: "disposal", note: "dewatered, ~25 % dry solids" },
      { direction: "offer", resourceType: "waste_heat_low", annual: 30_000, units: HEAT, p: 0.6, temperatureC: [10, 20], note: "effluent heat for heat pumps" },
      { direction: "offer", resourceType: "biogas", annual: 15_000, units: BIOGAS, p: 0.6 },
      { direction: "need", resourceType: "food_waste", annual: 5_000, units: SOLID, p: 0.4, note: "co-digestion feedstock" },
    ],
  },
  {
    id: "sawmill", label: "Sawmill", nace: "16.10", weight: 3, setting: "rural", continuous: false, hoursPerWeek: [40, 120], sizeSigma: 0.8, employees: 40,
    nameWord: { DK: "Savværk", DE: "Sägewerk" },
    source: "rule of thumb; sawmills have no BREF",
    flows: [
      { direction: "offer", resourceType: "wood_waste", annual: 40_000, units: BULK, eur: [10, 35], pricing: "price", note: "sawdust, bark and offcuts" },
      { direction: "need", resourceType: "process_heat", annual: 20_000, units: HEAT, temperatureC: [60, 90], eur: [25, 50], pricing: "price", note: "kiln drying" },
      { direction: "offer", resourceType: "waste_heat_low", annual: 3_000, units: SMALL_HEAT, p: 0.3, temperatureC: [30, 45] },
    ],
  },
  {
    id: "food_processing", label: "Fruit and vegetable processing", nace: "10.39", weight: 5, setting: "park", continuous: false, hoursPerWeek: [60, 144], sizeSigma: 0.9, employees: 80,
    nameWord: { DK: "Fødevarer", DE: "Lebensmittel" },
    source: "EU BREF Food, Drink and Milk Industries (JRC 2019), rule of thumb (fruit and vegetables)",
    flows: [
      { direction: "offer", resourceType: "food_waste", annual: 10_000, units: SOLID, eur: [0, 40], pricing: "disposal", note: "peelings and off-spec product" },
      { direction: "offer", resourceType: "wastewater", annual: 200_000, units: WATER, temperatureC: [20, 40] },
      { direction: "offer", resourceType: "waste_heat_low", annual: 3_000, units: SMALL_HEAT, p: 0.6, temperatureC: [30, 50] },
      { direction: "need", resourceType: "steam", annual: 15_000, units: STEAM, temperatureC: [120, 165], pressureBar: [2, 7], eur: [35, 70], pricing: "price" },
      { direction: "need", resourceType: "fresh_water", annual: 300_000, units: WATER },
      { direction: "need", resourceType: "cooling", annual: 5_000, units: COLD, p: 0.5, temperatureC: [-25, 4] },
    ],
  },
  {
    id: "slaughterhouse", label: "Slaughterhouse", nace: "10.11", weight: 1.5, setting: "park", continuous: false, hoursPerWeek: [60, 120], sizeSigma: 0.8, employees: 400,
    nameWord: { DK: "Slagteri", DE: "Schlachthof" },
    source: "EU BREF Slaughterhouses and Animal By-products Industries (2005), rule of thumb",
    flows: [
      { direction: "offer", resourceType: "animal_byproducts", annual: 20_000, units: SOLID, eur: [0, 60], pricing: "disposal" },
      { direction: "offer", resourceType: "wastewater", annual: 300_000, units: WATER, temperatureC: [25, 40] },
      { direction: "offer", resourceType: "manure", annual: 3_000, units: SOLID, p: 0.6, note: "lairage manure and gut contents" },
      { direction: "offer", resourceType: "waste_heat_low", annual: 5_000, units: HEAT, p: 0.7, temperatureC: [35, 55] },
      { direction: "need", resourceType: "steam", annual: 25_000, units: STEAM, temperatureC: [120, 165], pressureBar: [2, 7], eur: [35, 70], pricing: "price" },
      { direction: "need", resourceType: "fresh_water", annual: 400_000, units: WATER },
    ],
  },
  {
    id: "biogas_plant", label: "Biogas plant", nace: "35.21", weight: 3, setting: "rural", continuous: true, sizeSigma: 0.8, employees: 10,
    nameWord: { DK: "Biogas", DE: "Biogas" },
    source: "Danish Energy Agency, Technology Data for Renewable Fuels (biogas), rule of thumb",
    flows: [
      { direction: "need", resourceType: "manure", annual: 100_000, units: BULK, eur: [0, 5], pricing: "price" },
      { direction: "need", resourceType: "food_waste", annual: 20_000, units: BULK, p: 0.8, eur: [0, 10], pricing: "price" },
      { direction: "need", resourceType: "animal_byproducts", annual: 5_000, units: SOLID, p: 0.5 },
      { direction: "offer", resourceType: "biogas", annual: 60_000, units: BIOGAS, eur: [40, 80], pricing: "price" },
      { direction: "offer", resourceType: "digestate", annual: 110_000, units: BULK, eur: [0, 5], pricing: "price" },
      { direction: "offer", resourceType: "co2", annual: 8_000, units: GAS_CO2, p: 0.4, purityPct: [97, 99.5], note: "from biogas upgrading" },
      { direction: "offer", resourceType: "waste_heat_low", annual: 8_000, units: HEAT, p: 0.5, temperatureC: [70, 89], note: "engine jacket heat" },
    ],
  },
  {
    id: "plasterboard", label: "Plasterboard plant", nace: "23.62", weight: 0.3, setting: "park", continuous: true, sizeSigma: 0.5, employees: 150,
    nameWord: { DK: "Gipsfabrik", DE: "Gipswerk" },
    source: "rule of thumb after Eurogypsum industry figures; no single reference",
    flows: [
      { direction: "need", resourceType: "gypsum", annual: 200_000, units: BULK, eur: [5, 20], pricing: "price", note: "FGD gypsum" },
      { direction: "need", resourceType: "process_heat", annual: 100_000, units: BIG_HEAT, temperatureC: [150, 200], eur: [30, 55], pricing: "price", note: "calcining and board dryers" },
      { direction: "offer", resourceType: "construction_waste", annual: 5_000, units: SOLID, p: 0.7, note: "plasterboard offcuts" },
      { direction: "offer", resourceType: "waste_heat_low", annual: 20_000, units: HEAT, p: 0.6, temperatureC: [40, 60], note: "dryer exhaust" },
    ],
  },
  {
    id: "pig_farm", label: "Pig farm", nace: "01.46", weight: 9, setting: "rural", continuous: true, sizeSigma: 0.7, employees: 6,
    nameWord: { DK: "Svinebrug", DE: "Schweinezucht" },
    source: "EU BREF Intensive Rearing of Poultry or Pigs (JRC 2017), rule of thumb",
    flows: [
      { direction: "offer", resourceType: "manure", annual: 20_000, units: BULK, eur: [0, 5], pricing: "disposal" },
      { direction: "need", resourceType: "feed", annual: 5_000, units: SOLID, eur: [250, 350], pricing: "price" },
      { direction: "need", resourceType: "process_heat", annual: 500, units: SMALL_HEAT, p: 0.5, temperatureC: [30, 40], note: "piglet heating" },
      { direction: "need", resourceType: "fresh_water", annual: 30_000, units: SMALL_WATER, p: 0.5 },
    ],
  },
  {
    id: "refinery", label: "Oil refinery", nace: "19.20", weight: 0.15, setting: "park", continuous: true, sizeSigma: 0.4, employees: 400,
    nameWord: { DK: "Raffinaderi", DE: "Raffinerie" },
    source: "EU BREF Refining of Mineral Oil and Gas (JRC 2015), rule of thumb",
    flows: [
      { direction: "offer", resourceType: "waste_heat_high", annual: 500_000, units: BIG_HEAT, temperatureC: [100, 180] },
      { direction: "offer", resourceType: "sulphur", annual: 30_000, units: BULK, purityPct: [99.5, 99.9], eur: [50, 150], pricing: "price" },
      { direction: "offer", resourceType: "co2", annual: 300_000, units: GAS_CO2, p: 0.5, purityPct: [95, 99.5], note: "hydrogen unit (SMR) CO2" },
      { direction: "offer", resourceType: "caustic", annual: 3_000, units: SOLID, p: 0.6, hazardClass: "HP8", eur: [100, 300], pricing: "disposal" },
      { direction: "offer", resourceType: "wastewater", annual: 3_000_000, units: WATER, temperatureC: [25, 40] },
      { direction: "need", resourceType: "hydrogen", annual: 20_000, units: GAS_H2, purityPct: [99, 99.99], eur: [1_500, 4_000], pricing: "price" },
      { direction: "need", resourceType: "fresh_water", annual: 5_000_000, units: WATER },
    ],
  },
  {
    id: "glassworks", label: "Glassworks", nace: "23.11", weight: 0.5, setting: "park", continuous: true, sizeSigma: 0.6, employees: 200,
    nameWord: { DK: "Glasværk", DE: "Glashütte" },
    source: "EU BREF Manufacture of Glass (JRC 2013), rule of thumb",
    flows: [
      { direction: "offer", resourceType: "waste_heat_high", annual: 40_000, units: HEAT, temperatureC: [400, 500], note: "furnace flue gas after regenerators" },
      { direction: "offer", resourceType: "co2", annual: 60_000, units: GAS_CO2, p: 0.3, purityPct: [8, 15] },
      { direction: "need", resourceType: "glass_cullet", annual: 60_000, units: BULK, eur: [20, 80], pricing: "price" },
      { direction: "need", resourceType: "fresh_water", annual: 80_000, units: SMALL_WATER, p: 0.5 },
    ],
  },
  {
    id: "foundry", label: "Iron foundry", nace: "24.51", weight: 1, setting: "park", continuous: false, hoursPerWeek: [80, 144], sizeSigma: 0.8, employees: 120,
    nameWord: { DK: "Støberi", DE: "Gießerei" },
    source: "EU BREF Smitheries and Foundries Industry (2005), rule of thumb",
    flows: [
      { direction: "offer", resourceType: "foundry_sand", annual: 15_000, units: BULK, eur: [15, 40], pricing: "disposal" },
      { direction: "offer", resourceType: "waste_heat_high", annual: 15_000, units: HEAT, temperatureC: [200, 400] },
      { direction: "offer", resourceType: "slag", annual: 3_000, units: SOLID, p: 0.6 },
      { direction: "need", resourceType: "scrap_metal", annual: 40_000, units: BULK, eur: [250, 400], pricing: "price" },
      { direction: "need", resourceType: "cooling_water", annual: 200_000, units: WATER, p: 0.5 },
    ],
  },
  {
    id: "metalworks", label: "Metal fabrication", nace: "25.62", weight: 14, setting: "park", continuous: false, hoursPerWeek: [38, 80], sizeSigma: 0.9, employees: 25,
    nameWord: { DK: "Maskinfabrik", DE: "Metallbau" },
    source: "rule of thumb; EU BREF Surface Treatment of Metals and Plastics (2006) for the finishing steps",
    flows: [
      { direction: "offer", resourceType: "scrap_metal", annual: 300, units: SMALL_SOLID, eur: [100, 300], pricing: "price", note: "turnings and offcuts" },
      { direction: "offer", resourceType: "used_oil", annual: 10, units: SMALL_SOLID, p: 0.5, hazardClass: "HP14", eur: [50, 200], pricing: "disposal" },
      { direction: "offer", resourceType: "solvents", annual: 5, units: SMALL_SOLID, p: 0.2, hazardClass: "HP3", eur: [200, 600], pricing: "disposal" },
      { direction: "need", resourceType: "process_heat", annual: 400, units: SMALL_HEAT, p: 0.5, temperatureC: [40, 70], seasonality: HEATING_SEASON },
    ],
  },
  {
    id: "plastics", label: "Plastics products", nace: "22.29", weight: 6, setting: "park", continuous: false, hoursPerWeek: [80, 168], sizeSigma: 0.9, employees: 50,
    nameWord: { DK: "Plast", DE: "Kunststoff" },
    source: "rule of thumb; no single reference",
    flows: [
      { direction: "offer", resourceType: "plastics", annual: 200, units: SMALL_SOLID, eur: [0, 200], pricing: "price", note: "sprues and regrind" },
      { direction: "offer", resourceType: "waste_heat_low", annual: 1_500, units: SMALL_HEAT, p: 0.5, temperatureC: [30, 50], note: "mould cooling" },
      { direction: "need", resourceType: "plastics", annual: 500, units: SMALL_SOLID, p: 0.4, purityPct: [95, 99.5], eur: [300, 900], pricing: "price", note: "recyclate" },
      { direction: "need", resourceType: "cooling", annual: 1_000, units: COLD, p: 0.4, temperatureC: [8, 15] },
    ],
  },
  {
    id: "bakery", label: "Industrial bakery", nace: "10.71", weight: 5, setting: "park", continuous: false, hoursPerWeek: [60, 144], sizeSigma: 0.8, employees: 40,
    nameWord: { DK: "Bageri", DE: "Großbäckerei" },
    source: "EU BREF Food, Drink and Milk Industries (JRC 2019), rule of thumb (bakery)",
    flows: [
      { direction: "offer", resourceType: "food_waste", annual: 300, units: SMALL_SOLID, eur: [0, 30], pricing: "price", note: "unsold bread, suitable as feed" },
      { direction: "offer", resourceType: "waste_heat_high", annual: 1_000, units: SMALL_HEAT, p: 0.5, temperatureC: [150, 250], note: "oven exhaust" },
      { direction: "need", resourceType: "process_heat", annual: 2_000, units: SMALL_HEAT, p: 0.4, temperatureC: [40, 60] },
    ],
  },
  {
    id: "supermarket", label: "Supermarket / distribution centre", nace: "47.11", weight: 10, setting: "park", continuous: true, sizeSigma: 0.7, employees: 60,
    nameWord: { DK: "Supermarked", DE: "Markt" },
    source: "rule of thumb; no BREF covers retail",
    flows: [
      { direction: "offer", resourceType: "food_waste", annual: 150, units: SMALL_SOLID, eur: [0, 60], pricing: "disposal" },
      { direction: "offer", resourceType: "paper_cardboard", annual: 200, units: SMALL_SOLID, eur: [0, 80], pricing: "price" },
      { direction: "offer", resourceType: "plastics", annual: 40, units: SMALL_SOLID, p: 0.6, note: "PE stretch film" },
      { direction: "offer", resourceType: "waste_heat_low", annual: 800, units: SMALL_HEAT, p: 0.4, temperatureC: [30, 45], note: "refrigeration heat" },
    ],
  },
  {
    id: "construction", label: "Construction contractor", nace: "41.20", weight: 9, setting: "park", continuous: false, hoursPerWeek: [37, 60], sizeSigma: 1, employees: 30,
    nameWord: { DK: "Entreprenør", DE: "Bau" },
    source: "rule of thumb; no BREF covers construction",
    flows: [
      { direction: "offer", resourceType: "construction_waste", annual: 3_000, units: SOLID, eur: [5, 25], pricing: "disposal" },
      { direction: "offer", resourceType: "wood_waste", annual: 200, units: SMALL_SOLID, p: 0.5 },
      { direction: "need", resourceType: "cement_raw_material", annual: 2_000, units: SOLID, p: 0.3, note: "recycled aggregate" },
    ],
  },
  {
    id: "logistics", label: "Logistics warehouse", nace: "52.10", weight: 5, setting: "park", continuous: true, sizeSigma: 0.8, employees: 50,
    nameWord: { DK: "Logistik", DE: "Logistik" },
    source: "rule of thumb; no BREF covers warehouses",
    flows: [
      { direction: "offer", resourceType: "paper_cardboard", annual: 500, units: SMALL_SOLID, eur: [20, 80], pricing: "price" },
      { direction: "offer", resourceType: "plastics", annual: 100, units: SMALL_SOLID, p: 0.7, note: "stretch film and straps" },
      { direction: "offer", resourceType: "wood_waste", annual: 150, units: SMALL_SOLID, p: 0.5, note: "broken pallets" },
      { direction: "need", resourceType: "process_heat", annual: 1_200, units: SMALL_HEAT, p: 0.3, temperatureC: [35, 55], seasonality: HEATING_SEASON },
    ],
  },
  {
    id: "hotel", label: "Hotel", nace: "55.10", weight: 4, setting: "park", continuous: true, sizeSigma: 0.7, employees: 35,
    nameWord: { DK: "Hotel", DE: "Hotel" },
    source: "rule of thumb; no BREF covers hotels",
    flows: [
      { direction: "need", resourceType: "process_heat", annual: 1_500, units: SMALL_HEAT, temperatureC: [55, 70], seasonality: HEATING_SEASON, eur: [50, 90], pricing: "price", note: "space heating and hot water" },
      { direction: "offer", resourceType: "food_waste", annual: 60, units: SMALL_SOLID, p: 0.7, eur: [40, 120], pricing: "disposal" },
      { direction: "offer", resourceType: "used_oil", annual: 3, units: ["kg/day", "t/yr"], p: 0.3, hazardClass: "HP14", note: "used frying oil" },
    ],
  },
  {
    id: "feed_mill", label: "Feed mill", nace: "10.91", weight: 1.5, setting: "rural", continuous: false, hoursPerWeek: [80, 144], sizeSigma: 0.7, employees: 40,
    nameWord: { DK: "Foderstof", DE: "Futtermittel" },
    source: "EU BREF Food, Drink and Milk Industries (JRC 2019), rule of thumb (animal feed)",
    flows: [
      { direction: "need", resourceType: "spent_grain", annual: 10_000, units: BULK, p: 0.6, eur: [20, 50], pricing: "price" },
      { direction: "need", resourceType: "whey", annual: 10_000, units: SOLID, p: 0.4, eur: [5, 25], pricing: "price" },
      { direction: "need", resourceType: "food_waste", annual: 5_000, units: SOLID, p: 0.5, note: "former foodstuffs" },
      { direction: "need", resourceType: "steam", annual: 8_000, units: STEAM, p: 0.6, temperatureC: [140, 180], pressureBar: [3, 8], note: "pelleting" },
    ],
  },
]);
