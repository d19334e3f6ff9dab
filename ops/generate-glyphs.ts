/**
 * Generates the map's label glyphs (SDF glyph PBFs, the format MapLibre and mapbox-gl read
 * from a style's `glyphs` URL) from Noto Sans in @fontsource/noto-sans (SIL OFL 1.1), so the
 * api serves them itself and the map needs no outside font server. Run once after changing
 * the font or the ranges; the output is committed under spatial/glyphs/.
 *
 *   npx tsx ops/generate-glyphs.ts
 *
 * Rasterizing needs a 2D canvas: Debian's Chromium through playwright-core draws each glyph
 * with @mapbox/tiny-sdf (the same SDF maker MapLibre uses for local glyphs); Node encodes
 * the protobuf.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
// Debian's Chromium, CPU-only, as the e2e tests run it.
const CHROMIUM = process.env.TURASH_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];
import { GLYPH_FONTSTACKS, GLYPH_RANGES } from "../spatial/glyph-ranges.ts";

const require = createRequire(import.meta.url);
const OUT = fileURLToPath(new URL("../spatial/glyphs/", import.meta.url));
const fontFile = (weight: number, subset: string) => require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-${weight}-normal.woff2`);

interface Glyph { id: number; bitmap: number[]; width: number; height: number; left: number; top: number; advance: number }

// --- protobuf (glyphs.proto: glyphs{1: fontstack}, fontstack{1: name, 2: range, 3: glyph}, glyph{1 id, 2 bitmap, 3 width, 4 height, 5 left (sint32), 6 top (sint32), 7 advance}) ---
function varint(n: number, out: number[]): void {
  while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
}
const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);
function field(no: number, wire: 0 | 2, out: number[]): void { varint((no << 3) | wire, out); }
function bytesField(no: number, data: ArrayLike<number>, out: number[]): void { field(no, 2, out); varint(data.length, out); for (let i = 0; i < data.length; i++) out.push(data[i]!); }
function uintField(no: number, n: number, out: number[]): void { field(no, 0, out); varint(n, out); }

export function encodeGlyphs(name: string, range: string, glyphs: readonly Glyph[]): Buffer {
  const stack: number[] = [];
  bytesField(1, Buffer.from(name), stack);
  bytesField(2, Buffer.from(range), stack);
  for (const g of glyphs) {
    const m: number[] = [];
    uintField(1, g.id, m);
    if (g.bitmap.length) bytesField(2, g.bitmap, m);
    uintField(3, g.width, m);
    uintField(4, g.height, m);
    uintField(5, zigzag(g.left), m);
    uintField(6, zigzag(g.top), m);
    uintField(7, g.advance, m);
    bytesField(3, m, stack);
  }
  const out: number[] = [];
  bytesField(1, stack, out);
  return Buffer.from(out);
}

async function main(): Promise<void> {
  const tinySdf = readFileSync(require.resolve("@mapbox/tiny-sdf"), "utf8").replace("export default class TinySDF", "window.TinySDF = class TinySDF");
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  await page.setContent("<html><body></body></html>");
  await page.addScriptTag({ content: tinySdf });
  for (const stack of GLYPH_FONTSTACKS) {
    const faces = ["latin", "latin-ext"].map((subset) => readFileSync(fontFile(stack.weight, subset)).toString("base64"));
    for (const range of GLYPH_RANGES) {
      const [start, end] = range.split("-").map(Number) as [number, number];
      const glyphs = await page.evaluate(async ({ faces, weight, start, end }) => {
        for (const data of faces) {
          const face = new FontFace("TurashNoto", `url(data:font/woff2;base64,${data})`, { weight: String(weight) });
          (document.fonts as unknown as { add(f: FontFace): void }).add(await face.load());
        }
        const Sdf = (window as unknown as { TinySDF: new (o: object) => { draw(c: string): { data: Uint8ClampedArray; glyphWidth: number; glyphHeight: number; glyphTop: number; glyphLeft: number; glyphAdvance: number } } }).TinySDF;
        const sdf = new Sdf({ fontSize: 24, buffer: 3, radius: 8, cutoff: 0.25, fontFamily: "TurashNoto", fontWeight: String(weight) });
        const probe = document.createElement("canvas").getContext("2d")!;
        probe.font = `${weight} 24px TurashNoto`;
        const out = [];
        for (let id = start; id <= end; id++) {
          const ch = String.fromCodePoint(id);
          // Code points the font lacks would be drawn by a fallback font: leave them out.
          if (id > 32 && !document.fonts.check(`${weight} 24px TurashNoto`, ch)) continue;
          if (id < 32 || (id >= 127 && id < 160)) continue;
          const g = sdf.draw(ch);
          // Same baseline adjustment MapLibre applies to its own TinySDF glyphs, so these
          // line up like server glyphs made by fontnik.
          out.push({ id, bitmap: Array.from(g.data), width: g.glyphWidth, height: g.glyphHeight, left: g.glyphLeft, top: Math.round(g.glyphTop - 27.5), advance: Math.round(g.glyphAdvance) });
        }
        return out;
      }, { faces, weight: stack.weight, start, end });
      const dir = join(OUT, stack.name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${range}.pbf`), encodeGlyphs(stack.name, range, glyphs));
      console.log(`${stack.name} ${range}: ${glyphs.length} glyphs`);
    }
  }
  await browser.close();
}

await main();
