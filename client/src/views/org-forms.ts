/**
 * Forms of the organization page: a new site, a new flow — or, given one, the same form
 * prefilled to change it (PATCH with the version it was read at, so a change made meanwhile
 * by someone else is refused rather than overwritten). Errors land on their fields.
 */
import { t as tr } from "../i18n/index.ts";
import { newId, post, send } from "../rest/http.ts";
import type { Flow, ResourceType, Site } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";
import { coordinateWarning, parseDecimal } from "../ui/coordinates.ts";

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
    h("h3", { id: `${p}-form-title` }, existing ? tr("orgForms.editSite", { name: existing.name }) : "Add a site"),
    field(`${p}-name`, "Name", name),
    field(`${p}-lat`, "Latitude (°)", lat),
    field(`${p}-lon`, "Longitude (°)", lon),
    field(`${p}-city`, "City", city),
    field(`${p}-country`, "Country (ISO code)", country),
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, existing ? tr("orgForms.save") : "Create site"),
    existing ? h("button", { type: "button", onclick: () => onCancel?.() }, tr("orgForms.cancel")) : null,
  );
  // The coordinates a warning was shown for: submitting them again unchanged keeps them.
  let warnedFor: string | null = null;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    const address = { ...(city.value ? { city: city.value } : {}), ...(country.value ? { country: country.value } : {}) };
    const latValue = parseDecimal(lat.value);
    const lonValue = parseDecimal(lon.value);
    if (latValue !== undefined && lonValue !== undefined && Number.isFinite(latValue) && Number.isFinite(lonValue)) {
      const warning = coordinateWarning(latValue, lonValue, country.value || undefined);
      const key = `${latValue},${lonValue},${country.value}`;
      if (warning && warnedFor !== key) {
        warnedFor = key;
        const summary = form.querySelector(".form-summary")!;
        summary.replaceChildren(h("p", { class: "coordinate-warning", "data-testid": "coordinate-warning" }, warning));
        return;
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
      toast(existing ? tr("orgForms.savedSite", { name: site.name }) : `Site “${site.name}” created.`);
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
  const direction = h("select", { id: `${p}-direction`, name: "direction", disabled: fixed }, h("option", { value: "offer" }, "Offer (we have it)"), h("option", { value: "need", selected: existing?.direction === "need" }, "Need (we want it)"));
  const sorted = [...types.values()].sort((a, b) => a.label.localeCompare(b.label));
  const type = h("select", { id: `${p}-type`, name: "resourceType", disabled: fixed }, sorted.map((t) => h("option", { value: t.id, selected: t.id === existing?.resourceType }, `${t.label} (${t.category})`)));
  const value = h("input", { id: `${p}-value`, name: "quantity.value", "data-field": "quantity.value", inputmode: "decimal", value: decimal(existing?.quantity.value) });
  const unit = h("select", { id: `${p}-unit`, name: "quantity.unit", "data-field": "quantity.unit" });
  const temp = h("input", { id: `${p}-temp`, name: "quality.temperatureC", "data-field": "quality.temperatureC", inputmode: "decimal", value: typeof temperature === "number" ? decimal(temperature) : undefined });
  const precision = h("select", { id: `${p}-precision`, name: "precision" }, ["rough", "estimated", "measured"].map((x) => h("option", { value: x, selected: x === existing?.precision }, x)));
  const fillUnits = () => unit.replaceChildren(...(types.get(type.value)?.acceptedUnits ?? []).map((u) => h("option", { value: u, selected: u === existing?.quantity.unit }, u)));
  type.addEventListener("change", fillUnits);
  fillUnits();
  const form: HTMLFormElement = h(
    "form",
    { class: "card", "aria-labelledby": `${p}-form-title`, novalidate: true, "data-editing": existing?.id },
    h("h3", { id: `${p}-form-title` }, existing ? tr("orgForms.editFlow") : "Add a flow"),
    field(`${p}-site`, "Site", site),
    field(`${p}-direction`, "Direction", direction),
    field(`${p}-type`, "Resource type", type),
    field(`${p}-value`, "Quantity", value),
    field(`${p}-unit`, "Unit", unit),
    field(`${p}-temp`, "Temperature (°C, optional)", temp),
    field(`${p}-precision`, "Precision", precision),
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, existing ? tr("orgForms.save") : "Create flow"),
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
      toast(existing ? tr("orgForms.savedFlow") : "Flow created; matching runs in the background.");
      form.reset();
      fillUnits();
      onCreated(flow);
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}
