/**
 * The facilitator workbench: the queue of matches routed to humans (open / claimed / all),
 * claim or release one, and — under the mandates the parties granted — say interested for
 * a party, propose for one, and move proposals through their statuses and deal states.
 * A step the facilitator holds no mandate for is not offered; the workbench says which
 * mandate it needs and from whom. Refreshes on queue:changed, proposal:changed and
 * match:revealed.
 */
import { get, newId, post } from "../rest/http.ts";
import { currentUser } from "../rest/session.ts";
import type { DecisionResult, Mandate, MandateAct, Organization, Page, Proposal, Range } from "../rest/types.ts";
import { onLive } from "../live/socket.ts";
import { h, replaceChildren, uid } from "../ui/dom.ts";
import { eurRange, humanize, km, pct, years } from "../ui/format.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { toast } from "../ui/toast.ts";
import { proposalActions, type Acting } from "./proposal-actions.ts";
import { proposalSummary } from "./proposal-summary.ts";

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

/** The facilitator's live mandates, by organization, and names of the organizations seen. */
class Mandates {
  private readonly acts = new Map<string, Set<MandateAct>>();
  readonly names = new Map<string, string>();
  constructor(private readonly admin: boolean) {}

  async load(): Promise<void> {
    this.acts.clear();
    if (this.admin) return; // an admin runs the platform; it never acts for a party
    const items = (await get<Page<Mandate>>("/facilitators/me/mandates").catch(() => ({ items: [] as Mandate[] }))).items;
    for (const m of items.filter((x) => x.live)) this.acts.set(m.orgId, new Set([...(this.acts.get(m.orgId) ?? []), ...m.acts]));
    await Promise.all(
      [...this.acts.keys()].filter((id) => !this.names.has(id)).map((id) => get<Organization>(`/organizations/${encodeURIComponent(id)}`).then((o) => this.names.set(id, o.name)).catch(() => undefined)),
    );
  }

  can(act: MandateAct, orgId: string | null): boolean {
    return orgId !== null && (this.acts.get(orgId)?.has(act) ?? false);
  }

  name(orgId: string | null): string {
    return orgId === null ? "the counterpart" : (this.names.get(orgId) ?? orgId);
  }

  /** One line per organization: which acts you hold. */
  describe(): HTMLElement {
    if (this.admin) return h("p", { class: "muted", id: "wb-mandates" }, "As an administrator you see the queue, but only the parties — or a facilitator under their mandate — may act for them.");
    if (this.acts.size === 0) return h("p", { class: "muted", id: "wb-mandates" }, "You hold no mandates: you may claim and read matches, but not act for any organization until its administrator grants you a mandate.");
    return h("ul", { id: "wb-mandates", "aria-label": "Your mandates" }, [...this.acts].map(([org, acts]) => h("li", { "data-org-id": org }, h("strong", {}, this.name(org)), `: ${[...acts].join(", ")}`)));
  }

  acting(): Acting {
    return { can: (act, orgId) => this.can(act, orgId), facilitator: true, name: (o) => this.name(o) };
  }
}

const needsMandate = (act: MandateAct, what: string, orgs: string[]) =>
  h("p", { class: "needs-mandate", "data-needs-mandate": act }, `${what} needs a “${act}” mandate from ${orgs.join(" or ")} — ask its administrator to grant one on their Organization page.`);

export async function mountWorkbench(root: HTMLElement): Promise<() => void> {
  let status: "open" | "claimed" | "all" = "open";
  const me = currentUser();
  const mandates = new Mandates(me?.role === "admin");
  const mandatesHost = h("div");
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
      h("section", { "aria-labelledby": "wb-mandates-h" }, h("h2", { id: "wb-mandates-h" }, "Your mandates"), mandatesHost),
      h("div", { class: "grid2" },
        h("section", { "aria-labelledby": "queue-h" }, h("h2", { id: "queue-h" }, "Queue"), h("label", { for: "queue-status" }, "Show "), statusSelect, queueHost),
        h("section", { "aria-labelledby": "wb-detail-h" }, h("h2", { id: "wb-detail-h" }, "Selected match"), detail)),
      h("section", { "aria-labelledby": "wb-proposals-h" }, h("h2", { id: "wb-proposals-h" }, "Proposals"), proposalsHost),
    ),
  );

  const sideName = (s: QueueSide) => s.orgName ?? s.orgId;

  let queueSeq = 0;
  async function loadQueue(): Promise<void> {
    // A newer load (another filter chosen meanwhile) wins over one still in flight.
    const seq = ++queueSeq;
    let items: QueueItem[];
    try {
      const body = await get<{ items?: QueueItem[] } | QueueItem[]>(`/facilitator/queue?status=${status}`);
      if (seq !== queueSeq) return;
      items = Array.isArray(body) ? body : (body.items ?? []);
    } catch (error) {
      if (seq !== queueSeq) return;
      replaceChildren(queueHost, h("p", { class: "field-error" }, `The queue is unavailable: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    for (const q of items) for (const s of [q.supply, q.demand]) if (s.orgName) mandates.names.set(s.orgId, s.orgName);
    if (!items.length) return replaceChildren(queueHost, h("p", { class: "muted" }, "Nothing in the queue."));
    replaceChildren(
      queueHost,
      h(
        "ul",
        { role: "list", class: "queue", "aria-label": "Facilitator queue" },
        items.map((q) => {
          const claimant = q.claim?.facilitatorId ?? null;
          const interestFor = [q.supply, q.demand].filter((s) => mandates.can("interest", s.orgId));
          return h(
            "li",
            { class: "queue-item", "data-match-id": q.matchId },
            h("strong", {}, `${humanize(q.supply.resourceType ?? "?")} → ${humanize(q.demand.resourceType ?? "?")}`),
            ` · score ${pct(q.score)} · ${km(q.distanceKm)}`,
            h("p", { class: "muted" }, `${sideName(q.supply)} → ${sideName(q.demand)}${claimant ? ` · claimed by ${claimant === me?.id ? "you" : (q.claim?.facilitatorName ?? claimant)}` : " · unclaimed"}`),
            q.economics.npvEur ? h("p", {}, `NPV ${eurRange(q.economics.npvEur)} · payback ${years(q.economics.paybackYears)}`) : null,
            claimant ? null : h("button", { type: "button", "data-action": "claim", onclick: () => void act(q.matchId, "claim") }, "Claim"),
            claimant === me?.id ? h("button", { type: "button", "data-action": "release", onclick: () => void act(q.matchId, "release") }, "Release") : null,
            interestFor.map((s) => h("button", { type: "button", "data-action": `interested:${s.orgId}`, onclick: () => void interested(q, s) }, `Interested for ${sideName(s)}`)),
            h("button", { type: "button", "data-action": "propose", onclick: () => replaceChildren(detail, proposeFromQueue(q, mandates, () => void loadProposals())) }, "Propose…"),
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

  async function interested(q: QueueItem, side: QueueSide): Promise<void> {
    try {
      const r = await post<DecisionResult>(`/matches/${encodeURIComponent(q.matchId)}/decision`, { decision: "interested", orgId: side.orgId });
      toast(r.state === "revealed" ? `Both parties are interested: ${sideName(q.supply)} and ${sideName(q.demand)} now see each other.` : `Interest recorded for ${sideName(side)}; waiting for the other party.`);
    } catch (error) {
      toast(`Could not record interest: ${error instanceof Error ? error.message : String(error)}`, { kind: "error" });
    }
  }

  let proposalsSeq = 0;
  async function loadProposals(): Promise<void> {
    const seq = ++proposalsSeq;
    const items = (await get<Page<Proposal>>("/proposals?limit=50")).items;
    if (seq !== proposalsSeq) return; // a newer load is on its way
    const acting = mandates.acting();
    replaceChildren(
      proposalsHost,
      items.length
        ? h(
            "ul",
            { role: "list", "aria-label": "Proposals" },
            items.map((p) => h("li", { class: "queue-item", "data-proposal-id": p.id }, proposalSummary(p, new Set(), mandates.names), h("p", {}, p.message), proposalActions(p, () => void loadProposals(), acting))),
          )
        : h("p", { class: "muted" }, "No proposals."),
    );
  }

  async function loadMandates(): Promise<void> {
    await mandates.load();
    replaceChildren(mandatesHost, mandates.describe());
  }

  await loadMandates();
  await Promise.all([loadQueue(), loadProposals().catch(() => undefined)]);
  const offs = [
    onLive("queue:changed", () => void loadQueue()),
    onLive("proposal:changed", () => void loadProposals().catch(() => undefined)),
    onLive("match:revealed", () => void loadProposals().catch(() => undefined)),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * A proposal on behalf of one party of a queued match, to the other: only for a party
 * whose `proposals` mandate you hold (proposing is that party's "interested").
 */
function proposeFromQueue(q: QueueItem, mandates: Mandates, onCreated: () => void): HTMLElement {
  const name = (s: QueueSide) => s.orgName ?? s.orgId;
  const options = [
    { value: "s2d", from: q.supply, to: q.demand, label: `${name(q.supply)} (supplier) proposes to ${name(q.demand)}` },
    { value: "d2s", from: q.demand, to: q.supply, label: `${name(q.demand)} (consumer) proposes to ${name(q.supply)}` },
  ].filter((o) => mandates.can("proposals", o.from.orgId));
  const title = h("h3", {}, `${name(q.supply)} → ${name(q.demand)}`);
  if (options.length === 0) return h("div", { class: "card", "aria-label": `Propose match ${q.matchId}` }, title, needsMandate("proposals", "Proposing", [name(q.supply), name(q.demand)]));
  const msgId = uid("wb-message");
  const dirId = uid("wb-direction");
  const message = h("textarea", { id: msgId, name: "message", rows: 4 }, `Facilitated proposal: ${humanize(q.supply.resourceType ?? "")} from ${name(q.supply)} to ${name(q.demand)}.`);
  const direction = h("select", { id: dirId, "data-field": "fromOrg" }, options.map((o) => h("option", { value: o.value }, o.label)));
  const form: HTMLFormElement = h(
    "form",
    { class: "card", "aria-label": `Propose match ${q.matchId}` },
    title,
    h("div", { class: "field" }, h("label", { for: dirId }, "On behalf of"), direction),
    h("div", { class: "field" }, h("label", { for: msgId }, "Message"), message),
    h("div", { class: "form-summary", role: "alert" }),
    h("button", { type: "submit", class: "primary" }, "Create proposal"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearFormErrors(form);
    const chosen = options.find((o) => o.value === direction.value) ?? options[0]!;
    try {
      // The match names both parties; fromOrg says which one you act for.
      await post("/proposals", { externalId: newId("prop"), matchId: q.matchId, fromOrg: chosen.from.orgId, message: message.value });
      form.replaceChildren(h("p", { class: "success" }, `Proposal created on behalf of ${name(chosen.from)}.`));
      toast("Proposal created.");
      onCreated();
    } catch (error) {
      showFormErrors(form, error);
    }
  });
  return form;
}
