import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AuditTable } from "@/components/admin/audit/audit-table";
import { VerifyPanel } from "@/components/admin/audit/verify-panel";
import { serializeAuditEntry, serializeChainReport } from "./serializers";

const hostile = "<img src=x onerror=alert(1)>";

describe("the admin audit components render every value as text", () => {
  it("escapes a hostile user agent, metadata, target and request id", () => {
    const entry = serializeAuditEntry({
      id: 5,
      occurredAt: new Date("2026-01-31T12:00:00.000Z"),
      actorUserId: 3,
      actorEmail: `${hostile}@x.test`,
      action: "LOGIN_FAILED",
      targetType: "USER",
      targetId: hostile,
      result: "FAILURE",
      ip: "192.0.2.1",
      userAgent: hostile,
      requestId: "req-1",
      metadata: { note: `</code><script>alert(1)</script>` },
      hash: "a".repeat(64),
      prevHash: "0".repeat(64),
    });
    const html = renderToStaticMarkup(createElement(AuditTable, { entries: [entry], filterHref: (k: string, v: string) => `/admin/audit?${k}=${v}` }));
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("FAILURE");
    expect(html).toContain('dateTime="2026-01-31T12:00:00.000Z"');
  });

  it("names the broken rows in the verify panel", () => {
    const report = serializeChainReport({ ok: false, checked: 9, broken: [{ id: 4, reason: "content_changed" }, { id: 7, reason: "link_broken" }] }, 0);
    const html = renderToStaticMarkup(createElement(VerifyPanel, { report, filters: { action: hostile } }));
    expect(html).toContain("row #4: content changed");
    expect(html).toContain("row #7: link to the previous row broken");
    expect(html).toContain("(first: #4)");
    expect(html).not.toContain("<img");
  });
});
