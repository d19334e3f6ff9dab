import { describe, expect, it } from "vitest";
import { latLngToCell } from "h3-js";
import { MAX_REGION_CELLS, anonymizedPoint, pointRooms, regionRoom, viewportCells } from "./regions.ts";

describe("map regions", () => {
  it("covers a city-sized viewport with res-5 cells, including the one containing its centre", () => {
    const v = { west: 12.4, south: 55.6, east: 12.7, north: 55.75 };
    const got = viewportCells(v)!;
    expect(got.resolution).toBe(5);
    expect(got.cells).toContain(latLngToCell(55.675, 12.55, 5));
    expect(got.cells.length).toBeLessThanOrEqual(MAX_REGION_CELLS);
  });

  it("joins something even for a viewport smaller than one cell", () => {
    const got = viewportCells({ west: 12.5, south: 55.6, east: 12.501, north: 55.601 })!;
    expect(got.cells).toEqual([latLngToCell(55.6005, 12.5005, 5)]);
  });

  it("goes coarser for a country, and refuses a continent", () => {
    const denmark = viewportCells({ west: 8, south: 54.5, east: 13, north: 57.8 })!;
    expect(denmark.resolution).toBeLessThan(5);
    expect(denmark.cells.length).toBeLessThanOrEqual(MAX_REGION_CELLS);
    expect(viewportCells({ west: -20, south: 30, east: 40, north: 70 })).toBeUndefined();
  });

  it("handles a viewport across the antimeridian", () => {
    const got = viewportCells({ west: 179.8, south: -17, east: -179.8, north: -16.8 })!;
    expect(got.cells).toContain(latLngToCell(-16.9, 179.9, got.resolution));
    expect(got.cells).toContain(latLngToCell(-16.9, -179.9, got.resolution));
  });

  it("a point's rooms include the room of every resolution a viewport can join at", () => {
    const rooms = pointRooms(55.675, 12.55);
    const city = viewportCells({ west: 12.4, south: 55.6, east: 12.7, north: 55.75 })!;
    const country = viewportCells({ west: 8, south: 54.5, east: 13, north: 57.8 })!;
    expect(city.cells.map(regionRoom).some((r) => rooms.includes(r))).toBe(true);
    expect(country.cells.map(regionRoom).some((r) => rooms.includes(r))).toBe(true);
  });

  it("anonymizes a point to its cell's centre", () => {
    const p = anonymizedPoint(55.675, 12.55);
    expect(p.cell).toBe(latLngToCell(55.675, 12.55, 5));
    expect(Math.abs(p.lat - 55.675) + Math.abs(p.lon - 12.55)).toBeGreaterThan(0);
    expect(Math.abs(p.lat - 55.675)).toBeLessThan(0.2);
  });
});
