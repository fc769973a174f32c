import { formatDateTime } from "./format";

const TONES = {
  green: "bg-emerald-100 text-emerald-900",
  red: "bg-rose-100 text-rose-900",
  amber: "bg-amber-100 text-amber-900",
  slate: "bg-slate-200 text-slate-800",
} as const;

export function Badge({ tone, children, title }: { tone: keyof typeof TONES; children: React.ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${TONES[tone]}`}>
      {children}
    </span>
  );
}

export function ActiveBadge({ isActive }: { isActive: boolean }) {
  return isActive ? <Badge tone="green">Active</Badge> : <Badge tone="slate">Deactivated</Badge>;
}

export function LockBadge({ isLocked, lockedUntil }: { isLocked: boolean; lockedUntil: string | null }) {
  if (!isLocked) return <Badge tone="green">Not locked</Badge>;
  return (
    <Badge tone="red" title={`Locked until ${formatDateTime(lockedUntil)}`}>
      Locked until {formatDateTime(lockedUntil)}
    </Badge>
  );
}
