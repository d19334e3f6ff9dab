/**
 * The service marketplace (#/marketplace?region=<code>): for any logged-in user, the
 * facilitators and service providers serving a region — or a region containing it — grouped
 * by the resource types of their expertise, with their kind, organization and free slots
 * (GET /marketplace). The region comes from the loaded boundaries (GET /regions) and is kept
 * in the address, so a marketplace page can be linked.
 */
import "./marketplace.css";
import { get } from "../rest/http.ts";
import type { Page } from "../rest/types.ts";
import { resourceName } from "../rest/resource-names.ts";
import { resourceTypes } from "../rest/taxonomy.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { t } from "../i18n/index.ts";

interface RegionItem {
  readonly code: string;
  readonly name: string;
  readonly level: string;
}
interface Provider {
  readonly serviceId: string;
  readonly orgName: string | null;
  readonly orgId: string;
  readonly name: string;
  readonly kind: string;
  readonly description: string | null;
  readonly expertise: readonly string[];
  readonly capacity: number;
  readonly free: number;
}
interface MarketplaceBody {
  readonly region: { code: string; name: string };
  readonly regionsIncluded: readonly { code: string; name: string }[];
  readonly resourceTypes: readonly { resourceType: string; providers: readonly Provider[] }[];
}

/** Every loaded region (a few pages of 200), by name. */
async function loadedRegions(): Promise<RegionItem[]> {
  const all: RegionItem[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10; i++) {
    const qs = new URLSearchParams({ limit: "200" });
    if (cursor) qs.set("cursor", cursor);
    const page: Page<RegionItem> = await get<Page<RegionItem>>(`/regions?${qs}`);
    all.push(...page.items);
    cursor = page.nextCursor ?? null;
    if (!cursor) break;
  }
  return all.sort((a, b) => a.name.localeCompare(b.name) || a.code.localeCompare(b.code));
}

const params = () => new URLSearchParams(location.hash.split("?")[1] ?? "");

function providerCard(p: Provider): HTMLElement {
  return h(
    "li",
    { class: "card provider", "data-service-id": p.serviceId, "data-kind": p.kind },
    h("h4", {}, p.name, " ", h("span", { class: "badge" }, t(`marketplace.kinds.${p.kind}`))),
    h("p", { class: "muted" }, t("marketplace.by", { org: p.orgName ?? p.orgId })),
    p.description ? h("p", {}, p.description) : null,
    h("p", {}, h("strong", {}, `${t("marketplace.expertise")}: `), p.expertise.map((x) => resourceName(x)).join(", ")),
    h("p", { class: p.free > 0 ? "capacity" : "capacity full", "data-free": String(p.free) }, p.free > 0 ? t("marketplace.free", { free: p.free, capacity: p.capacity }) : t("marketplace.full", { capacity: p.capacity })),
  );
}

export async function mountMarketplace(root: HTMLElement): Promise<() => void> {
  const [regions, types] = await Promise.all([loadedRegions(), resourceTypes()]);
  const results = h("div", { id: "marketplace-results", "aria-live": "polite" });
  const chosen = params();
  const regionSelect = h(
    "select",
    { id: "mp-region" },
    h("option", { value: "" }, "—"),
    regions.map((r) => h("option", { value: r.code, selected: r.code === chosen.get("region") }, `${r.name} (${r.code})`)),
  );
  const typeSelect = h(
    "select",
    { id: "mp-resource" },
    h("option", { value: "" }, t("common.all")),
    [...types.keys()].map((id): [string, string] => [id, resourceName(id)]).sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => h("option", { value: id, selected: id === chosen.get("resource_type") }, name)),
  );
  const field = (id: string, label: string, control: HTMLElement) => h("div", { class: "field" }, h("label", { for: id }, label), control);
  replaceChildren(
    root,
    h(
      "div",
      { class: "page marketplace" },
      h("h1", {}, t("marketplace.title")),
      h("p", { class: "muted" }, t("marketplace.intro")),
      regions.length === 0
        ? h("p", { class: "muted", id: "mp-no-regions" }, t("marketplace.noRegions"))
        : h("form", { class: "wb-filters", onsubmit: (e: Event) => e.preventDefault() }, field("mp-region", t("marketplace.region"), regionSelect), field("mp-resource", t("marketplace.resource"), typeSelect)),
      results,
    ),
  );

  // The choice goes into the address (linkable); the hashchange mounts the page again.
  const navigate = () => {
    const qs = new URLSearchParams();
    if (regionSelect.value) qs.set("region", regionSelect.value);
    if (typeSelect.value) qs.set("resource_type", typeSelect.value);
    location.hash = `#/marketplace${qs.size ? `?${qs}` : ""}`;
  };
  regionSelect.addEventListener("change", navigate);
  typeSelect.addEventListener("change", navigate);

  const region = chosen.get("region");
  if (!region) {
    if (regions.length) replaceChildren(results, h("p", { class: "muted" }, t("marketplace.pickRegion")));
    return () => undefined;
  }
  const qs = new URLSearchParams({ region });
  const type = chosen.get("resource_type");
  if (type) qs.set("resource_type", type);
  const body = await get<MarketplaceBody>(`/marketplace?${qs}`);
  const count = new Set(body.resourceTypes.flatMap((g) => g.providers.map((p) => p.serviceId))).size;
  replaceChildren(
    results,
    h("h2", { id: "mp-region-h" }, `${body.region.name} · ${t("marketplace.providers", { count })}`),
    h("p", { class: "muted small" }, t("marketplace.includes", { regions: body.regionsIncluded.map((r) => r.name).join(", ") })),
    body.resourceTypes.length === 0
      ? h("p", { class: "muted", id: "mp-empty" }, t("marketplace.empty", { region: body.region.name }))
      : body.resourceTypes.map((g) =>
          h(
            "section",
            { class: "mp-type", "data-resource-type": g.resourceType, "aria-label": resourceName(g.resourceType) },
            h("h3", {}, resourceName(g.resourceType)),
            h("ul", { role: "list", class: "providers" }, g.providers.map(providerCard)),
          ),
        ),
  );
  return () => undefined;
}
