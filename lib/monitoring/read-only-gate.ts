import { ApiError } from "@/lib/http/problem";
import { readOnlyMode, type ReadOnlyState } from "./agent/actions/read-only";

/**
 * The read-only switch as writes see it: an approved read_only_mode action (lib/monitoring/agent/actions/read-only.ts)
 * makes every write answer 503 until it expires or is undone. Read from the database at most every 2 s per process,
 * so a write costs no query; an approval or an undo takes effect within that.
 */
const TTL_MS = 2000;
let cached: { state: ReadOnlyState; at: number } | null = null;

async function currentState(): Promise<ReadOnlyState> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.state;
  try {
    cached = { state: await readOnlyMode(), at: Date.now() };
  } catch {
    // the database is unreachable: the write fails on its own; the switch never turns a read error into a refusal
    cached = { state: { active: false, until: null, actionId: null, reason: null }, at: Date.now() };
  }
  return cached.state;
}

/**
 * Paths that stay writable in read-only mode: signing in and out (password, tokens, passkeys) and the monitoring
 * console (an admin must be able to undo the switch itself), an admin's user actions (unlock, revoke sessions,
 * deactivate: incident response), and the middleware's internal reports. Registration,
 * profile, password, second-factor and user/role changes are writes like any other.
 */
export const READ_ONLY_EXEMPT = /^\/api\/(auth\/(login|logout|token|token\/refresh|token\/verify|webauthn\/authenticate\/(start|complete))\/?$|auth\/users\/|monitoring\/|internal\/)/;

/** Throws 503 with Retry-After while the shop is read-only. */
export async function assertWritable(): Promise<void> {
  const state = await currentState();
  if (!state.active) return;
  const retryAfter = state.until ? Math.max(1, Math.ceil((Date.parse(state.until) - Date.now()) / 1000)) : 60;
  throw new ApiError("service_unavailable", `The shop is in read-only mode until ${state.until ?? "an admin lifts it"}: reading works, changes are refused for now.`, {
    headers: { "retry-after": String(retryAfter) },
    extensions: { read_only_until: state.until },
  });
}

/** Tests: forget the cached state. */
export function resetReadOnlyCache(): void {
  cached = null;
}
