/**
 * The map's search box: places from the offline gazetteer (GET /map/places/search) and the
 * organizations the map may name — your own, public ones and those a match revealed — by
 * the organization's name wherever they are (GET /map/organizations/search), or by a site's
 * name among the named sites the map has loaded. Confidential organizations are never
 * searchable by name: the api never names them, and the map only ever receives their cells.
 */
import { get } from "../rest/http.ts";
import { t } from "../i18n/index.ts";
import { h, replaceChildren } from "../ui/dom.ts";

export interface NamedSite {
  readonly id: string;
  readonly name: string;
  /** The organization's name, when the api sent it. */
  readonly orgName?: string | undefined;
  readonly lon: number;
  readonly lat: number;
}

interface FoundOrg {
  readonly name: string;
  readonly sites: readonly { id: string; name: string; lon: number; lat: number }[];
}

interface Place {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly population: number;
  readonly lon: number;
  readonly lat: number;
}

export interface SearchHooks {
  /** The named sites to search (own and public organizations'). */
  sites(): Iterable<NamedSite>;
  goToPlace(p: { lon: number; lat: number; name: string }): void;
  goToSite(site: NamedSite): void;
}

const norm = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

export function renderSearch(hooks: SearchHooks): HTMLElement {
  const input = h("input", { id: "map-search", type: "search", placeholder: t("search.placeholder"), "aria-label": t("search.label"), autocomplete: "off", "aria-controls": "map-search-results" });
  const results = h("div", { id: "map-search-results", class: "search-results", role: "region", "aria-label": t("search.results"), "aria-live": "polite" });
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clear = () => {
    replaceChildren(results);
    results.hidden = true;
    delete results.dataset.query;
  };
  clear();
  async function run(): Promise<void> {
    const q = input.value.trim();
    const mine = ++seq;
    if (q.length < 2) return clear();
    const key = norm(q);
    const [orgs, places] = await Promise.all([
      get<{ items: FoundOrg[] }>(`/map/organizations/search?q=${encodeURIComponent(q)}&limit=6`).then((r) => r.items, () => [] as FoundOrg[]),
      get<{ items: Place[] }>(`/map/places/search?q=${encodeURIComponent(q)}&limit=6`).then((r) => r.items, () => [] as Place[]),
    ]);
    if (mine !== seq) return;
    // Organizations by name first, then loaded sites whose own name matches; each site once.
    const found = new Map<string, NamedSite>();
    for (const o of orgs) for (const site of o.sites) found.set(site.id, { ...site, orgName: o.name });
    for (const site of hooks.sites()) if (!found.has(site.id) && (norm(site.name).includes(key) || (site.orgName !== undefined && norm(site.orgName).includes(key)))) found.set(site.id, site);
    const sites = [...found.values()].slice(0, 8);
    const choose = (run: () => void) => () => {
      run();
      input.value = "";
      clear();
    };
    results.hidden = false;
    // Which query these results answer (typing on replaces them).
    results.dataset.query = q;
    replaceChildren(
      results,
      sites.length ? [h("h3", {}, t("search.organizations")), h("ul", {}, sites.map((s) => h("li", {}, h("button", { type: "button", class: "link", "data-search-site": s.id, onclick: choose(() => hooks.goToSite(s)) }, s.orgName ? `${s.orgName} — ${s.name}` : s.name))))] : null,
      places.length
        ? [h("h3", {}, t("search.places")), h("ul", {}, places.map((p) => h("li", {}, h("button", { type: "button", class: "link", "data-search-place": p.name, onclick: choose(() => hooks.goToPlace(p)) }, `${p.name}, ${p.country}`))))]
        : null,
      !sites.length && !places.length ? h("p", { class: "muted" }, t("search.nothing", { q })) : null,
      h("p", { class: "muted small" }, t("search.anonymousNote")),
    );
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 200);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Escape") clear();
    if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(timer);
      void run().then(() => results.querySelector<HTMLButtonElement>("button")?.click());
    }
  });
  return h("div", { class: "map-search", role: "search" }, input, results);
}
