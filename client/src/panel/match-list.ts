/**
 * The ranked matches as a keyboard listbox: ↑/↓ (Home/End) move, Enter or click opens.
 * Each option says rank, counterpart, resource, score and distance in text.
 */
import type { Match } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { humanize, km, pct } from "../ui/format.ts";

export function renderMatchList(matches: readonly Match[], onOpen: (m: Match) => void, label = "Ranked matches"): HTMLElement {
  if (matches.length === 0) return h("p", { class: "empty" }, "No matches with these filters.");
  const list = h("ul", { role: "listbox", "aria-label": label, class: "match-list", tabindex: -1 });
  const options = matches.map((m, i) =>
    h(
      "li",
      { role: "option", id: `match-opt-${m.id}`, "data-match-id": m.id, tabindex: i === 0 ? 0 : -1, "aria-selected": "false", class: "match-option" },
      h("span", { class: "rank" }, `#${i + 1}`),
      h("span", { class: "who" }, m.counterpart.orgName),
      h("span", { class: "what" }, `${m.counterpart.direction === "offer" ? "offers" : "needs"} ${humanize(m.counterpart.resourceType)}`),
      h("span", { class: "score", "aria-label": `score ${pct(m.score)}` }, pct(m.score)),
      h("span", { class: "dist" }, km(m.distanceKm)),
    ),
  );
  list.append(...options);
  const select = (i: number, open: boolean) => {
    options.forEach((o, j) => {
      o.setAttribute("aria-selected", String(j === i));
      o.tabIndex = j === i ? 0 : -1;
    });
    options[i]?.focus();
    list.setAttribute("aria-activedescendant", options[i]?.id ?? "");
    if (open) onOpen(matches[i]!);
  };
  options.forEach((o, i) => o.addEventListener("click", () => select(i, true)));
  list.addEventListener("keydown", (e) => {
    const current = Math.max(0, options.findIndex((o) => o === document.activeElement));
    const keys: Record<string, number> = { ArrowDown: Math.min(options.length - 1, current + 1), ArrowUp: Math.max(0, current - 1), Home: 0, End: options.length - 1 };
    if (e.key in keys) {
      e.preventDefault();
      select(keys[e.key]!, false);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      select(current, true);
    }
  });
  return list;
}
