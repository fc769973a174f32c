import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

const good = { AUTH_SECRET: "q8Jz2mV0kR5xLw1nT7bY4cH9dF3gS6aE-uP_oI", ENCRYPTION_KEY: "6ttn977VyO3tpzbSBqOm2iIvHGbAQhPqlmq85Dq+zqQ=" };

function problems(raw: Record<string, string>): string {
  try {
    parseEnv({ ...good, ...raw });
    return "";
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.join("\n");
    throw e;
  }
}

describe("agent and threshold configuration", () => {
  it("has the original's thresholds and the agent's defaults", () => {
    const e = parseEnv(good);
    expect([e.MONITOR_CPU_WARN, e.MONITOR_CPU_CRIT, e.MONITOR_MEMORY_WARN, e.MONITOR_MEMORY_CRIT, e.MONITOR_DISK_WARN, e.MONITOR_DISK_CRIT]).toEqual([70, 90, 80, 95, 85, 95]);
    expect([e.MONITOR_P95_WARN_MS, e.MONITOR_P95_CRIT_MS, e.MONITOR_ERROR_RATE_WARN, e.MONITOR_ERROR_RATE_CRIT]).toEqual([1000, 3000, 5, 10]);
    expect(e).toMatchObject({ AGENT_MODE: "act", AGENT_INTERVAL_SECONDS: 30, AGENT_BLOCK_MINUTES: 15, AGENT_MAX_ACTIONS_PER_HOUR: 20, AGENT_AUTO_RESOLVE_CYCLES: 3 });
  });

  it("accepts decimals and the three modes, and refuses nonsense naming the variable", () => {
    expect(parseEnv({ ...good, MONITOR_ERROR_RATE_WARN: "2.5", AGENT_MODE: "dry-run" })).toMatchObject({ MONITOR_ERROR_RATE_WARN: 2.5, AGENT_MODE: "dry-run" });
    expect(problems({ AGENT_MODE: "yolo" })).toMatch(/AGENT_MODE/);
    expect(problems({ MONITOR_CPU_WARN: "95", MONITOR_CPU_CRIT: "90" })).toMatch(/MONITOR_CPU_WARN \(95\) must not be above MONITOR_CPU_CRIT/);
    expect(problems({ AGENT_WEBHOOK_URL: "not a url" })).toMatch(/AGENT_WEBHOOK_URL/);
  });
});
