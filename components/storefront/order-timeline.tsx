import type { SerializedOrder } from "@/lib/orders/serializers";

const WHEN = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

type Step = { label: string; at: string | null };

/** The order's steps with their times; steps not reached yet are listed without one, a cancelled order stops there. */
export function OrderTimeline({ order }: { order: SerializedOrder }) {
  const forward: Step[] = [
    { label: "Placed", at: order.created_at },
    { label: "Confirmed", at: order.confirmed_at },
    { label: "Shipped", at: order.shipped_at },
    { label: "Delivered", at: order.delivered_at },
  ];
  const steps: Step[] =
    order.status === "CANCELLED"
      ? [...forward.filter((s) => s.at), { label: "Cancelled", at: order.cancelled_at }]
      : order.status === "REFUNDED"
        ? [...forward, { label: "Refunded", at: order.refunded_at }]
        : forward;
  return (
    <ol aria-label="Order progress" className="space-y-2 text-sm">
      {steps.map((s) => (
        <li key={s.label} data-testid={`timeline-${s.label.toLowerCase()}`} className="flex items-center gap-3">
          <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${s.at ? "bg-brand-600" : "border border-slate-400"}`} />
          <span className={s.at ? "font-medium" : "text-slate-500"}>{s.label}</span>
          {s.at ? (
            <time dateTime={s.at} className="text-slate-600">
              {WHEN.format(new Date(s.at))} UTC
            </time>
          ) : (
            <span className="text-slate-400">Not yet</span>
          )}
        </li>
      ))}
    </ol>
  );
}
