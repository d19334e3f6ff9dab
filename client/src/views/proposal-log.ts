/**
 * A proposal's negotiation log, readable: each step with its time, who took it for which
 * side (the counterpart's people stay unnamed until reveal), what changed, and the note.
 * Loaded when opened (GET /proposals/{id} carries the history).
 */
import { t } from "../i18n/index.ts";
import { get } from "../rest/http.ts";
import type { Proposal, ProposalHistoryEntry } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { dateTime } from "../ui/format.ts";
import { dealWord, sideLabel, statusWord } from "./proposal-summary.ts";

const KIND_KEYS: Record<ProposalHistoryEntry["kind"], string> = { status: "propose.log.proposal", deal: "propose.log.deal", consent: "propose.log.consent" };

function sideWord(entry: ProposalHistoryEntry, p: Proposal, own: ReadonlySet<string>): string {
  const side = entry.onBehalfOf;
  if (side === null || side === "counterpart") return t("propose.summary.counterpart");
  if (own.has(side)) return t("propose.summary.you");
  if (side === p.fromOrg) return sideLabel(p, "from");
  if (side === p.toOrg) return sideLabel(p, "to");
  return t("propose.summary.counterpart");
}

/** One line of the log, in the current language (date and time by locale). */
export function logLine(entry: ProposalHistoryEntry, p: Proposal, own: ReadonlySet<string>): string {
  const word = entry.kind === "deal" ? dealWord : statusWord;
  const kind = t(KIND_KEYS[entry.kind]);
  const what = entry.kind === "consent" ? kind : entry.from ? t("propose.log.change", { kind, from: word(entry.from), to: word(entry.to) }) : t("propose.log.changeTo", { kind, to: word(entry.to) });
  return t("propose.log.line", { at: dateTime(entry.at), who: sideWord(entry, p, own), what }) + (entry.note ? ` — “${entry.note}”` : "");
}

/** A collapsed log that loads on first opening. */
export function proposalLog(p: Proposal, own: ReadonlySet<string>): HTMLElement {
  const list = h("ol", { class: "negotiation-log" }, h("li", { class: "muted" }, t("propose.log.loading")));
  const details = h("details", { class: "proposal-log" }, h("summary", {}, t("propose.log.title")), list);
  let loaded = false;
  details.addEventListener("toggle", () => {
    if (!details.open || loaded) return;
    loaded = true;
    get<Proposal>(`/proposals/${encodeURIComponent(p.id)}`)
      .then((full) => {
        const history = full.history ?? [];
        replaceChildren(list, ...(history.length ? history.map((e) => h("li", {}, logLine(e, full, own))) : [h("li", { class: "muted" }, t("propose.log.empty"))]));
      })
      .catch(() => replaceChildren(list, h("li", { class: "muted" }, t("propose.log.failed"))));
  });
  return details;
}
