/**
 * The map on the wire (`GET /map/sites`, api/routes/map/presenter.ts): named sites (own,
 * public, or revealed by a match) as points, every other site only as its H3 cell.
 */
export type MapRole = "supplier" | "consumer" | "both" | "none";

/** A named site: your own, or a public organization's. */
export interface MapSiteProps {
  readonly kind: "site";
  readonly id: string;
  readonly role: MapRole;
  readonly resourceTypes: readonly string[];
  readonly own: boolean;
  readonly name: string;
  /** The organization's name: it may be named to this caller (own, public, or revealed). */
  readonly orgName?: string;
}

/** Confidential organizations' sites of one H3 cell: no id, no name, the cell's centre. */
export interface MapCellProps {
  readonly kind: "cell";
  readonly id: string;
  readonly cell: string;
  readonly role: MapRole;
  readonly resourceTypes: readonly string[];
  readonly own: false;
  readonly sites: number;
}

export interface MapFeature<P> {
  readonly type: "Feature";
  readonly id: string;
  readonly geometry: { readonly type: "Point"; readonly coordinates: [number, number] };
  readonly properties: P;
}

export interface SiteCollection {
  readonly type: "FeatureCollection";
  readonly features: MapFeature<MapSiteProps | MapCellProps>[];
  readonly truncated: boolean;
}
