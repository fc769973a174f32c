import type { Metadata } from "next";
import { Badge } from "@/components/admin/users/badges";
import { Forbidden } from "@/components/forbidden";
import { requirePermission } from "@/lib/auth/page-principal";
import { managesAllWebhooks } from "@/lib/webhooks/access";
import { EVENT_DESCRIPTIONS, MAX_ENDPOINTS_PER_OWNER, WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { listDeliveries, listEndpoints } from "@/lib/webhooks/queries";
import type { DeliveryRow, EndpointRow } from "@/lib/webhooks/serializers";
import { EndpointControls } from "./endpoint-controls-client";
import { NewEndpointForm } from "./new-endpoint-client";
import { RedeliverButton } from "./redeliver-button-client";

export const metadata: Metadata = { title: "Webhooks · Seller" };

const RECENT = 10;
const STATUS_TONE = { succeeded: "green", failed: "red", pending: "amber" } as const;
const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");

function Deliveries({ endpoint, rows }: { endpoint: EndpointRow; rows: DeliveryRow[] }) {
  if (!rows.length) return <p className="mt-3 text-sm text-slate-600">No deliveries yet.</p>;
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Recent deliveries to {endpoint.url}</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="px-2 py-1">
              Event
            </th>
            <th scope="col" className="px-2 py-1">
              Status
            </th>
            <th scope="col" className="px-2 py-1">
              Attempts
            </th>
            <th scope="col" className="px-2 py-1">
              Last answer
            </th>
            <th scope="col" className="px-2 py-1">
              Queued
            </th>
            <th scope="col" className="px-2 py-1">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} className="border-b border-slate-100 align-top">
              <td className="px-2 py-1 font-mono text-xs">{d.eventType}</td>
              <td className="px-2 py-1">
                <Badge tone={STATUS_TONE[d.status as keyof typeof STATUS_TONE] ?? "slate"}>{d.status}</Badge>
                {d.status === "pending" && d.attemptCount > 0 ? (
                  <span className="block text-xs text-slate-500">next try {when(d.nextAttemptAt)}</span>
                ) : null}
              </td>
              <td className="px-2 py-1 tabular-nums">{d.attemptCount}</td>
              <td className="px-2 py-1 text-xs">
                {d.lastResponseStatus !== null ? `HTTP ${d.lastResponseStatus}` : (d.lastError ?? "—")}
              </td>
              <td className="px-2 py-1 text-xs whitespace-nowrap">{when(d.createdAt)}</td>
              <td className="px-2 py-1">
                {endpoint.isActive ? (
                  <RedeliverButton
                    id={endpoint.id}
                    deliveryId={d.id}
                    label={`Re-send ${d.eventType} queued ${when(d.createdAt)}`}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EndpointCard({
  endpoint,
  deliveries,
  showOwner,
}: {
  endpoint: EndpointRow;
  deliveries: DeliveryRow[];
  showOwner: boolean;
}) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="break-all font-mono text-sm font-semibold">{endpoint.url}</h3>
        {endpoint.isActive ? <Badge tone="green">Enabled</Badge> : <Badge tone="slate">Disabled</Badge>}
      </div>
      {endpoint.description ? <p className="mt-1 text-sm text-slate-700">{endpoint.description}</p> : null}
      <p className="mt-1 text-xs text-slate-500">
        Events: {endpoint.events.join(", ")} · secret rotated {when(endpoint.secretRotatedAt)}
        {showOwner ? ` · owner ${endpoint.ownerEmail}` : ""}
      </p>
      <EndpointControls id={endpoint.id} url={endpoint.url} isActive={endpoint.isActive} />
      <h4 className="mt-3 text-sm font-semibold">Recent deliveries</h4>
      <Deliveries endpoint={endpoint} rows={deliveries} />
    </li>
  );
}

/** Webhook endpoints of the signed-in seller (an administrator: everyone's), with their recent deliveries. */
export default async function SellerWebhooksPage() {
  const principal = await requirePermission("/seller/webhooks", "webhooks:manage");
  if (!principal) return <Forbidden />;
  const { count, rows } = await listEndpoints(principal, { page: 1, page_size: 50 });
  const recent = await Promise.all(
    rows.map(async (e) => (await listDeliveries(principal, e.id, { page: 1, page_size: RECENT })).rows),
  );
  const showOwner = managesAllWebhooks(principal);
  return (
    <div>
      <h1 className="text-2xl font-bold">Webhooks</h1>
      <p className="mt-1 text-sm text-slate-600">
        Signed HTTP notifications of your orders, stock and reviews, retried with backoff until your endpoint
        answers 2xx. Up to {MAX_ENDPOINTS_PER_OWNER} endpoints.
      </p>
      <NewEndpointForm
        events={WEBHOOK_EVENTS.map((name) => ({ name, description: EVENT_DESCRIPTIONS[name] }))}
      />
      <h2 className="mt-8 text-lg font-semibold">{showOwner ? "All endpoints" : "Your endpoints"}</h2>
      <p className="text-sm text-slate-600" aria-live="polite">
        {count} {count === 1 ? "endpoint" : "endpoints"}
        {count > rows.length ? ` (the newest ${rows.length} shown)` : ""}
      </p>
      {rows.length ? (
        <ul className="mt-3 flex flex-col gap-4">
          {rows.map((e, i) => (
            <EndpointCard key={e.id} endpoint={e} deliveries={recent[i] ?? []} showOwner={showOwner} />
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-slate-600">No endpoints yet.</p>
      )}
    </div>
  );
}
