/**
 * Opening a match from a list into its detail, and keeping both current: a decision or a
 * proposal re-reads the match (freshMatch) — a reveal re-opens it with the name and
 * contact; after a proposal only the disclosure block changes, so the "sent" note stays.
 * Shared by the map's site panel and the organization page.
 */
import type { Match } from "../rest/types.ts";
import { replaceChildren } from "../ui/dom.ts";
import { renderDecision } from "./decision.ts";
import { freshMatch } from "./fresh-match.ts";
import { renderMatchDetail } from "./match-detail.ts";
import { renderProposeForm } from "./propose.ts";

export interface MatchOpenerOptions {
  /** Where the detail goes. */
  readonly detail: HTMLElement;
  /** The list's matches: replaced in place when one is read again. */
  readonly matches: Match[];
  /** Draw the list again (a match's state changed). */
  renderList(): void;
  onOpened?(m: Match): void;
  onProposed?(m: Match): void;
}

export interface MatchOpener {
  open(m: Match): void;
  /** The match open now, if any. */
  readonly openId: string | null;
}

export function matchOpener(o: MatchOpenerOptions, openId: string | null = null): MatchOpener {
  const reread = (m: Match, whole: boolean) =>
    void freshMatch(m)
      .then((fresh) => {
        const i = o.matches.findIndex((x) => x.id === fresh.id);
        if (i >= 0) o.matches[i] = fresh;
        o.renderList();
        if (openId !== fresh.id) return;
        if (whole) return open(fresh);
        const next = decisionOf(fresh);
        const old = o.detail.querySelector(".disclosure");
        if (old && next) old.replaceWith(next);
      })
      .catch(() => undefined);
  const decisionOf = (m: Match) => renderDecision(m, () => reread(m, true));
  function open(m: Match): void {
    openId = m.id;
    const proposed = () => {
      o.onProposed?.(m);
      reread(m, false);
    };
    replaceChildren(o.detail, renderMatchDetail(m, renderProposeForm(m, proposed), decisionOf(m)));
    o.onOpened?.(m);
  }
  return {
    open,
    get openId() {
      return openId;
    },
  };
}
