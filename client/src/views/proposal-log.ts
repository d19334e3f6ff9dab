/**
 * A proposal's negotiation log, readable: each step with its time, who took it for which
 * side (the counterpart's people stay unnamed until reveal), what changed, and the note.
 * Loaded when opened (GET /proposals/{id} carries the history).
 */
import { get } from "../rest/http.ts";
import type { Proposal, ProposalHistoryEntry } from "../rest/types.ts";
import { h, replaceChildren } from "../ui/dom.ts";

/** The user-visible words of this view, together for translation. */
const TEXT = {
  title: "Negotiation log",
  loading: "Loading…",
  empty: "No steps yet.",
  failed: "The log could not be loaded.",
  counterpart: "the counterpart",
  you: "you",
  proposal: "proposal",
  deal: "deal",
  consent: "consent to contract",
  line: (at: string, who: string, what: string) => `${at} · ${who}: ${what}`,
  change: (kind: string, from: string | null, to: string) => (from ? `${kind} ${from} → ${to}` : `${kind} ${to}`),
} as const;

const KIND_WORDS: Record<ProposalHistoryEntry["kind"], string> = { status: TEXT.proposal, deal: TEXT.deal, consent: TEXT.consent };

function sideWord(entry: ProposalHistoryEntry, p: Proposal, own: ReadonlySet<string>): string {
  const side = entry.onBehalfOf;
  if (side === null || side === "counterpart") return TEXT.counterpart;
  if (own.has(side)) return TEXT.you;
  if (side === p.fromOrg) return p.fromLabel;
  if (side === p.toOrg) return p.toLabel;
  return TEXT.counterpart;
}

/** One line of the log. */
export function logLine(entry: ProposalHistoryEntry, p: Proposal, own: ReadonlySet<string>): string {
  const at = new Date(entry.at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  const what = entry.kind === "consent" ? KIND_WORDS.consent : TEXT.change(KIND_WORDS[entry.kind], entry.from, entry.to);
  return TEXT.line(at, sideWord(entry, p, own), what) + (entry.note ? ` — “${entry.note}”` : "");
}

/** A collapsed log that loads on first opening. */
export function proposalLog(p: Proposal, own: ReadonlySet<string>): HTMLElement {
  const list = h("ol", { class: "negotiation-log" }, h("li", { class: "muted" }, TEXT.loading));
  const details = h("details", { class: "proposal-log" }, h("summary", {}, TEXT.title), list);
  let loaded = false;
  details.addEventListener("toggle", () => {
    if (!details.open || loaded) return;
    loaded = true;
    get<Proposal>(`/proposals/${encodeURIComponent(p.id)}`)
      .then((full) => {
        const history = full.history ?? [];
        replaceChildren(list, ...(history.length ? history.map((e) => h("li", {}, logLine(e, full, own))) : [h("li", { class: "muted" }, TEXT.empty)]));
      })
      .catch(() => replaceChildren(list, h("li", { class: "muted" }, TEXT.failed)));
  });
  return details;
}
