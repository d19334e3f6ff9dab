/**
 * The carbon page's emission factors: the organization's overrides (its own value of a
 * default, with source and year) listed, set, edited and removed — PUT and DELETE
 * /organizations/{id}/emission-factors/{factorId}, org_admins only — and every default
 * with its source beside it. A change reloads the page's figures, which use the new value.
 */
import type { OrgFactor } from "../../../contract/carbon.ts";
import { t } from "../i18n/index.ts";
import { get, send } from "../rest/http.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { dateTime, num } from "../ui/format.ts";
import { toast } from "../ui/toast.ts";
import { card, factorNote, table, toastFailure } from "./carbon-parts.ts";

const CATEGORIES = ["grid", "fuel", "displacement", "transport", "water", "material"] as const;

/** The factors section of `orgId`; `changed` is called after an override was set or removed. */
export async function factorsSection(orgId: string, isAdmin: boolean, changed: () => void): Promise<HTMLElement> {
  const host = h("div");
  const base = `/organizations/${encodeURIComponent(orgId)}/emission-factors`;

  async function render(): Promise<void> {
    const factors = (await get<{ items: OrgFactor[] }>(base)).items;
    const byId = new Map(factors.map((f) => [f.id, f]));
    const own = factors.filter((f) => f.override !== null);

    const select = h(
      "select",
      { name: "factorId", "data-field": "factorId", required: true },
      CATEGORIES.map((c) => h("optgroup", { label: t(`carbon.category.${c}`) }, factors.filter((f) => f.category === c).map((f) => h("option", { value: f.id }, `${f.label} (${f.unit})`)))),
    );
    const value = h("input", { type: "number", name: "value", step: "any", min: 0, max: 100, required: true, size: 8 });
    const source = h("input", { name: "source", required: true, size: 40, maxlength: 500 });
    const year = h("input", { type: "number", name: "year", min: 1990, max: 2100, required: true, size: 6, value: new Date().getUTCFullYear() });
    const field = (label: string, control: HTMLElement) => h("label", { class: "field" }, label, control);
    const form = h(
      "form",
      { class: "outcomes-filters carbon-override-form", "aria-label": t("carbon.saveOverride"), novalidate: true },
      field(t("carbon.overrideFactor"), select),
      field(t("carbon.overrideValue"), value),
      field(t("carbon.overrideSource"), source),
      field(t("carbon.overrideYear"), year),
      h("button", { type: "submit", class: "primary" }, t("carbon.saveOverride")),
      h("div", { class: "form-summary", role: "alert" }),
    );
    const fill = (f: OrgFactor) => {
      select.value = f.id;
      value.value = String(f.value);
      source.value = f.override?.source ?? "";
      year.value = String(f.override?.year ?? new Date().getUTCFullYear());
      value.focus();
    };
    select.addEventListener("change", () => {
      const f = byId.get(select.value);
      if (f) value.placeholder = num(f.default.value);
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      clearFormErrors(form);
      const f = byId.get(select.value);
      const body = { value: value.value === "" ? null : Number(value.value), source: source.value, year: Number(year.value) };
      void send("PUT", `${base}/${encodeURIComponent(select.value)}`, body)
        .then(async () => {
          toast(t("carbon.overrideSaved", { factor: f?.label ?? select.value }));
          changed();
          await render();
        })
        .catch((error: unknown) => showFormErrors(form, error));
    });
    const remove = (f: OrgFactor) => {
      if (!confirm(t("carbon.confirmDelete", { factor: f.label }))) return;
      void send("DELETE", `${base}/${encodeURIComponent(f.id)}`)
        .then(async () => {
          toast(t("carbon.overrideRemoved", { factor: f.label }));
          changed();
          await render();
        })
        .catch(toastFailure);
    };

    const overrides = table(
      "overrides",
      ["factor", "value", "source", "default", "actions"],
      own.map((f) =>
                h(
                  "tr",
                  { "data-testid": "override-row", "data-factor": f.id },
                  h("td", {}, f.label),
                  h("td", { class: "num" }, t("carbon.factorValue", { value: num(f.value), unit: f.unit })),
                  h("td", {}, `${f.override!.source} (${f.override!.year})`, h("div", { class: "muted" }, t("carbon.setBy", { when: dateTime(f.override!.updatedAt) }))),
                  h("td", { class: "muted" }, t("carbon.factorValue", { value: num(f.default.value), unit: f.unit }), h("div", {}, `${f.default.source} (${f.default.year})`)),
                  h(
                    "td",
                    { class: "actions" },
                    isAdmin ? h("button", { type: "button", class: "secondary", onclick: () => fill(f) }, t("carbon.edit")) : null,
                    isAdmin ? h("button", { type: "button", class: "secondary", onclick: () => remove(f) }, t("carbon.delete")) : null,
                  ),
                ),
      ),
      t("carbon.noOverrides"),
    );
    const all = h(
      "details",
      { class: "carbon-all-factors" },
      h("summary", {}, t("carbon.allFactors", { count: factors.length })),
      h("ul", {}, factors.map((f) => h("li", {}, factorNote(f)))),
    );
    replaceChildren(
      host,
      card(
        t("carbon.factors"),
        "carbon-factors",
        h("p", { class: "muted" }, t("carbon.factorsHelp")),
        h("h3", {}, t("carbon.overrides")),
        overrides,
        isAdmin ? form : h("p", { class: "muted" }, t("carbon.onlyAdmins")),
        all,
      ),
    );
  }
  await render();
  return host;
}
