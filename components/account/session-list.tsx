import { RevokeSessionButton } from "./revoke-session-button";

export type SessionItem = {
  id: string;
  kind: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string;
  is_current: boolean;
};

const WHEN = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{WHEN.format(new Date(iso))} UTC</time>;
}

/** The user's live sessions, browser and API, this device marked; each with its own Revoke button. */
export function SessionList({ sessions }: { sessions: SessionItem[] }) {
  if (!sessions.length) return <p className="mt-3 text-sm text-slate-600">No live sessions.</p>;
  return (
    <ul aria-label="Live sessions" className="mt-3 divide-y divide-slate-200">
      {sessions.map((s) => (
        <li key={s.id} aria-labelledby={`session-${s.id}`} className="flex flex-wrap items-start justify-between gap-3 py-3">
          <div className="min-w-0 text-sm">
            <p id={`session-${s.id}`} className="font-medium">
              {s.kind === "api" ? "API session" : "Browser session"}
              {s.is_current && <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800">This device</span>}
            </p>
            <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-4 text-slate-600">
              <dt>IP address</dt>
              <dd>{s.ip ?? "unknown"}</dd>
              <dt>Browser</dt>
              <dd className="break-all">{s.user_agent || "unknown"}</dd>
              <dt>Signed in</dt>
              <dd>
                <When iso={s.created_at} />
              </dd>
              <dt>Last seen</dt>
              <dd>
                <When iso={s.last_seen_at} />
              </dd>
            </dl>
          </div>
          <RevokeSessionButton sessionId={s.id} current={s.is_current} />
        </li>
      ))}
    </ul>
  );
}
