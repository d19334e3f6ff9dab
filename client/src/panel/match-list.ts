/**
 * The ranked matches as a keyboard listbox: ↑/↓ (Home/End) move, Enter or click opens.
 * Each option says rank, counterpart (its name, or "Anonymous" with the listing of what
 * it offers or needs in bands), score, distance and where disclosure stands, in text.
 */
import { isAnonymous, type Match } from "../rest/types.ts";
import { h } from "../ui/dom.ts";
import { pct } from "../ui/format.ts";
import { t } from "../i18n/index.ts";
import { counterpartName, distanceText, listingExtras, listingText, offerText } from "./counterpart.ts";

/** A short word for where the match stands for you, beyond "Anonymous": interested, public, revealed, declined. */
function stateWord(m: Match): string | null {
  const d = m.disclosure;
  if (!d) return null;
  if (d.state !== "revealed" && d.state !== "declined" && d.yourDecision === "interested") return t("match.interestedYou");
  return d.state === "anonymous" ? null : t(`match.state.${d.state}`, { defaultValue: d.state });
}

export function renderMatchList(matches: readonly Match[], onOpen: (m: Match) => void, label = t("match.list")): HTMLElement {
  if (matches.length === 0) return h("p", { class: "empty" }, t("match.none"));
  const list = h("ul", { role: "listbox", "aria-label": label, class: "match-list", tabindex: -1 });
  const options = matches.map((m, i) => {
    const state = stateWord(m);
    return h(
      "li",
      {
        role: "option",
        id: `match-opt-${m.id}`,
        "data-match-id": m.id,
        "data-counterpart": isAnonymous(m.counterpart) ? "anonymous" : "named",
        "data-disclosure": m.disclosure?.state ?? null,
        "aria-label": `${t("match.option", { rank: i + 1, listing: listingText(m), score: pct(m.score) })}${state ? `, ${state}` : ""}`,
        tabindex: i === 0 ? 0 : -1,
        "aria-selected": "false",
        class: "match-option",
      },
      h("span", { class: "rank" }, `#${i + 1}`),
      h("span", { class: "who" }, counterpartName(m), state ? h("span", { class: `badge badge-${m.disclosure?.state ?? ""}` }, state) : null),
      h("span", { class: "what" }, [offerText(m), ...listingExtras(m)].join(" · ")),
      h("span", { class: "score", "aria-hidden": "true" }, pct(m.score)),
      h("span", { class: "dist", "aria-hidden": "true" }, distanceText(m)),
    );
  });
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
