import "server-only";
import { z } from "zod";
import { orderSeries } from "@/lib/monitoring/business-signals";
import { collectHealth } from "@/lib/monitoring/health-probes";
import { requestSeries } from "@/lib/monitoring/request-queries";
import { failedLoginSeries, securityCounts } from "@/lib/monitoring/security-signals";
import { windowFor } from "@/lib/monitoring/window";
import { isoTimestamp } from "@/lib/openapi/doc";
import { metricsSummary, metricsSummarySchema } from "./metrics-summary";
import { activeIncidents, activeIpBlocks, latestHealthSnapshot, openAlertCounts, recentActions, recentAlerts } from "./queries";
import { RANGES, type RangeName } from "./schemas";
import {
  actionSchema,
  alertSchema,
  healthSnapshotSchema,
  incidentSchema,
  ipBlockSchema,
  probeSchema,
  requestPointSchema,
  serializeAction,
  serializeAlert,
  serializeHealth,
  serializeIncident,
  serializeIpBlock,
  serializeProbe,
  serializeRequestPoint,
} from "./serializers";

const DAY_MS = 86_400_000;

const count = z.number().int().min(0);

/** GET /api/monitoring/dashboard/ and the data of each `dashboard` event of the stream, as documented. */
export const dashboardSchema = z.object({
  generated_at: isoTimestamp,
  current_health: healthSnapshotSchema.nullable().describe("The latest snapshot; null before the agent's first cycle"),
  recent_alerts: z.array(alertSchema).describe("The last day's, newest first (at most 10)"),
  active_incidents: z.array(incidentSchema).describe("Open or investigating, newest first (at most 50)"),
  recent_actions: z.array(actionSchema).describe("The last day's, newest first (at most 10)"),
  metrics_summary: metricsSummarySchema.extend({
    open_alerts: count,
    unacknowledged_alerts: count,
    critical_alerts: count.describe("Open alerts that are critical or emergency"),
    open_incidents: count,
    blocked_ips: count,
  }),
  trends: z.object({
    range: z.enum(RANGES),
    from: isoTimestamp,
    to: isoTimestamp,
    step_seconds: z.number().int(),
    requests: z.array(requestPointSchema),
    failed_logins: z.array(z.object({ t: isoTimestamp, failures: count })),
    orders: z.array(z.object({ t: isoTimestamp, orders: count, amount_cents: z.number().int().describe("The orders' total, in cents") })),
    security_totals: z.object({
      failed_logins: count,
      account_lockouts: count,
      ip_lockouts: count,
      mfa_failures: count,
      passkey_failures: count,
      token_reuse: count,
      rate_limit_denials: count,
    }),
  }),
  dependencies: z.array(probeSchema).describe("This instance's probes (database, cache, event loop, memory, CPU …)"),
  blocked_ips: z.object({ count, items: z.array(ipBlockSchema).describe("The latest 50 in force") }),
});
export type Dashboard = z.input<typeof dashboardSchema>;

/**
 * GET /api/monitoring/dashboard/ and each event of the live stream. Reads only: the latest stored snapshot (null
 * before the agent's first cycle; never a cycle run here, unlike the original), the last day's alerts and actions,
 * open incidents, the last minutes' tiles, series over `range`, this instance's dependency probes, IP blocks in force.
 */
export async function buildDashboard(range: RangeName, now = new Date()): Promise<Dashboard> {
  const w = windowFor(range, now);
  const since = new Date(now.getTime() - DAY_MS);
  const [health, alerts, incidents, actions, summary, alertCounts, requests, failedLogins, orders, security, probes, blocks] = await Promise.all([
    latestHealthSnapshot(),
    recentAlerts(since),
    activeIncidents(),
    recentActions(since),
    metricsSummary(now),
    openAlertCounts(),
    requestSeries(w),
    failedLoginSeries(w),
    orderSeries(w),
    securityCounts(w),
    collectHealth(),
    activeIpBlocks(now),
  ]);
  return {
    generated_at: now.toISOString(),
    current_health: health ? serializeHealth(health) : null,
    recent_alerts: alerts.map(serializeAlert),
    active_incidents: incidents.map(serializeIncident),
    recent_actions: actions.map(serializeAction),
    metrics_summary: {
      ...summary,
      open_alerts: alertCounts.active + alertCounts.acknowledged,
      unacknowledged_alerts: alertCounts.active,
      critical_alerts: alertCounts.critical,
      open_incidents: incidents.length,
      blocked_ips: blocks.count,
    },
    trends: {
      range,
      from: w.from.toISOString(),
      to: w.to.toISOString(),
      step_seconds: w.stepSeconds,
      requests: requests.map(serializeRequestPoint),
      failed_logins: failedLogins,
      orders: orders.map((o) => ({ t: o.t, orders: o.orders, amount_cents: o.amountCents })),
      security_totals: {
        failed_logins: security.failedLogins,
        account_lockouts: security.accountLockouts,
        ip_lockouts: security.ipLockouts,
        mfa_failures: security.mfaFailures,
        passkey_failures: security.passkeyFailures,
        token_reuse: security.tokenReuse,
        rate_limit_denials: security.rateLimitDenials,
      },
    },
    dependencies: probes.map(serializeProbe),
    blocked_ips: { count: blocks.count, items: blocks.rows.map(serializeIpBlock) },
  };
}
