/** Transient notifications in the polite live region (#toasts); click or Escape dismisses. */
import { h } from "./dom.ts";

export function toast(message: string, options: { kind?: "info" | "match" | "error"; timeoutMs?: number; action?: { label: string; run: () => void } } = {}): HTMLElement {
  const host = document.getElementById("toasts")!;
  const close = () => el.remove();
  const el = h(
    "div",
    { class: `toast toast-${options.kind ?? "info"}`, "data-testid": "toast" },
    h("span", {}, message),
    options.action ? h("button", { type: "button", onclick: () => { options.action!.run(); close(); } }, options.action.label) : null,
    h("button", { type: "button", class: "toast-close", "aria-label": "Dismiss notification", onclick: close }, "×"),
  );
  host.append(el);
  setTimeout(close, options.timeoutMs ?? 8_000);
  return el;
}
