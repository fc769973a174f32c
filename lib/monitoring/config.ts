import { env } from "@/lib/env";

/**
 * The agent's settings and detection thresholds, read from lib/env.ts (see it for each variable and its default).
 * Read afresh on every cycle, so tests and operators can change them between cycles.
 */
export type AgentMode = "off" | "dry-run" | "act";
export type Levels = { warn: number; crit: number };

export type AgentConfig = {
  mode: AgentMode;
  intervalSeconds: number;
  blockMinutes: number;
  lockMinutes: number;
  readOnlyMinutes: number;
  approvalMinutes: number;
  maxActionsPerHour: number;
  /** As configured; loopback is added by the allow-list check itself. */
  allowlist: string[];
  webhookUrl: string | null;
  autoResolveCycles: number;
  thresholds: { cpu: Levels; memory: Levels; disk: Levels; p95Ms: Levels; errorRate: Levels };
  minRequests: number;
  windowMinutes: number;
  anomalyZ: number;
  baselineMinutes: number;
  security: { windowMinutes: number; stuffingAccounts: number; bruteForceIps: number; scanThreshold: number };
};

export function agentConfig(): AgentConfig {
  const e = env();
  return {
    mode: e.AGENT_MODE,
    intervalSeconds: e.AGENT_INTERVAL_SECONDS,
    blockMinutes: e.AGENT_BLOCK_MINUTES,
    lockMinutes: e.AGENT_LOCK_MINUTES,
    readOnlyMinutes: e.AGENT_READ_ONLY_MINUTES,
    approvalMinutes: e.AGENT_APPROVAL_MINUTES,
    maxActionsPerHour: e.AGENT_MAX_ACTIONS_PER_HOUR,
    allowlist: e.AGENT_ALLOWLIST_IPS.split(",").map((s) => s.trim()).filter(Boolean),
    webhookUrl: e.AGENT_WEBHOOK_URL ?? null,
    autoResolveCycles: e.AGENT_AUTO_RESOLVE_CYCLES,
    thresholds: {
      cpu: { warn: e.MONITOR_CPU_WARN, crit: e.MONITOR_CPU_CRIT },
      memory: { warn: e.MONITOR_MEMORY_WARN, crit: e.MONITOR_MEMORY_CRIT },
      disk: { warn: e.MONITOR_DISK_WARN, crit: e.MONITOR_DISK_CRIT },
      p95Ms: { warn: e.MONITOR_P95_WARN_MS, crit: e.MONITOR_P95_CRIT_MS },
      errorRate: { warn: e.MONITOR_ERROR_RATE_WARN, crit: e.MONITOR_ERROR_RATE_CRIT },
    },
    minRequests: e.MONITOR_MIN_REQUESTS,
    windowMinutes: e.MONITOR_WINDOW_MINUTES,
    anomalyZ: e.MONITOR_ANOMALY_Z,
    baselineMinutes: e.MONITOR_BASELINE_MINUTES,
    security: {
      windowMinutes: e.MONITOR_SECURITY_WINDOW_MINUTES,
      stuffingAccounts: e.MONITOR_STUFFING_ACCOUNTS,
      bruteForceIps: e.MONITOR_BRUTE_FORCE_IPS,
      scanThreshold: e.MONITOR_SCAN_THRESHOLD,
    },
  };
}
