import { describe, expect, it } from "vitest";
import { createAlertSchema, faultBodySchema, patchIncidentSchema } from "./schemas";
import { serializeTimeline } from "./serializers";

describe("monitoring API schemas", () => {
  it("alert text is plain: cleaned, one-line titles, markup refused, comparison signs kept", () => {
    const ok = createAlertSchema.parse({ alert_type: "system", title: " CPU\n> 90 % ", message: "a < b\r\nline\u0007two" });
    expect(ok).toMatchObject({ title: "CPU > 90 %", message: "a < b\nlinetwo", severity: "warning", source: "manual" });
    expect(createAlertSchema.safeParse({ alert_type: "system", title: "<svg onload=x>", message: "m" }).success).toBe(false);
    expect(createAlertSchema.safeParse({ alert_type: "system", title: "t", message: "<!-- x -->" }).success).toBe(false);
  });

  it("fault routes: API paths only, never monitoring, health or internal (after normalising)", () => {
    const base = { mode: "error", rate: 0.5, duration_seconds: 10 };
    expect(faultBodySchema.safeParse({ ...base, route: "/api/products/[id]/" }).success).toBe(true);
    for (const route of ["/api/monitoring/", "/api//internal/ip-blocks/", "/api/health", "/products/", "/api/x?y=1"]) {
      expect(faultBodySchema.safeParse({ ...base, route }).success, route).toBe(false);
    }
  });

  it("an incident PATCH needs at least one change", () => {
    expect(patchIncidentSchema.safeParse({}).success).toBe(false);
    expect(patchIncidentSchema.safeParse({ note: "checked" }).success).toBe(true);
  });

  it("timeline entries pass on known primitive fields only", () => {
    expect(serializeTimeline([{ at: "t", event: "note", detail: "m", secret: "x", nested: { a: 1 } }, "junk"])).toEqual([{ at: "t", event: "note", detail: "m" }, {}]);
    expect(serializeTimeline({ not: "an array" })).toEqual([]);
  });
});
