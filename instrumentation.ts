/**
 * Next.js calls register() once when a server process starts. Node runtime only (the Edge middleware gets its own
 * copy of this hook and has nothing to start), and never during `next build` (startMetricsFlush and startAgentLoop
 * check): the metrics flush, the monitoring agent's cycle every AGENT_INTERVAL_SECONDS unless AGENT_MODE=off, and the
 * webhook delivery worker every WEBHOOK_WORKER_INTERVAL_SECONDS.
 */
export async function register(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- NEXT_RUNTIME is set and inlined per bundle by Next.js, not configuration: it keeps Node-only modules out of the Edge bundle
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startMetricsFlush } = await import("./lib/monitoring/flush-loop");
  startMetricsFlush();
  const { markInsideNextServer } = await import("./lib/monitoring/agent/runtime");
  markInsideNextServer();
  const { startAgentLoop } = await import("./lib/monitoring/agent/loop");
  startAgentLoop();
  const { startWebhookWorker } = await import("./lib/webhooks/loop");
  startWebhookWorker();
}
