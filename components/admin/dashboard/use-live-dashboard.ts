"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Dashboard, RangeName } from "./types";

/**
 * Keeps the dashboard live: an EventSource on /api/monitoring/stream/ (each `dashboard` event replaces the data),
 * reconnected with a growing delay when it drops; after a few failed attempts in a row, a poll of GET /dashboard/
 * every 10 s instead (the stream is tried again now and then). `end` closes the stream: a lifetime end reconnects at
 * once, a lost session or permission stops everything and says so. Never a page reload.
 */
export type LiveStatus =
  | { state: "connecting" }
  | { state: "live" }
  | { state: "reconnecting"; inSeconds: number }
  | { state: "polling" }
  | { state: "stopped"; detail: string };

const POLL_MS = 10_000;
const STREAM_RETRY_WHILE_POLLING_MS = 60_000;
const MAX_STREAM_FAILURES = 3;
const backoffMs = (failures: number) => Math.min(30_000, 1000 * 2 ** (failures - 1));

function isDashboard(v: unknown, range: RangeName): v is Dashboard {
  if (!v || typeof v !== "object") return false;
  const d = v as Partial<Dashboard>;
  return typeof d.generated_at === "string" && d.trends?.range === range && typeof d.metrics_summary === "object";
}

export function useLiveDashboard(initial: Dashboard | null, range: RangeName) {
  const [data, setData] = useState<Dashboard | null>(initial);
  // the status of the stream for one range: a range just chosen is "connecting" until its stream says otherwise
  const [tagged, setTagged] = useState<{ range: RangeName; status: LiveStatus }>({ range, status: { state: "connecting" } });
  const rangeRef = useRef(range);
  const stoppedRef = useRef(false);

  /** Newer data of the current range only: a late answer for an old range, or an older read, is dropped. */
  const accept = useCallback((next: unknown) => {
    if (!isDashboard(next, rangeRef.current)) return;
    setData((prev) => (prev && prev.trends.range === next.trends.range && prev.generated_at > next.generated_at ? prev : next));
  }, []);

  const setStatus = useCallback((status: LiveStatus) => setTagged({ range: rangeRef.current, status }), []);
  const stop = useCallback(
    (detail: string) => {
      stoppedRef.current = true;
      setStatus({ state: "stopped", detail });
    },
    [setStatus],
  );

  /** One read of GET /dashboard/ (after a button, on a range change while polling, and for the poll itself). */
  const refresh = useCallback(async (): Promise<boolean> => {
    if (stoppedRef.current) return false;
    try {
      const res = await fetch(`/api/monitoring/dashboard/?range=${encodeURIComponent(rangeRef.current)}`, { cache: "no-store", headers: { accept: "application/json" } });
      if (res.status === 401) stop("Your session has ended. Sign in again to keep watching.");
      else if (res.status === 403) stop("You no longer have permission to read monitoring.");
      if (!res.ok) return false;
      accept(await res.json());
      return true;
    } catch {
      return false;
    }
  }, [accept, stop]);

  useEffect(() => {
    rangeRef.current = range;
    stoppedRef.current = false;
    let source: EventSource | null = null;
    let failures = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let pollTimer: ReturnType<typeof setInterval> | undefined;
    let disposed = false;

    const closeStream = () => {
      source?.close();
      source = null;
    };
    const startPolling = () => {
      if (pollTimer || disposed) return;
      setStatus({ state: "polling" });
      void refresh();
      pollTimer = setInterval(() => void refresh(), POLL_MS);
    };
    const stopPolling = () => {
      clearInterval(pollTimer);
      pollTimer = undefined;
    };
    function connect() {
      if (disposed || stoppedRef.current) return;
      closeStream();
      const es = new EventSource(`/api/monitoring/stream/?range=${encodeURIComponent(range)}`);
      source = es;
      es.addEventListener("dashboard", (event) => {
        failures = 0;
        stopPolling();
        clearTimeout(retryTimer);
        setStatus({ state: "live" });
        try {
          accept(JSON.parse((event as MessageEvent<string>).data));
        } catch {
          // a malformed event is skipped; the next one replaces it
        }
      });
      es.addEventListener("end", (event) => {
        closeStream();
        let code = "";
        let detail = "The live stream ended.";
        try {
          const body = JSON.parse((event as MessageEvent<string>).data) as { code?: unknown; detail?: unknown };
          code = typeof body.code === "string" ? body.code : "";
          if (typeof body.detail === "string") detail = body.detail;
        } catch {
          // keep the generic words
        }
        if (code === "lifetime") connect();
        else stop(detail);
      });
      es.onerror = () => {
        // also a refusal (401/403) or a server restart: handled here rather than by the browser's own retry
        closeStream();
        if (disposed || stoppedRef.current) return;
        failures++;
        if (failures >= MAX_STREAM_FAILURES) {
          startPolling();
          retryTimer = setTimeout(connect, STREAM_RETRY_WHILE_POLLING_MS);
          return;
        }
        const wait = backoffMs(failures);
        setStatus({ state: "reconnecting", inSeconds: Math.round(wait / 1000) });
        retryTimer = setTimeout(connect, wait);
      };
    }

    connect();
    return () => {
      disposed = true;
      closeStream();
      clearTimeout(retryTimer);
      stopPolling();
    };
  }, [range, accept, refresh, stop, setStatus]);

  const status: LiveStatus = tagged.range === range ? tagged.status : { state: "connecting" };
  return { data, status, refresh };
}
