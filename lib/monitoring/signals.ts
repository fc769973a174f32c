import { auditChainStatus } from "./audit-chain-status";
import { cancelledOrders, lowStockProducts, orderSeries } from "./business-signals";
import { collectHealth } from "./health-probes";
import { requestSeries, routeSummaries, statusClassTotals } from "./request-queries";
import {
  bruteForceCandidates,
  failedLoginSeries,
  failedLoginsByAccount,
  failedLoginsByIp,
  rateLimitDenials,
  recentSecurityEvents,
  securityCounts,
  stuffingCandidates,
} from "./security-signals";
import type { SignalWindow } from "./window";

/**
 * Everything the agent and the dashboard read, for one window, in one call (pure reads; the audit-chain check
 * only advances this process's verification cursor). Client errors per IP are not recorded anywhere: the 401/403/
 * 404/429 counts come from metric_buckets, overall and per route.
 */
export async function collectSignals(w: SignalWindow, top = 10) {
  const [requests, routes, statusClasses, health] = await Promise.all([requestSeries(w), routeSummaries(w), statusClassTotals(w), collectHealth()]);
  const [counts, byIp, stuffing, byAccount, bruteForce, failedLogins, denials, events, auditChain] = await Promise.all([
    securityCounts(w),
    failedLoginsByIp(w, top),
    stuffingCandidates(w, top),
    failedLoginsByAccount(w, top),
    bruteForceCandidates(w, top),
    failedLoginSeries(w),
    rateLimitDenials(w, top),
    recentSecurityEvents(w),
    auditChainStatus(),
  ]);
  const [orders, cancelled, lowStock] = await Promise.all([orderSeries(w), cancelledOrders(w), lowStockProducts(top)]);
  return {
    window: { from: w.from.toISOString(), to: w.to.toISOString(), stepSeconds: w.stepSeconds },
    requests: { series: requests, routes, statusClasses },
    health,
    security: { counts, failedLoginsByIp: byIp, stuffingCandidates: stuffing, failedLoginsByAccount: byAccount, bruteForceCandidates: bruteForce, failedLoginSeries: failedLogins, rateLimitDenials: denials, recentEvents: events, auditChain },
    business: { orders, cancelledOrders: cancelled, lowStock },
  };
}

export type Signals = Awaited<ReturnType<typeof collectSignals>>;
