/**
 * The carbon page's threshold alerts: the organization's alerts (defined and deleted by its
 * org_admins, POST/DELETE /organizations/{id}/alerts) and their firings, newest first, each
 * acknowledged by a member (POST …/alert-firings/{id}/acknowledgement). A firing that
 * arrives over the live connection (`alert:fired`) is listed at once, without a reload.
 */
import type { AlertFired } from "../../../contract/realtime.ts";
import type { AlertFiring, CarbonAlert } from "../../../contract/carbon.ts";
import { t } from "../i18n/index.ts";
import { onLive } from "../live/socket.ts";
import { get, post, send } from "../rest/http.ts";
import { h, replaceChildren } from "../ui/dom.ts";
import { clearFormErrors, showFormErrors } from "../ui/form-errors.ts";
import { dateTime, num } from "../ui/format.ts";
import { toast } from "../ui/toast.ts";
import { card, table, toastFailure } from "./carbon-parts.ts";

const METRICS = ["co2_avoided_t", "co2_avoided_low_t", "co2_avoided_high_t", "energy_mwh", "water_m3"] as const;
const STAGES = ["potential", "in_progress", "realised"] as const;
const WINDOWS = [1, 7, 30, 365] as const;

/** An alert's rule in words: "CO2 avoided (t), potential, last 7 days above 10". */
export const ruleText = (a: Pick<CarbonAlert, "metric" | "stage" | "windowDays" | "comparison" | "threshold">) =>
  t("carbon.rule", { metric: t(`carbon.metric.${a.metric}`), stage: t(`carbon.stages.${a.stage}`), window: t("carbon.window", { count: a.windowDays }), comparison: t(`carbon.comparison.${a.comparison}`), threshold: num(a.threshold) });

/** The alerts section of `orgId`, and its cleanup (the live subscription). */
export async function alertsSection(orgId: string, isAdmin: boolean): Promise<{ element: HTMLElement; cleanup: () => void }> {
  const base = `/organizations/${encodeURIComponent(orgId)}`;
  const host = h("div");
  const option = (value: string | number, label: string) => h("option", { value }, label);
  const name = h("input", { name: "name", required: true, size: 28, maxlength: 200 });
  const metric = h("select", { name: "metric" }, METRICS.map((m) => option(m, t(`carbon.metric.${m}`))));
  const stage = h("select", { name: "stage" }, STAGES.map((s) => option(s, t(`carbon.stages.${s}`))));
  const windowDays = h("select", { name: "windowDays" }, WINDOWS.map((d) => option(d, t("carbon.window", { count: d }))));
  const comparison = h("select", { name: "comparison" }, option("above", t("carbon.comparison.above")), option("below", t("carbon.comparison.below")));
  const threshold = h("input", { type: "number", name: "threshold", step: "any", required: true, size: 8 });
  const channel = h("select", { name: "channel" }, option("in_app", t("carbon.channel.in_app")), option("webhook", t("carbon.channel.webhook")));
  const webhookUrl = h("input", { type: "url", name: "webhookUrl", size: 32, placeholder: "https://" });
  const endpoint = h("select", { name: "webhookEndpointId" });
  const field = (label: string, control: HTMLElement) => h("label", { class: "field" }, label, control);
  const webhookFields = h("div", { class: "carbon-webhook-fields", hidden: true }, field(t("carbon.alertWebhookUrl"), webhookUrl), field(t("carbon.alertEndpoint"), endpoint));
  const form = h(
    "form",
    { class: "outcomes-filters carbon-alert-form", "aria-label": t("carbon.defineAlert"), novalidate: true },
    field(t("carbon.alertName"), name),
    field(t("carbon.alertMetric"), metric),
    field(t("carbon.alertStage"), stage),
    field(t("carbon.alertWindow"), windowDays),
    field(t("carbon.alertComparison"), comparison),
    field(t("carbon.alertThreshold"), threshold),
    field(t("carbon.alertChannel"), channel),
    webhookFields,
    h("button", { type: "submit", class: "primary" }, t("carbon.defineAlert")),
    h("div", { class: "form-summary", role: "alert" }),
  );
  channel.addEventListener("change", () => {
    webhookFields.hidden = channel.value !== "webhook";
    if (channel.value === "webhook" && endpoint.options.length === 0) {
      void get<{ items: { id: string; name: string; revokedAt: string | null }[] }>(`${base}/webhook-endpoints`)
        .then(({ items }) => {
          const active = items.filter((e) => e.revokedAt === null);
          replaceChildren(endpoint, active.length === 0 ? option("", t("carbon.noEndpoints")) : active.map((e) => option(e.id, e.name)));
        })
        .catch(() => replaceChildren(endpoint, option("", t("carbon.noEndpoints"))));
    }
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearFormErrors(form);
    const webhook = channel.value === "webhook";
    const body = {
      name: name.value,
      metric: metric.value,
      stage: stage.value,
      windowDays: Number(windowDays.value),
      comparison: comparison.value,
      threshold: threshold.value === "" ? null : Number(threshold.value),
      channel: channel.value,
      ...(webhook ? { webhookUrl: webhookUrl.value, webhookEndpointId: endpoint.value || undefined } : {}),
    };
    void post<CarbonAlert>(`${base}/alerts`, body)
      .then(async (a) => {
        toast(t("carbon.alertDefined", { name: a.name }));
        form.reset();
        webhookFields.hidden = true;
        await render();
      })
      .catch((error: unknown) => showFormErrors(form, error));
  });

  const alertsHost = h("div");
  const firingsHost = h("div", { "aria-live": "polite" });
  let seq = 0;
  async function render(): Promise<void> {
    const mine = ++seq;
    const [alerts, firings] = await Promise.all([get<{ items: CarbonAlert[] }>(`${base}/alerts`), get<{ items: AlertFiring[] }>(`${base}/alert-firings?limit=50`)]);
    if (mine !== seq) return;
    const byId = new Map(alerts.items.map((a) => [a.id, a]));
    const remove = (a: CarbonAlert) => {
      if (!confirm(t("carbon.confirmDeleteAlert", { name: a.name }))) return;
      void send("DELETE", `${base}/alerts/${a.id}`)
        .then(async () => {
          toast(t("carbon.alertDeleted", { name: a.name }));
          await render();
        })
        .catch(toastFailure);
    };
    replaceChildren(
      alertsHost,
      table(
        "alerts",
        ["name", "rule", "channel", "actions"],
        alerts.items.map((a) =>
                h(
                  "tr",
                  { "data-testid": "alert-row", "data-alert": a.id },
                  h("td", {}, a.name),
                  h("td", {}, ruleText(a)),
                  h("td", {}, t(`carbon.channel.${a.channel}`), a.webhookUrl ? h("div", { class: "muted" }, a.webhookUrl) : null),
                  h("td", { class: "actions" }, isAdmin ? h("button", { type: "button", class: "secondary", onclick: () => remove(a) }, t("carbon.delete")) : null),
                ),
        ),
        t("carbon.noAlerts"),
      ),
    );
    const acknowledge = (f: AlertFiring) =>
      void send<AlertFiring>("POST", `${base}/alert-firings/${f.id}/acknowledgement`)
        .then(() => render())
        .catch(toastFailure);
    replaceChildren(
      firingsHost,
      table(
        "firings",
        ["alert", "day", "figure", "status"],
        firings.items.map((f) =>
                h(
                  "tr",
                  { "data-testid": "firing-row", "data-firing": f.id, "data-acknowledged": String(f.acknowledgedAt !== null) },
                  h("td", {}, byId.get(f.alertId)?.name ?? f.alertId),
                  h("td", {}, f.evaluatedDay),
                  h("td", { class: "num" }, t("carbon.firedValue", { value: num(f.value), unit: t(`carbon.metricUnit.${byId.get(f.alertId)?.metric ?? "co2_avoided_t"}`), comparison: t(`carbon.comparison.${f.comparison}`), threshold: num(f.threshold) })),
                  h(
                    "td",
                    {},
                    f.acknowledgedAt === null
                      ? [h("span", { class: "badge badge-new" }, t("carbon.unacknowledged")), " ", h("button", { type: "button", class: "secondary", onclick: () => acknowledge(f) }, t("carbon.acknowledge"))]
                      : h("span", { class: "muted" }, t("carbon.acknowledged", { when: dateTime(f.acknowledgedAt) })),
                    f.deliveryStatus === null
                      ? null
                      : h(
                          "div",
                          { class: "muted", "data-testid": "firing-delivery", "data-delivery": f.deliveryStatus },
                          f.deliveryStatus === "delivered" ? t("alertDelivery.delivered", { attempt: f.deliveryAttempts }) : t(`alertDelivery.${f.deliveryStatus}`, { count: f.deliveryAttempts }),
                          f.deliveryError && f.deliveryStatus !== "delivered" ? ` — ${f.deliveryError}` : "",
                        ),
                  ),
                ),
        ),
        t("carbon.noFirings"),
      ),
    );
  }
  await render();
  const stop = onLive<AlertFired>("alert:fired", (e) => {
    if (e.orgId === orgId) void render();
  });
  replaceChildren(
    host,
    card(
      t("carbon.alerts"),
      "carbon-alerts",
      h("p", { class: "muted" }, t("carbon.alertsHelp")),
      alertsHost,
      isAdmin ? form : h("p", { class: "muted" }, t("carbon.onlyAdmins")),
      h("h3", {}, t("carbon.firings")),
      firingsHost,
    ),
  );
  return {
    element: host,
    cleanup: () => {
      seq += 1;
      stop();
    },
  };
}
