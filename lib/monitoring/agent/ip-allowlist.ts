import { normalizeIp } from "@/lib/security/client-ip";

/** Loopback is always allow-listed: the agent never blocks the machine's own traffic (health checks, the middleware). */
const ALWAYS = ["127.0.0.0/8", "::1/128"];

type Parsed = { value: bigint; bits: 32 | 128 };

function parseIp(text: string): Parsed | null {
  const ip = normalizeIp(text);
  if (!ip) return null;
  if (!ip.includes(":")) return { value: ip.split(".").reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n), bits: 32 };
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = ip.includes("::") ? [...left, ...new Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  if (groups.length !== 8) return null;
  return { value: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

/** Whether `ip` is in one of the entries (an address or a CIDR range), loopback always included. Bad entries never match. */
export function isAllowListed(ip: string, entries: readonly string[]): boolean {
  const addr = parseIp(ip);
  if (!addr) return false;
  for (const entry of [...ALWAYS, ...entries]) {
    const [base = "", prefixText] = entry.split("/");
    const net = parseIp(base);
    if (!net || net.bits !== addr.bits) continue;
    const prefix = prefixText === undefined ? net.bits : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > net.bits) continue;
    const shift = BigInt(net.bits - prefix);
    if (addr.value >> shift === net.value >> shift) return true;
  }
  return false;
}
