/** Forms of the organization page: a new site, a new flow. Errors land on their fields. */
import { newId, post } from "../rest/http.ts";
import type { Flow, ResourceType, Site } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";
import { coordinateWarning, parseDecimal } from "../ui/coordinates.ts";

const field = (id: string, label: string, control: HTMLElement) => h("div", { class: "field" }, h("label", { for: id }, label), control);
/** A typed number (decimal comma or point); undefined when empty, NaN when unreadable. */
const num = parseDecimal;

export function siteForm(orgId: string, onCreated: (s: Site) => void): HTMLFormElement {
  const name = h("input", { id: "site-name", name: "name", required: true });
  const lat = h("input", { id: "site-lat", name: "lat", inputmode: "decimal" });
  const lon = h("input", { id: "site-lon", name: "lon", inputmode: "decimal" });
  const city = h("input", { id: "site-city", name: "address.city", "data-field": "address.city" });
  const country = h("input", { id: "site-country", name: "address.country", "data-field": "address.country", maxlength: 2, placeholder: "DK" });
  const form: HTMLFormElement = h(
    "form",
    { class: "card", "aria-labelledby": "site-form-title", novalidate: true },
    h("h3", { id: "site-form-title" }, "Add a site"),
    field("site-name", "Name", name),
    field("site-lat", "Latitude (°)", lat),
    field("site-lon", "Longitude (°)", lon),
    field("site-city", "City", city),
    field("site-country", "Country (ISO code)", country),
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, "Create site"),
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
    try {
      const site = await post<Site>("/sites", {
        externalId: newId("site"),
        businessId: orgId,
        name: name.value,
        // A decimal comma is read as a point; anything unreadable goes as typed, for the server to name the field.
        lat: latValue === undefined || Number.isNaN(latValue) ? lat.value : latValue,
        lon: lonValue === undefined || Number.isNaN(lonValue) ? lon.value : lonValue,
        ...(Object.keys(address).length ? { address } : {}),
      });
      toast(`Site “${site.name}” created.`);
      warnedFor = null;
      form.reset();
      onCreated(site);
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}

export function flowForm(sites: readonly Site[], types: Map<string, ResourceType>, onCreated: (f: Flow) => void): HTMLFormElement {
  const site = h("select", { id: "flow-site", name: "siteId" }, sites.map((s) => h("option", { value: s.id }, s.name)));
  const direction = h("select", { id: "flow-direction", name: "direction" }, h("option", { value: "offer" }, "Offer (we have it)"), h("option", { value: "need" }, "Need (we want it)"));
  const sorted = [...types.values()].sort((a, b) => a.label.localeCompare(b.label));
  const type = h("select", { id: "flow-type", name: "resourceType" }, sorted.map((t) => h("option", { value: t.id }, `${t.label} (${t.category})`)));
  const value = h("input", { id: "flow-value", name: "quantity.value", "data-field": "quantity.value", inputmode: "decimal" });
  const unit = h("select", { id: "flow-unit", name: "quantity.unit", "data-field": "quantity.unit" });
  const temp = h("input", { id: "flow-temp", name: "quality.temperatureC", "data-field": "quality.temperatureC", inputmode: "decimal" });
  const precision = h("select", { id: "flow-precision", name: "precision" }, ["rough", "estimated", "measured"].map((p) => h("option", { value: p }, p)));
  const fillUnits = () => unit.replaceChildren(...(types.get(type.value)?.acceptedUnits ?? []).map((u) => h("option", { value: u }, u)));
  type.addEventListener("change", fillUnits);
  fillUnits();
  const form: HTMLFormElement = h(
    "form",
    { class: "card", "aria-labelledby": "flow-form-title", novalidate: true },
    h("h3", { id: "flow-form-title" }, "Add a flow"),
    field("flow-site", "Site", site),
    field("flow-direction", "Direction", direction),
    field("flow-type", "Resource type", type),
    field("flow-value", "Quantity", value),
    field("flow-unit", "Unit", unit),
    field("flow-temp", "Temperature (°C, optional)", temp),
    field("flow-precision", "Precision", precision),
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, "Create flow"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    const t = num(temp.value);
    try {
      const flow = await post<Flow>("/resource-flows", {
        externalId: newId("flow"),
        siteId: site.value,
        direction: direction.value,
        resourceType: type.value,
        quantity: { value: ((q) => (q === undefined || Number.isNaN(q) ? value.value : q))(num(value.value)), unit: unit.value },
        precision: precision.value,
        ...(t === undefined ? {} : { quality: { temperatureC: Number.isNaN(t) ? temp.value : t } }),
      });
      toast("Flow created; matching runs in the background.");
      form.reset();
      fillUnits();
      onCreated(flow);
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}
