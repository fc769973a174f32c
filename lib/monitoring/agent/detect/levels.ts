import type { Levels } from "@/lib/monitoring/config";
import type { Severity } from "../types";

/** critical at or above `crit`, warning at or above `warn`, else nothing. */
export function levelOf(value: number | null, levels: Levels): { severity: Severity; threshold: number } | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (value >= levels.crit) return { severity: "critical", threshold: levels.crit };
  if (value >= levels.warn) return { severity: "warning", threshold: levels.warn };
  return null;
}

export const round1 = (v: number) => Math.round(v * 10) / 10;
