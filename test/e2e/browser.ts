/// <reference lib="dom" />
/**
 * Chromium for the e2e tests: Debian's /usr/bin/chromium through playwright-core, headless,
 * with a fresh empty profile and SwiftShader so WebGL (the map) renders without a GPU.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.TURASH_CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  // WebGL on the CPU: ANGLE over SwiftShader (newer Chromium needs the unsafe flag to allow it).
  "--use-gl=angle",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
  "--ignore-gpu-blocklist",
];

export interface Browser {
  readonly context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Install Debian's chromium when it is missing (as root, with apt-get), so a fresh machine
 * runs the browser tests without a manual step; otherwise say in one line what to do.
 */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const hint = `Chromium is missing at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set TURASH_CHROMIUM`;
  if (process.env.TURASH_CHROMIUM || process.getuid?.() !== 0 || spawnSync("sh", ["-c", "command -v apt-get"]).status !== 0) throw new Error(hint);
  console.log("e2e: installing Debian's chromium with apt-get (first run only)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let install = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { env, stdio: "inherit" });
  if (install.status !== 0) {
    spawnSync("apt-get", ["update", "-qq"], { env, stdio: "inherit" });
    install = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { env, stdio: "inherit" });
  }
  if (install.status !== 0 || !existsSync(CHROMIUM)) throw new Error(hint);
}

/** How the browser presents itself: its language (navigator.language and Accept-Language), e.g. "da-DK". */
export interface BrowserOptions {
  readonly locale?: string;
}

export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), "turash-e2e-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    ...(options.locale ? { locale: options.locale } : {}),
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Save a screenshot under test-artifacts/ and return its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * Colours of the map canvas, counted in the page: the WebGL canvas (kept with
 * preserveDrawingBuffer) is drawn into a 2D canvas; colours are quantized to 4 bits per
 * channel. Returns the number of distinct colours and how many pixels match each probe colour.
 */
export async function canvasColours(page: Page, probes: Record<string, string>): Promise<{ distinct: number; width: number; height: number; probes: Record<string, number> }> {
  return page.evaluate((probeHex) => {
    const source = document.querySelector<HTMLCanvasElement>("#map canvas");
    if (!source) throw new Error("no map canvas");
    const c = document.createElement("canvas");
    c.width = source.width;
    c.height = source.height;
    const ctx = c.getContext("2d")!;
    ctx.drawImage(source, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const seen = new Set<number>();
    const targets = Object.entries(probeHex).map(([name, hex]) => ({ name, rgb: [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) }));
    const counts: Record<string, number> = Object.fromEntries(targets.map((t) => [t.name, 0]));
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
      seen.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      for (const t of targets) if (Math.abs(r - t.rgb[0]!) < 12 && Math.abs(g - t.rgb[1]!) < 12 && Math.abs(b - t.rgb[2]!) < 12) counts[t.name]!++;
    }
    return { distinct: seen.size, width: c.width, height: c.height, probes: counts };
  }, probes);
}

/**
 * Keep what a page says went wrong (console errors, uncaught exceptions, failed requests);
 * `report()` gives it with where the page is and what its header shows, for a failed test
 * to print: a browser test that fails only inside the full suite leaves nothing else behind.
 */
export function watchPage(page: Page): { report(): Promise<string> } {
  const seen: string[] = [];
  const keep = (line: string) => {
    seen.push(`${new Date().toISOString()} ${line}`);
    if (seen.length > 50) seen.shift();
  };
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") keep(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => keep(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => keep(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => {
    if (r.status() >= 400) keep(`response ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return {
    async report() {
      const nav = await page.locator("nav").first().textContent({ timeout: 2_000 }).catch(() => "(no nav)");
      return [`url: ${page.url()}`, `nav: ${nav}`, ...seen].join("\n");
    },
  };
}
