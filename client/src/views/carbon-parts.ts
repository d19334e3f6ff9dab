/** Pieces the carbon page's sections share: a section card, and a factor as it stands beside a figure. */
import type { FactorUse } from "../../../contract/carbon.ts";
import { t } from "../i18n/index.ts";
import { h, uid } from "../ui/dom.ts";
import { num } from "../ui/format.ts";
import { toast } from "../ui/toast.ts";

/** A section card with its heading. */
export function card(title: string, testId: string, ...children: (Node | string | null | (Node | null)[])[]): HTMLElement {
  const id = uid("carbon-h");
  return h("section", { class: "card carbon-card", "aria-labelledby": id, "data-testid": testId }, h("h2", { id }, title), ...children.flat());
}

/** A factor as it stands beside a figure: its value, and its source and year (or the organization's own). */
export function factorNote(f: FactorUse): HTMLElement {
  return h(
    "span",
    { class: "factor-note", "data-testid": "factor-note", "data-factor": f.id, title: f.approximation ? t("carbon.approximation", { text: f.approximation }) : null },
    h("span", { class: "factor-label" }, f.label),
    " · ",
    h("span", { class: "factor-value" }, t("carbon.factorValue", { value: num(f.value), unit: f.unit })),
    f.overriddenBy ? h("span", { class: "badge badge-own" }, t("carbon.yourValue")) : null,
    f.counterpartValue ? h("span", { class: "badge" }, t("carbon.counterpartValue")) : null,
    h("span", { class: "factor-source" }, `${f.source} (${f.year})`),
  );
}

/** A table of `rows` under the headings `carbon.col.<col>`, or the `empty` line when there are none. */
export function table(testId: string, cols: readonly string[], rows: readonly HTMLElement[], empty: string): HTMLElement {
  if (rows.length === 0) return h("p", { class: "muted", "data-testid": `no-${testId}` }, empty);
  return h("div", { class: "table-scroll" }, h("table", { "data-testid": testId }, h("thead", {}, h("tr", {}, cols.map((c) => h("th", {}, t(`carbon.col.${c}`))))), h("tbody", {}, [...rows])));
}

/** A failed request as a notice. */
export function toastFailure(error: unknown): void {
  toast(t("common.error", { message: error instanceof Error ? error.message : String(error) }), { kind: "error" });
}
