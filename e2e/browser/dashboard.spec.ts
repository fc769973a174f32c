import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { DEMO_PASSWORD, signIn } from "../helpers/auth";

const ADMIN = "admin@example.com";
const CUSTOMER = "customer@example.com";
/** The credential-stuffing client: an address of its own (TEST-NET-3), never the test's. */
const ATTACKER_IP = "203.0.113.77";
const FAULTED_ROUTE = "/api/products/";
/** Every monitoring read a customer must be refused (faults/ too: FAULT_INJECTION=1 on the e2e server). */
const MONITORING_READS = ["dashboard/", "dashboard/?range=7d", "metrics/", "alerts/", "incidents/", "ai-actions/", "health/", "stream/", "faults/"];

/** An API bearer token for a demo account (POST /api/auth/token/). */
async function bearer(request: APIRequestContext, email: string): Promise<Record<string, string>> {
  const res = await request.post("/api/auth/token/", { data: { email, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return { authorization: `Bearer ${(await res.json()).access}` };
}

/** The number a tile shows ("12.5 %", "1,234", "85 ms" → 12.5, 1234, 85); NaN for "—". */
async function tileNumber(page: Page, id: string): Promise<number> {
  const text = (await page.getByTestId(`tile-${id}-value`).textContent()) ?? "";
  return Number(text.replace(/[^0-9.]/g, "") || Number.NaN);
}

/**
 * Clicks "Run monitoring now" until a cycle reports completion (a cycle of the agent's own loop may hold the lock:
 * the form then shows the 409's reason and the click is repeated). The form counts its answers (data-outcomes),
 * so each wait is for this click's answer, not an earlier one.
 */
async function runMonitoring(page: Page): Promise<void> {
  const form = page.getByRole("form", { name: "Run monitoring" });
  await expect(async () => {
    const seen = Number(await form.getAttribute("data-outcomes"));
    await form.getByRole("button", { name: "Run monitoring now" }).click();
    await expect(form).toHaveAttribute("data-outcomes", String(seen + 1), { timeout: 20_000 });
    await expect(form.getByRole("status")).toContainText("Monitoring cycle completed", { timeout: 1_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000, 3_000] });
}

function byData(page: Page, testId: string, attr: string, id: string): Locator {
  return page.locator(`[data-testid="${testId}"][${attr}="${id}"]`);
}

test.describe.configure({ timeout: 180_000 });

test("the admin watches /admin live: traffic and failures move the tiles and charts, alerts are handled, an agent action is undone", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const admin = await bearer(request, ADMIN);
  const attacker = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": ATTACKER_IP } });
  try {
    await signIn(page, ADMIN, DEMO_PASSWORD);
    // the header's Admin link leads an admin with monitoring:read to the dashboard, first in the admin menu
    await page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Admin" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link").first()).toHaveText("Dashboard");
    await expect(page.getByRole("heading", { level: 1, name: "Monitoring" })).toBeVisible();
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live", { timeout: 20_000 });

    // from here on the page is never reloaded: every change below arrives through the stream or the buttons
    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    await page.evaluate(() => ((window as unknown as { dashboardMark: string }).dashboardMark = "same-document"));

    const requestsCaption = page.getByTestId("chart-requests-caption");
    const rpmBefore = await page.getByTestId("tile-requests-per-minute-value").textContent();
    const captionBefore = await requestsCaption.textContent();

    // traffic: successful catalogue reads
    for (let i = 0; i < 15; i++) {
      expect((await request.get(`${FAULTED_ROUTE}?page_size=1&page=${i + 1}`, { headers: admin })).status()).toBe(200);
    }
    await expect(page.getByTestId("tile-requests-per-minute-value")).not.toHaveText(rpmBefore ?? "", { timeout: 30_000 });
    await expect(requestsCaption).not.toHaveText(captionBefore ?? "", { timeout: 30_000 });
    await expect(page.getByTestId("chart-requests").locator("svg .recharts-line").first()).toBeVisible();

    // failures: the catalogue answers 500 while the fault is on
    const fault = await request.post("/api/monitoring/faults/", { headers: admin, data: { route: FAULTED_ROUTE, mode: "error", rate: 1, duration_seconds: 60 } });
    expect(fault.status(), await fault.text()).toBe(201);
    for (let i = 0; i < 25; i++) {
      expect((await request.get(`${FAULTED_ROUTE}?page_size=1`, { headers: admin })).status()).toBe(500);
    }
    await expect.poll(() => tileNumber(page, "error-rate"), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
    await expect(requestsCaption).not.toContainText(" 0 server errors", { timeout: 30_000 });

    // the agent sees it: an error-rate alert with its evidence, which the admin acknowledges and then resolves
    await runMonitoring(page);
    const errorAlert = page
      .getByTestId("alert")
      .filter({ hasText: /Error rate (warning|critical)/ })
      .filter({ has: page.getByTestId("alert-status").getByText("active", { exact: true }) })
      .first();
    await expect(errorAlert).toBeVisible({ timeout: 15_000 });
    const alertId = (await errorAlert.getAttribute("data-alert-id"))!;
    const alert = byData(page, "alert", "data-alert-id", alertId);
    await expect(alert).toContainText("error_rate_5xx_percent"); // evidence: metric, value, threshold, window as text
    await expect(alert).toContainText("threshold");
    await expect(alert).toContainText("window");
    await alert.getByRole("button", { name: "Acknowledge" }).click();
    await expect(alert.getByTestId("alert-status")).toHaveText("acknowledged");
    await expect(alert.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
    await alert.getByRole("button", { name: "Resolve" }).click();
    await expect(alert.getByTestId("alert-status")).toHaveText("resolved");
    await expect(alert.getByRole("button")).toHaveCount(0);

    // credential stuffing: one address fails against six accounts → the agent blocks it
    const stamp = Date.now();
    for (let i = 0; i < 6; i++) {
      const res = await attacker.post("/api/auth/login/", { data: { email: `stuffed-${i}-${stamp}@example.com`, password: `Leaked-Password-${i}!` } });
      expect(res.status()).toBe(401);
    }
    await runMonitoring(page);
    const block = page.getByTestId("agent-action").filter({ hasText: "block ip" }).filter({ hasText: `target ${ATTACKER_IP}` }).first();
    await expect(block).toBeVisible({ timeout: 15_000 });
    await expect(block.getByTestId("action-status")).toHaveText("completed");
    await expect(block).toContainText("different accounts"); // the explanation, in words
    await expect(block).toContainText("distinct_accounts_failed_from_ip"); // the evidence
    await expect(page.getByTestId("blocked-ip").filter({ hasText: ATTACKER_IP })).toBeVisible();
    await expect.poll(() => tileNumber(page, "blocked-ips"), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const incident = page.getByTestId("incident").filter({ hasText: `Attack from ${ATTACKER_IP}` });
    await expect(incident.getByRole("list", { name: /Timeline of incident/ }).getByRole("listitem").first()).toBeVisible();

    const actionId = (await block.getAttribute("data-action-id"))!;
    const action = byData(page, "agent-action", "data-action-id", actionId);
    await action.getByRole("button", { name: "Undo" }).click();
    await expect(action.getByTestId("action-status")).toHaveText("undone");
    await expect(action.getByRole("button", { name: "Undo" })).toHaveCount(0);
    await expect(page.getByTestId("blocked-ip").filter({ hasText: ATTACKER_IP })).toHaveCount(0);

    // the range switch re-reads the series over 24 h and 7 d in place
    const ranges = page.getByRole("group", { name: "Time range" });
    await ranges.getByRole("button", { name: "7 d" }).click();
    await expect(ranges.getByRole("button", { name: "7 d" })).toHaveAttribute("aria-pressed", "true");
    await expect(requestsCaption).toContainText("Over the last 7 days:", { timeout: 15_000 });
    await expect(requestsCaption).not.toContainText(" 0 requests");
    await ranges.getByRole("button", { name: "24 h" }).click();
    await expect(requestsCaption).toContainText("Over the last 24 hours:", { timeout: 15_000 });
    await ranges.getByRole("button", { name: "1 h" }).click();
    await expect(requestsCaption).toContainText("Over the last hour:", { timeout: 15_000 });

    expect(navigations).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { dashboardMark?: string }).dashboardMark)).toBe("same-document");
  } finally {
    const cleared = await request.delete("/api/monitoring/faults/", { headers: admin });
    expect(cleared.status(), await cleared.text()).toBe(200);
    await attacker.dispose();
  }
});

test("when the stream keeps dropping, the dashboard falls back to polling and stays current", async ({ page }) => {
  // every stream connection closes at once without an event: to the page, a stream that keeps failing
  await page.route(/\/api\/monitoring\/stream\//, (route) => route.fulfill({ status: 200, contentType: "text/event-stream", body: "" }));
  await signIn(page, ADMIN, DEMO_PASSWORD);
  await page.goto("/admin");
  const status = page.getByTestId("live-status");
  await expect(status).toHaveAttribute("data-state", "polling", { timeout: 20_000 });
  await expect(status).toHaveText("Stream unavailable: refreshing every 10 s");
  const updated = page.getByTestId("generated-at");
  const before = await updated.textContent();
  await expect(updated).not.toHaveText(before ?? "", { timeout: 25_000 });
});

test("a customer gets 403 content on /admin and 403 from every monitoring endpoint", async ({ page, request }) => {
  const customer = await bearer(request, CUSTOMER);
  for (const path of MONITORING_READS) {
    const res = await request.get(`/api/monitoring/${path}`, { headers: customer });
    expect(res.status(), path).toBe(403);
    expect(res.headers()["content-type"], path).toBe("application/problem+json");
  }
  const trigger = await request.post("/api/monitoring/ai-actions/trigger_monitoring/", { headers: customer, data: {} });
  expect(trigger.status()).toBe(403);

  await signIn(page, CUSTOMER, DEMO_PASSWORD);
  await expect(page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("403 — Forbidden");
  await expect(page.getByTestId("live-status")).toHaveCount(0);
  await expect(page.getByText("Run monitoring now")).toHaveCount(0);
  // the browser's own session is refused the same way
  for (const path of MONITORING_READS) {
    expect((await page.request.get(`/api/monitoring/${path}`)).status(), path).toBe(403);
  }
});
