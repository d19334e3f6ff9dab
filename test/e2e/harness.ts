/// <reference lib="dom" />
/**
 * What every browser test stands on: the built client, fresh test stores (seeded by the
 * test), the matching worker, a real api serving the client, and Chromium; plus a REST
 * client for setup and the map's rendered features for assertions.
 */
import type { Page } from "playwright-core";
import { startTestApi, type RunningTestApi } from "../helpers/api.ts";
import { startTestMatchingWorker } from "../helpers/matching-worker.ts";
import { names, openTestStores, resetStores, type TestStores } from "../helpers/stores.ts";
import { launchBrowser, type Browser, type BrowserOptions } from "./browser.ts";
import { ensureClientBuilt } from "./client-build.ts";

export type Stores = TestStores;
export type Api = RunningTestApi;

export interface E2e {
  readonly stores: Stores;
  readonly api: Api;
  readonly browser: Browser;
  /** REST against the api: throws with the status and body unless 2xx. */
  rest<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * Build the client if stale, reset the test stores, let `seed` write what the test needs,
 * then start the worker (after purging the seed's events, so it sees only what the tests
 * write), the api and the browser.
 */
export async function startE2e(name: string, seed: (stores: Stores) => Promise<void> = async () => undefined, browserOptions: BrowserOptions = {}): Promise<E2e> {
  await ensureClientBuilt();
  const stores = await openTestStores();
  await resetStores(stores);
  await seed(stores);
  const jsm = await stores.nats.jetstreamManager();
  await jsm.streams.purge(names.streams.events);
  const worker = await startTestMatchingWorker(stores, `matching-${name}-${Date.now()}`);
  const api = await startTestApi();
  const browser = await launchBrowser(browserOptions);
  async function rest<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const res = await fetch(`${api.url}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }
  return {
    stores,
    api,
    browser,
    rest,
    async close() {
      await browser.close();
      await worker.stop();
      await api.stop();
      await stores.close();
    },
  };
}

/** Log in on the login page and wait for the map. */
export async function logIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/#/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.locator('#map[data-ready="true"]').waitFor({ timeout: 60_000 });
}

/** Properties of the features the map draws in these layers (client/src/map/layers.ts). */
export function renderedProperties(page: Page, layers: string[]): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    (ids) =>
      (window as unknown as { __turashMap: { queryRenderedFeatures(p?: unknown, o?: unknown): { properties: Record<string, unknown> }[] } }).__turashMap
        .queryRenderedFeatures(undefined, { layers: ids })
        .map((f) => f.properties),
    layers,
  );
}
