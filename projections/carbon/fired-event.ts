/** The `alert.fired` event of a firing: what the sockets get and a webhook receives. */
import type { AlertFired } from "../../contract/realtime.ts";
import type { Alert, AlertFiring } from "../../ledgers/alerts.ts";

/** The event of a firing. */
export function firedEvent(alert: Alert, firing: AlertFiring): AlertFired {
  return {
    type: "alert.fired",
    firingId: firing.id,
    alertId: alert.id,
    orgId: alert.orgId,
    name: alert.name,
    metric: alert.metric,
    stage: alert.stage as AlertFired["stage"],
    windowDays: alert.windowDays,
    comparison: firing.comparison,
    threshold: firing.threshold,
    value: firing.value,
    windowFrom: firing.windowFrom,
    evaluatedDay: firing.evaluatedDay,
    firedAt: firing.firedAt,
  };
}
