/**
 * Forms of the organization page: a new site, a new flow — or, given one, the same form
 * prefilled to change it (PATCH with the version it was read at, so a change made meanwhile
 * by someone else is refused rather than overwritten). Errors land on their fields.
 * A site is placed by typing its coordinates (a decimal comma reads as a point) or by
 * clicking the map; coordinates that look swapped or fall in the sea are warned about once
 * before anything is stored. A flow's resource type can come from describing it in words
 * (POST /coding/suggestions), in English, Danish or German.
 */
import { t as tr } from "../i18n/index.ts";
import { newId, post, send } from "../rest/http.ts";
import type { Flow, ResourceType, Site } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";
import { coordinateWarning, coordinateWarningKind, formatCoordinate, parseDecimal, seaWarning } from "../ui/coordinates.ts";
import { isAtSea } from "../map/land.ts";
import { sitePicker } from "../map/site-picker.ts";
import { resourceName } from "../rest/resource-names.ts";
import { pct, unitWord } from "../ui/format.ts";

const field = (id: string, label: string, control: HTMLElement) => h("div", { class: "field" }, h("label", { for: id }, label), control);
/** A typed number (decimal comma or point); undefined when empty, NaN when unreadable. */
const num = parseDecimal;

/** The prefilled value of a number, with a decimal point (parseDecimal reads it back, as it reads a comma). */
const decimal = (n: number | undefined) => (n === undefined ? undefined : String(n));

/** Add a site — or, given `existing`, change it (the form's ids are prefixed so both can be on the page). */
export function siteForm(orgId: string, onCreated: (s: Site) => void, existing?: Site, onCancel?: () => void): HTMLFormElement {
  const p = existing ? "edit-site" : "site";
  const name = h("input", { id: `${p}-name`, name: "name", required: true, value: existing?.name });
  const lat = h("input", { id: `${p}-lat`, name: "lat", inputmode: "decimal", value: decimal(existing?.lat) });
  const lon = h("input", { id: `${p}-lon`, name: "lon", inputmode: "decimal", value: decimal(existing?.lon) });
  const city = h("input", { id: `${p}-city`, name: "address.city", "data-field": "address.city", value: existing?.address?.city });
  const country = h("input", { id: `${p}-country`, name: "address.country", "data-field": "address.country", maxlength: 2, placeholder: "DK", value: existing?.address?.country });
  const form: HTMLFormElement = h(
    "form",
    { class: "card", "aria-labelledby": `${p}-form-title`, novalidate: true, "data-editing": existing?.id },
    h("h3", { id: `${p}-form-title` }, existing ? tr("orgForms.editSite", { name: existing.name }) : tr("orgForms.addSite")),
    field(`${p}-name`, tr("orgForms.siteName"), name),
    h("div", { class: "coordinates" }, field(`${p}-lat`, tr("orgForms.lat"), lat), field(`${p}-lon`, tr("orgForms.lon"), lon)),
    sitePicker(
      (la, lo) => {
        lat.value = formatCoordinate(la);
        lon.value = formatCoordinate(lo);
        void warnAtSea(la, lo);
      },
      existing ? { lat: existing.lat, lon: existing.lon } : undefined,
    ),
    field(`${p}-city`, tr("orgForms.city"), city),
    field(`${p}-country`, tr("orgForms.country"), country),
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, existing ? tr("orgForms.save") : tr("orgForms.createSite")),
    existing ? h("button", { type: "button", onclick: () => onCancel?.() }, tr("orgForms.cancel")) : null,
  );
  // The coordinates a warning was shown for: submitting them again unchanged keeps them.
  let warnedFor: string | null = null;
  const summary = form.querySelector(".form-summary")!;
  const showWarning = (text: string, swap: boolean) =>
    summary.replaceChildren(
      h("p", { class: "coordinate-warning", "data-testid": "coordinate-warning" }, text),
      ...(swap
        ? [h("button", {
            type: "button",
            "data-action": "swap-coordinates",
            onclick: () => {
              [lat.value, lon.value] = [lon.value, lat.value];
              summary.replaceChildren();
            },
          }, tr("orgForms.swap"))]
        : []),
    );
  /** Warn at once when a point clicked on the map is in the sea (a click in the water is easy on a small map). */
  async function warnAtSea(la: number, lo: number): Promise<void> {
    summary.replaceChildren();
    if (await isAtSea(la, lo)) {
      warnedFor = `${la},${lo},${country.value}`;
      showWarning(seaWarning(la, lo), false);
    }
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    const address = { ...(city.value ? { city: city.value } : {}), ...(country.value ? { country: country.value } : {}) };
    const latValue = parseDecimal(lat.value);
    const lonValue = parseDecimal(lon.value);
    if (latValue !== undefined && lonValue !== undefined && Number.isFinite(latValue) && Number.isFinite(lonValue)) {
      const key = `${latValue},${lonValue},${country.value}`;
      if (warnedFor !== key) {
        const warning = coordinateWarning(latValue, lonValue, country.value || undefined);
        const atSea = warning ? false : await isAtSea(latValue, lonValue);
        if (warning || atSea) {
          warnedFor = key;
          showWarning(warning ?? seaWarning(latValue, lonValue), coordinateWarningKind(latValue, lonValue, country.value || undefined) === "swapped");
          return;
        }
      }
    }
    const fields = {
      name: name.value,
      // A decimal comma is read as a point; anything unreadable goes as typed, for the server to name the field.
      lat: latValue === undefined || Number.isNaN(latValue) ? lat.value : latValue,
      lon: lonValue === undefined || Number.isNaN(lonValue) ? lon.value : lonValue,
      ...(Object.keys(address).length ? { address } : {}),
    };
    try {
      const site = existing
        ? (await send<Site>("PATCH", `/sites/${encodeURIComponent(existing.id)}`, { ...fields, version: existing.version })).body
        : await post<Site>("/sites", { externalId: newId("site"), businessId: orgId, ...fields });
      toast(existing ? tr("orgForms.savedSite", { name: site.name }) : tr("orgForms.createdSite", { name: site.name }));
      warnedFor = null;
      form.reset();
      onCreated(site);
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}

/**
 * Add a flow — or, given `existing`, change its quantity, temperature and precision (its
 * site, direction and resource type stay: another of those is another flow).
 */
export function flowForm(sites: readonly Site[], types: Map<string, ResourceType>, onCreated: (f: Flow) => void, existing?: Flow, onCancel?: () => void): HTMLFormElement {
  const p = existing ? "edit-flow" : "flow";
  const fixed = existing !== undefined;
  const temperature = existing?.quality?.temperatureC;
  const site = h("select", { id: `${p}-site`, name: "siteId", disabled: fixed }, sites.map((s) => h("option", { value: s.id, selected: s.id === existing?.siteId }, s.name)));
  const direction = h("select", { id: `${p}-direction`, name: "direction", disabled: fixed }, h("option", { value: "offer" }, tr("orgForms.offerOption")), h("option", { value: "need", selected: existing?.direction === "need" }, tr("orgForms.needOption")));
  const sorted = [...types.values()].sort((a, b) => resourceName(a.id).localeCompare(resourceName(b.id)));
  const type = h("select", { id: `${p}-type`, name: "resourceType", disabled: fixed }, sorted.map((t) => h("option", { value: t.id, selected: t.id === existing?.resourceType }, `${resourceName(t.id)} (${tr(`categories.${t.category}`, { defaultValue: t.category })})`)));
  const value = h("input", { id: `${p}-value`, name: "quantity.value", "data-field": "quantity.value", inputmode: "decimal", value: decimal(existing?.quantity.value) });
  const unit = h("select", { id: `${p}-unit`, name: "quantity.unit", "data-field": "quantity.unit" });
  const temp = h("input", { id: `${p}-temp`, name: "quality.temperatureC", "data-field": "quality.temperatureC", inputmode: "decimal", value: typeof temperature === "number" ? decimal(temperature) : undefined });
  const precision = h("select", { id: `${p}-precision`, name: "precision" }, ["rough", "estimated", "measured"].map((x) => h("option", { value: x, selected: x === existing?.precision }, tr(`orgForms.precisionValue.${x}`))));
  const fillUnits = () => unit.replaceChildren(...(types.get(type.value)?.acceptedUnits ?? []).map((u) => h("option", { value: u, selected: u === existing?.quantity.unit }, unitWord(u))));
  type.addEventListener("change", fillUnits);
  fillUnits();
  const form: HTMLFormElement = h(
    "form",
    { class: "card", "aria-labelledby": `${p}-form-title`, novalidate: true, "data-editing": existing?.id },
    h("h3", { id: `${p}-form-title` }, existing ? tr("orgForms.editFlow") : tr("orgForms.addFlow")),
    field(`${p}-site`, tr("orgForms.page.site"), site),
    field(`${p}-direction`, tr("orgForms.page.direction"), direction),
    fixed ? null : describeInWords(p, (id) => {
      type.value = id;
      fillUnits();
    }),
    field(`${p}-type`, tr("orgForms.resourceType"), type),
    field(`${p}-value`, tr("orgForms.page.quantity"), value),
    field(`${p}-unit`, tr("orgForms.unit"), unit),
    field(`${p}-temp`, tr("orgForms.temperature"), temp),
    field(`${p}-precision`, tr("orgForms.page.precision"), precision),
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, existing ? tr("orgForms.save") : tr("orgForms.createFlow")),
    existing ? h("button", { type: "button", onclick: () => onCancel?.() }, tr("orgForms.cancel")) : null,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    const t = num(temp.value);
    const quantity = { value: ((q) => (q === undefined || Number.isNaN(q) ? value.value : q))(num(value.value)), unit: unit.value };
    // Quality is replaced whole by a change: what the form does not show is sent back as it was.
    const quality = t === undefined ? undefined : { ...(existing?.quality ?? {}), temperatureC: Number.isNaN(t) ? temp.value : t };
    try {
      const flow = existing
        ? (await send<Flow>("PATCH", `/resource-flows/${encodeURIComponent(existing.id)}`, { quantity, precision: precision.value, ...(quality ? { quality } : {}), version: existing.version })).body
        : await post<Flow>("/resource-flows", {
            externalId: newId("flow"),
            siteId: site.value,
            direction: direction.value,
            resourceType: type.value,
            quantity,
            precision: precision.value,
            ...(quality ? { quality } : {}),
          });
      toast(existing ? tr("orgForms.savedFlow") : tr("orgForms.createdFlow"));
      form.reset();
      fillUnits();
      onCreated(flow);
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}

/** What POST /coding/suggestions answers (the parts this form shows). */
interface CodingSuggestion {
  readonly resourceType: string | null;
  readonly ewcCode: string | null;
  readonly confidence: number;
  readonly decidedBy: readonly string[];
  readonly alternatives: readonly { readonly resourceType: string }[];
}

/**
 * "Describe it in words": the coding help reads the description (English, Danish or
 * German) and suggests a resource type, with the words that decided it; taking it (or one
 * of the alternatives) picks that type in the form.
 */
function describeInWords(p: string, take: (resourceType: string) => void): HTMLElement {
  const input = h("input", { id: `${p}-describe`, name: "description", "data-field": "description", placeholder: tr("orgForms.describePlaceholder"), autocomplete: "off" });
  const result = h("div", { class: "coding-suggestion", "aria-live": "polite" });
  const choose = (id: string) => h("button", { type: "button", class: "link", "data-action": "take-suggestion", "data-resource-type": id, onclick: () => take(id) }, tr("orgForms.takeSuggestion"));
  const ask = async () => {
    const description = input.value.trim();
    if (!description) return;
    try {
      const s = await post<CodingSuggestion>("/coding/suggestions", { description });
      if (!s.resourceType) return result.replaceChildren(h("p", { class: "muted" }, tr("orgForms.noSuggestion")));
      // The index's words are folded ("koeleanlaeg"); show only those the person wrote as such.
      const words = s.decidedBy.filter((w) => description.toLocaleLowerCase().includes(w.toLocaleLowerCase()));
      const label = resourceName(s.resourceType);
      const confidence = pct(s.confidence);
      const parts = [
        h("p", { "data-testid": "coding-suggestion" }, s.ewcCode ? tr("orgForms.suggestionEwc", { label, ewc: s.ewcCode, confidence }) : tr("orgForms.suggestion", { label, confidence }), " ", choose(s.resourceType)),
        words.length ? h("p", { class: "muted" }, tr("orgForms.decidedBy", { words: words.join(", ") })) : null,
        s.alternatives.length
          ? h("p", { class: "muted" }, tr("orgForms.alternatives"), s.alternatives.slice(0, 3).flatMap((a, i) => [i ? ", " : "", h("button", { type: "button", class: "link", "data-action": "take-alternative", onclick: () => take(a.resourceType) }, resourceName(a.resourceType))]))
          : null,
      ];
      result.replaceChildren(...parts.filter((x): x is HTMLParagraphElement => x !== null));
    } catch (error) {
      result.replaceChildren(h("p", { class: "muted" }, error instanceof Error ? error.message : String(error)));
    }
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault(); // not the flow form's submit
      void ask();
    }
  });
  return h(
    "div",
    { class: "field describe" },
    h("label", { for: `${p}-describe` }, tr("orgForms.describe")),
    h("div", { class: "inline" }, input, h("button", { type: "button", "data-action": "suggest-type", onclick: () => void ask() }, tr("orgForms.suggest"))),
    result,
  );
}
