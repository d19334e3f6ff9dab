/**
 * Show a problem+json's field errors next to the form controls they name: `body.quantity.value`
 * → the control with data-field="quantity.value" (or name=). Unmatched errors go to the summary.
 */
import { ApiError } from "../rest/http.ts";
import { h, replaceChildren } from "./dom.ts";

export function clearFormErrors(form: HTMLFormElement): void {
  form.querySelectorAll(".field-error").forEach((e) => e.remove());
  form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  const summary = form.querySelector(".form-summary");
  if (summary) replaceChildren(summary);
}

export function showFormErrors(form: HTMLFormElement, error: unknown): void {
  clearFormErrors(form);
  const summary = form.querySelector(".form-summary") ?? form.appendChild(h("div", { class: "form-summary", role: "alert" }));
  if (!(error instanceof ApiError)) {
    summary.append(h("p", {}, error instanceof Error ? error.message : String(error)));
    return;
  }
  const fieldErrors = error.problem.errors ?? (error.problem.field ? [{ field: error.problem.field, message: error.problem.detail ?? error.problem.title ?? "" }] : []);
  const unmatched: string[] = [];
  for (const fe of fieldErrors) {
    const name = fe.field.replace(/^body\./, "");
    const control = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"], [name="${CSS.escape(name)}"]`);
    if (!control) {
      unmatched.push(`${name}: ${fe.message}`);
      continue;
    }
    const id = `${control.id || name}-error`;
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", id);
    control.insertAdjacentElement("afterend", h("span", { class: "field-error", id, "data-error-for": name }, fe.message));
  }
  summary.append(h("p", {}, error.problem.title ?? "The request failed."));
  // The detail repeats the field errors; show it only when they could not all be placed.
  if (error.problem.detail && (unmatched.length > 0 || fieldErrors.length === 0)) summary.append(h("p", {}, error.problem.detail));
  for (const line of unmatched) summary.append(h("p", { class: "field-error" }, line));
}

/**
 * Run `action` when the form is submitted: errors cleared first, a refused request's field
 * errors shown next to their controls; `then` runs only after success.
 */
export function onSubmit(form: HTMLFormElement, action: () => Promise<unknown>, then: () => void | Promise<void>): void {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    try {
      await action();
    } catch (error) {
      showFormErrors(form, error);
      return;
    }
    await then();
  });
}
