/**
 * Town centres of Denmark and northern Germany that have industry, with a weight
 * roughly following their industrial employment. Coordinates are town centres (WGS84).
 */

export interface Town {
  readonly name: string;
  readonly country: "DK" | "DE";
  readonly lat: number;
  readonly lon: number;
  /** Relative share of industrial parks. */
  readonly weight: number;
  /** First digits of local postcodes, for plausible addresses. */
  readonly postcode: string;
  /** Region used to partition sites (Danish region or German Land). */
  readonly region: string;
}

export const TOWNS: readonly Town[] = Object.freeze([
  { name: "København", country: "DK", lat: 55.6761, lon: 12.5683, weight: 8, postcode: "2", region: "DK01 Hovedstaden" },
  { name: "Aarhus", country: "DK", lat: 56.1572, lon: 10.2107, weight: 6, postcode: "8", region: "DK04 Midtjylland" },
  { name: "Odense", country: "DK", lat: 55.4038, lon: 10.4024, weight: 5, postcode: "5", region: "DK03 Syddanmark" },
  { name: "Aalborg", country: "DK", lat: 57.0488, lon: 9.9217, weight: 5, postcode: "9", region: "DK05 Nordjylland" },
  { name: "Esbjerg", country: "DK", lat: 55.4765, lon: 8.4594, weight: 4, postcode: "67", region: "DK03 Syddanmark" },
  { name: "Kalundborg", country: "DK", lat: 55.6814, lon: 11.0886, weight: 3, postcode: "44", region: "DK02 Sjælland" },
  { name: "Fredericia", country: "DK", lat: 55.5657, lon: 9.7526, weight: 3, postcode: "70", region: "DK03 Syddanmark" },
  { name: "Vejle", country: "DK", lat: 55.7093, lon: 9.5357, weight: 3, postcode: "71", region: "DK03 Syddanmark" },
  { name: "Kolding", country: "DK", lat: 55.4904, lon: 9.4722, weight: 3, postcode: "60", region: "DK03 Syddanmark" },
  { name: "Horsens", country: "DK", lat: 55.8607, lon: 9.8503, weight: 2, postcode: "87", region: "DK04 Midtjylland" },
  { name: "Randers", country: "DK", lat: 56.4607, lon: 10.0365, weight: 2, postcode: "89", region: "DK04 Midtjylland" },
  { name: "Herning", country: "DK", lat: 56.1393, lon: 8.9738, weight: 3, postcode: "74", region: "DK04 Midtjylland" },
  { name: "Holstebro", country: "DK", lat: 56.3601, lon: 8.6161, weight: 2, postcode: "75", region: "DK04 Midtjylland" },
  { name: "Næstved", country: "DK", lat: 55.2299, lon: 11.7609, weight: 2, postcode: "47", region: "DK02 Sjælland" },
  { name: "Hamburg", country: "DE", lat: 53.5511, lon: 9.9937, weight: 10, postcode: "2", region: "DE6 Hamburg" },
  { name: "Kiel", country: "DE", lat: 54.3233, lon: 10.1228, weight: 4, postcode: "241", region: "DEF Schleswig-Holstein" },
  { name: "Lübeck", country: "DE", lat: 53.8655, lon: 10.6866, weight: 4, postcode: "235", region: "DEF Schleswig-Holstein" },
  { name: "Flensburg", country: "DE", lat: 54.7937, lon: 9.4469, weight: 2, postcode: "249", region: "DEF Schleswig-Holstein" },
  { name: "Brunsbüttel", country: "DE", lat: 53.8964, lon: 9.1393, weight: 2, postcode: "256", region: "DEF Schleswig-Holstein" },
  { name: "Neumünster", country: "DE", lat: 54.0714, lon: 9.99, weight: 2, postcode: "245", region: "DEF Schleswig-Holstein" },
  { name: "Stade", country: "DE", lat: 53.5997, lon: 9.4758, weight: 2, postcode: "216", region: "DE9 Niedersachsen" },
  { name: "Bremen", country: "DE", lat: 53.0793, lon: 8.8017, weight: 6, postcode: "28", region: "DE5 Bremen" },
  { name: "Wilhelmshaven", country: "DE", lat: 53.5301, lon: 8.1066, weight: 2, postcode: "263", region: "DE9 Niedersachsen" },
  { name: "Rostock", country: "DE", lat: 54.0924, lon: 12.0991, weight: 4, postcode: "18", region: "DE8 Mecklenburg-Vorpommern" },
  { name: "Schwerin", country: "DE", lat: 53.6355, lon: 11.4012, weight: 2, postcode: "190", region: "DE8 Mecklenburg-Vorpommern" },
]);
