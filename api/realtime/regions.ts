/**
 * Map regions as H3 cells. A socket's viewport joins it to the rooms `region:<cell>` of
 * the cells covering it, at the finest of {@link REGION_RESOLUTIONS} that needs at most
 * {@link MAX_REGION_CELLS} cells (res 5 ≈ 250 km² a cell, res 4 ≈ 1,770 km², res 3 ≈
 * 12,400 km²). An event at a point goes to the point's cell at every one of those
 * resolutions, so each viewport hears about it whatever resolution it joined at.
 */
import { cellToLatLng, cellToParent, getHexagonAreaAvg, latLngToCell, polygonToCells } from "h3-js";
import { boxAreaKm2 } from "../../domain/geodesy.ts";

/** Resolutions a viewport may join at, finest first. */
export const REGION_RESOLUTIONS = [5, 4, 3] as const;
/** At most this many region rooms per socket. */
export const MAX_REGION_CELLS = 400;

/** A map viewport in degrees (WGS84). `west > east` crosses the antimeridian. */
export interface Viewport {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/** The room of an H3 cell. */
export const regionRoom = (cell: string) => `region:${cell}`;

/** Split a viewport crossing the antimeridian into two that do not. */
function boxes(v: Viewport): Viewport[] {
  return v.west <= v.east ? [v] : [{ ...v, east: 180 }, { ...v, west: -180 }];
}

/** Area of a viewport in km². */
function areaKm2(v: Viewport): number {
  return boxes(v).reduce((sum, b) => sum + boxAreaKm2(b), 0);
}

// polygonToCells takes cells whose centres lie inside; add the cells of the corners, the
// edges' midpoints and the centre so that small viewports (inside one cell) join something.
function cellsOf(b: Viewport, res: number): Set<string> {
  const ring = [
    [b.south, b.west],
    [b.south, b.east],
    [b.north, b.east],
    [b.north, b.west],
  ];
  const cells = new Set(polygonToCells(ring, res));
  const midLat = (b.south + b.north) / 2;
  const midLon = (b.west + b.east) / 2;
  for (const [lat, lon] of [...ring, [midLat, midLon], [b.south, midLon], [b.north, midLon], [midLat, b.west], [midLat, b.east]]) {
    cells.add(latLngToCell(lat!, lon!, res));
  }
  return cells;
}

/** The cells covering a viewport, or undefined when even the coarsest resolution needs too many. */
export function viewportCells(v: Viewport, max = MAX_REGION_CELLS): { resolution: number; cells: string[] } | undefined {
  const area = areaKm2(v);
  for (const res of REGION_RESOLUTIONS) {
    // Skip resolutions that obviously need too many cells before computing them.
    if (area / getHexagonAreaAvg(res, "km2") > max * 1.5) continue;
    const cells = new Set<string>();
    for (const b of boxes(v)) for (const c of cellsOf(b, res)) cells.add(c);
    if (cells.size <= max) return { resolution: res, cells: [...cells].sort() };
  }
  return undefined;
}

/** The region rooms of a point: its cell at every region resolution. */
export function pointRooms(lat: number, lon: number): string[] {
  const finest = latLngToCell(lat, lon, REGION_RESOLUTIONS[0]);
  return REGION_RESOLUTIONS.map((res) => regionRoom(res === REGION_RESOLUTIONS[0] ? finest : cellToParent(finest, res)));
}

/** The centre of a point's finest region cell: where anonymized activity is shown. */
export function anonymizedPoint(lat: number, lon: number): { cell: string; lat: number; lon: number } {
  const cell = latLngToCell(lat, lon, REGION_RESOLUTIONS[0]);
  const [clat, clon] = cellToLatLng(cell);
  return { cell, lat: Math.round(clat * 1e5) / 1e5, lon: Math.round(clon * 1e5) / 1e5 };
}
