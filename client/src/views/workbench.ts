/**
 * The facilitator workbench: the queue of matches routed to humans (open / claimed / all),
 * claim or release one, propose it on behalf of a party, and move proposals through their
 * statuses and deal states with notes. Refreshes on queue:changed and proposal:changed.
 */
import { get, newId, post } from "../rest/http.ts";
import { currentUser } from "../rest/session.ts";
import type { Page, Proposal, Range } from "../rest/types.ts";
import { onLive } from "../live/socket.ts";
import { h, replaceChildren, uid } from "../ui/dom.ts";
import { eurRange, humanize, km, pct, years } from "../ui/format.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";
import { proposalActions } from "./proposal-actions.ts";

/** A queue entry as GET /facilitator/queue returns it. */
interface QueueSide {
  readonly orgId: string;
  readonly orgName: string | null;
  readonly flowId: string;
  readonly resourceType: string | null;
}
interface QueueItem {
  readonly matchId: string;
  readonly score: number;
  readonly distanceKm: number;
  readonly supply: QueueSide;
  readonly demand: QueueSide;
  readonly economics: { capexEur: number | null; annualSavingsEur: number | null; paybackYears: number | null; npvEur: Range | null; co2AvoidedTPerYear: Range | null };
  readonly relaxed: boolean;
  readonly claim: { facilitatorId: string; facilitatorName: string | null; claimedAt: string } | null;
}

export async function mountWorkbench(root: HTMLElement): Promise<() => void> {
  let status: "open" | "claimed" | "all" = "open";
  const queueHost = h("div", { id: "queue" });
  const proposalsHost = h("div", { id: "wb-proposals" });
  const detail = h("div", { id: "wb-detail" });
  const statusSelect = h("select", { id: "queue-status" }, ["open", "claimed", "all"].map((s) => h("option", { value: s }, s)));
  statusSelect.addEventListener("change", () => {
    status = statusSelect.value as typeof status;
    void loadQueue();
  });
  replaceChildren(
    root,
    h(
      "div",
      { class: "page" },
      h("h1", {}, "Facilitator workbench"),
      h("div", { class: "grid2" },
        h("section", { "aria-labelledby": "queue-h" }, h("h2", { id: "queue-h" }, "Queue"), h("label", { for: "queue-status" }, "Show "), statusSelect, queueHost),
        h("section", { "aria-labelledby": "wb-detail-h" }, h("h2", { id: "wb-detail-h" }, "Selected match"), detail)),
      h("section", { "aria-labelledby": "wb-proposals-h" }, h("h2", { id: "wb-proposals-h" }, "Proposals"), proposalsHost),
    ),
  );

  const me = currentUser()?.id;
  async function loadQueue(): Promise<void> {
    let items: QueueItem[];
    try {
      const body = await get<{ items?: QueueItem[] } | QueueItem[]>(`/facilitator/queue?status=${status}`);
      items = Array.isArray(body) ? body : (body.items ?? []);
    } catch (error) {
      replaceChildren(queueHost, h("p", { class: "field-error" }, `The queue is unavailable: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    if (!items.length) return replaceChildren(queueHost, h("p", { class: "muted" }, "Nothing in the queue."));
    replaceChildren(
      queueHost,
      h(
        "ul",
        { role: "list", class: "queue", "aria-label": "Facilitator queue" },
        items.map((q) => {
          const claimant = q.claim?.facilitatorId ?? null;
          return h(
            "li",
            { class: "queue-item", "data-match-id": q.matchId },
            h("strong", {}, `${humanize(q.supply.resourceType ?? "?")} → ${humanize(q.demand.resourceType ?? "?")}`),
            ` · score ${pct(q.score)} · ${km(q.distanceKm)}`,
            h("p", { class: "muted" }, `${q.supply.orgName ?? q.supply.orgId} → ${q.demand.orgName ?? q.demand.orgId}${claimant ? ` · claimed by ${claimant === me ? "you" : (q.claim?.facilitatorName ?? claimant)}` : " · unclaimed"}`),
            q.economics.npvEur ? h("p", {}, `NPV ${eurRange(q.economics.npvEur)} · payback ${years(q.economics.paybackYears)}`) : null,
            claimant ? null : h("button", { type: "button", "data-action": "claim", onclick: () => void act(q.matchId, "claim") }, "Claim"),
            claimant === me ? h("button", { type: "button", "data-action": "release", onclick: () => void act(q.matchId, "release") }, "Release") : null,
            h("button", { type: "button", "data-action": "propose", onclick: () => replaceChildren(detail, proposeFromQueue(q, () => void loadProposals())) }, "Propose…"),
          );
        }),
      ),
    );
  }

  async function act(matchId: string, action: "claim" | "release"): Promise<void> {
    try {
      await post(`/facilitator/queue/${encodeURIComponent(matchId)}/${action}`, {});
      toast(action === "claim" ? "Claimed." : "Released.");
      await loadQueue();
    } catch (error) {
      toast(`Could not ${action}: ${error instanceof Error ? error.message : String(error)}`, { kind: "error" });
    }
  }

  async function loadProposals(): Promise<void> {
    const items = (await get<Page<Proposal>>("/proposals?limit=50")).items;
    replaceChildren(
      proposalsHost,
      items.length
        ? h("ul", { role: "list", "aria-label": "Proposals" }, items.map((p) => h("li", { class: "queue-item", "data-proposal-id": p.id }, h("strong", {}, `${p.fromOrg} → ${p.toOrg}`), ` · ${p.status} · deal ${p.deal.state}`, h("p", {}, p.message), proposalActions(p, () => void loadProposals()))))
        : h("p", { class: "muted" }, "No proposals."),
    );
  }

  await Promise.all([loadQueue(), loadProposals().catch(() => undefined)]);
  const offs = [onLive("queue:changed", () => void loadQueue()), onLive("proposal:changed", () => void loadProposals())];
  return () => offs.forEach((off) => off());
}

/** A proposal on behalf of the parties of a queued match: supplier → consumer by default. */
function proposeFromQueue(q: QueueItem, onCreated: () => void): HTMLElement {
  const msgId = uid("wb-message");
  const dirId = uid("wb-direction");
  const message = h("textarea", { id: msgId, name: "message", rows: 4 }, `Facilitated proposal: ${humanize(q.supply.resourceType ?? "")} from ${q.supply.orgName ?? q.supply.orgId} to ${q.demand.orgName ?? q.demand.orgId}.`);
  const direction = h("select", { id: dirId }, h("option", { value: "s2d" }, "Supplier proposes to consumer"), h("option", { value: "d2s" }, "Consumer proposes to supplier"));
  const form: HTMLFormElement = h(
    "form",
    { class: "card", "aria-label": `Propose match ${q.matchId}` },
    h("h3", {}, `${q.supply.orgName ?? q.supply.orgId} → ${q.demand.orgName ?? q.demand.orgId}`),
    h("div", { class: "field" }, h("label", { for: dirId }, "Direction"), direction),
    h("div", { class: "field" }, h("label", { for: msgId }, "Message"), message),
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, "Create proposal"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    const [fromOrg, toOrg] = direction.value === "s2d" ? [q.supply.orgId, q.demand.orgId] : [q.demand.orgId, q.supply.orgId];
    try {
      await post("/proposals", { externalId: newId("prop"), matchId: q.matchId, fromOrg, toOrg, message: message.value });
      form.replaceChildren(h("p", { class: "success" }, "Proposal created."));
      toast("Proposal created.");
      onCreated();
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}
