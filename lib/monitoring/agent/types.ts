import type { AgentConfig, AgentMode } from "@/lib/monitoring/config";
import type { CycleInputs } from "./inputs";

export type Severity = "warning" | "critical" | "emergency";
export type AlertType = "system" | "performance" | "security" | "database" | "application" | "business";
export type OverallStatus = "healthy" | "degraded" | "unhealthy" | "critical";

/** What a finding is about, when it is about someone: the incident grouping key and the actions' target. */
export type Subject = { ip?: string; account?: string; userId?: number };

/** Evidence is shown to an admin as it is: the measured value, what it was compared with, and over what. */
export type Evidence = {
  metric: string;
  value: number | string | null;
  threshold?: number;
  baseline?: Record<string, number | null>;
  window: string;
  samples?: number;
  [detail: string]: unknown;
};

export type Finding = {
  fingerprint: string;
  type: AlertType;
  severity: Severity;
  title: string;
  /** Plain language: what was seen and why it matters. */
  message: string;
  evidence: Evidence;
  subject?: Subject;
};

/** A detector: one family of rules; its failure is recorded and never aborts the cycle. */
export type Detector = { name: string; run: (ctx: CycleContext) => Promise<Finding[]> };

export type CycleContext = {
  now: Date;
  mode: AgentMode;
  config: AgentConfig;
  trigger: "schedule" | "manual" | "cli";
  actorUserId: number | null;
  inputs: CycleInputs;
};

export const SEVERITY_RANK: Record<string, number> = { info: 0, warning: 1, critical: 2, emergency: 3 };

export type CycleResult = {
  ran: boolean;
  reason?: string;
  started_at: string;
  finished_at: string;
  mode: AgentMode;
  findings: number;
  alerts_opened: number;
  alerts_updated: number;
  alerts_resolved: number;
  incidents_opened: number;
  actions_taken: number;
  actions_pending_approval: number;
  overall_status: OverallStatus;
  snapshot_id: number | null;
  /** Detectors or stages that failed this cycle (the rest ran); absent when none did. */
  errors?: { source: string; error: string }[];
};

/** A short description of an error for the cycle's record: the driver's own message (drizzle wraps it), capped. */
export function describeError(error: unknown): string {
  const e = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return (e instanceof Error ? e.message : String(e)).slice(0, 300);
}
