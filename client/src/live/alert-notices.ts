/**
 * In-app notice of a threshold alert that fired (`alert:fired`, contract/realtime.ts): a
 * toast naming the alert and its figure, with a link to the carbon page, and a count on the
 * navigation's Carbon link until the user opens that page. Listens for the whole session,
 * whatever page is open, so a firing is seen without a reload.
 */
import type { AlertFired } from "../../../contract/realtime.ts";
import { t } from "../i18n/index.ts";
import { num } from "../ui/format.ts";
import { toast } from "../ui/toast.ts";
import { onLive } from "./socket.ts";

let unseen = 0;
const seen = new Set<string>();
const listeners = new Set<(count: number) => void>();

/** How many firings arrived since the carbon page was last opened. */
export const unseenAlerts = () => unseen;

/** Call when the user looks at the firings (the carbon page opens): the count goes back to 0. */
export function alertsSeen(): void {
  unseen = 0;
  for (const l of listeners) l(unseen);
}

/** Be told when the count changes (the navigation redraws its badge). */
export function onUnseenAlerts(listener: (count: number) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Start listening; once per page load (main.ts). */
export function listenForAlerts(): void {
  onLive<AlertFired>("alert:fired", (e) => {
    // One notice per firing, should the event reach this page twice.
    if (seen.has(e.firingId)) return;
    seen.add(e.firingId);
    const onCarbonPage = location.hash.startsWith("#/carbon");
    if (!onCarbonPage) unseen += 1;
    for (const l of listeners) l(unseen);
    const notice = toast(t("carbon.fired", { name: e.name, value: num(e.value), unit: t(`carbon.metricUnit.${e.metric}`), comparison: t(`carbon.comparison.${e.comparison}`), threshold: num(e.threshold) }), {
      kind: "match",
      timeoutMs: 20_000,
      action: onCarbonPage ? undefined : { label: t("carbon.open"), run: () => (location.hash = "#/carbon") },
    });
    // Names the firing, so this notice is told apart from others about the same alert (its
    // "defined" toast may still be up when a first firing comes within seconds).
    notice.dataset.firing = e.firingId;
  });
}
