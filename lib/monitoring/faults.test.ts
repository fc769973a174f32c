import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/problem";
import { clearFaults, faultFor, faultsActive, injectFault, isFaultableRoute, listFaults, setFault, SLOW_MAX_MS, SLOW_MIN_MS } from "./faults";

afterEach(() => {
  clearFaults();
});

describe("fault injection store", () => {
  it("is inactive until a fault is set, and stores faults under the route pattern", () => {
    expect(faultsActive()).toBe(false);
    expect(faultFor("/api/products/")).toBeNull();
    const f = setFault({ route: "/api/products/12/", mode: "error", rate: 1, durationSeconds: 60 });
    expect(f.route).toBe("/api/products/[id]/");
    expect(faultsActive()).toBe(true);
    expect(faultFor("/api/products/[id]/")).toEqual({ mode: "error" });
    expect(faultFor("/api/products/")).toBeNull();
  });

  it("draws against the rate", () => {
    setFault({ route: "/api/products/", mode: "error", rate: 0.3, durationSeconds: 60 });
    expect(faultFor("/api/products/", Date.now(), () => 0.29)).toEqual({ mode: "error" });
    expect(faultFor("/api/products/", Date.now(), () => 0.3)).toBeNull();
    setFault({ route: "/api/products/", mode: "error", rate: 0, durationSeconds: 60 });
    expect(faultFor("/api/products/", Date.now(), () => 0)).toBeNull();
  });

  it("slow mode gives a delay inside the documented range", () => {
    setFault({ route: "/api/orders/", mode: "slow", rate: 1, durationSeconds: 60 });
    const low = faultFor("/api/orders/", Date.now(), () => 0);
    const high = faultFor("/api/orders/", Date.now(), () => 0.999);
    expect(low).toEqual({ mode: "slow", delayMs: SLOW_MIN_MS });
    expect(high?.mode === "slow" && high.delayMs).toBeGreaterThan(SLOW_MIN_MS);
    expect(high?.mode === "slow" && high.delayMs).toBeLessThanOrEqual(SLOW_MAX_MS);
  });

  it("expires by itself", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    setFault({ route: "/api/products/", mode: "error", rate: 1, durationSeconds: 10 }, now);
    expect(faultFor("/api/products/", now.getTime() + 9_999)).toEqual({ mode: "error" });
    expect(faultFor("/api/products/", now.getTime() + 10_000)).toBeNull();
    expect(faultsActive()).toBe(false);
  });

  it("clears one route or all", () => {
    setFault({ route: "/api/products/", mode: "error", rate: 1, durationSeconds: 60 });
    setFault({ route: "/api/orders/", mode: "slow", rate: 1, durationSeconds: 60 });
    expect(listFaults().map((f) => f.route).sort()).toEqual(["/api/orders/", "/api/products/"]);
    expect(clearFaults("/api/orders")).toBe(1);
    expect(listFaults().map((f) => f.route)).toEqual(["/api/products/"]);
    expect(clearFaults()).toBe(1);
    expect(faultsActive()).toBe(false);
  });

  it("never applies to monitoring, health or internal routes", () => {
    for (const r of ["/api/monitoring/dashboard/", "/api/health/", "/api/health/ready/", "/api/internal/ip-blocks/", "/products/"]) {
      expect(isFaultableRoute(r)).toBe(false);
      expect(() => setFault({ route: r, mode: "error", rate: 1, durationSeconds: 60 })).toThrow();
    }
    expect(isFaultableRoute("/api/products/")).toBe(true);
  });

  it("injectFault throws a 500 ApiError in error mode, resolved by the route's params", async () => {
    setFault({ route: "/api/products/[id]/", mode: "error", rate: 1, durationSeconds: 60 });
    const req = new Request("http://localhost/api/products/7/");
    await expect(injectFault(req, { id: "7" })).rejects.toSatisfy((e) => e instanceof ApiError && e.status === 500);
    await expect(injectFault(new Request("http://localhost/api/products/"), {})).resolves.toBeUndefined();
  });
});
