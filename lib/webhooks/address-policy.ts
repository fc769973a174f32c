import { BlockList, isIP } from "node:net";

/**
 * Which IP addresses a webhook may reach. Every address is put in one category; only "public" is reachable by
 * default, and the development allowance (WEBHOOK_ALLOW_PRIVATE_TARGETS) adds loopback, private and shared (CGNAT)
 * ranges — never link-local, metadata, multicast or reserved ones.
 */
export type AddressCategory =
  | "public"
  | "loopback"
  | "private"
  | "shared"
  | "link-local"
  | "metadata"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "reserved";

export const DEV_ALLOWED: ReadonlySet<AddressCategory> = new Set(["loopback", "private", "shared"]);

type Range = [address: string, prefix: number];

/** Most specific first: the first list that holds the address names its category. */
const RANGES: [AddressCategory, Range[], Range[]][] = [
  // AWS/GCP/Azure (IPv4 169.254.169.254 is also link-local), AWS IPv6, Alibaba, Azure wire server
  [
    "metadata",
    [
      ["169.254.169.254", 32],
      ["169.254.170.2", 32],
      ["100.100.100.200", 32],
      ["168.63.129.16", 32],
    ],
    [["fd00:ec2::254", 128]],
  ],
  ["broadcast", [["255.255.255.255", 32]], []],
  ["unspecified", [["0.0.0.0", 8]], [["::", 128]]],
  ["loopback", [["127.0.0.0", 8]], [["::1", 128]]],
  ["link-local", [["169.254.0.0", 16]], [["fe80::", 10]]],
  [
    "private",
    [
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
    ],
    [["fc00::", 7]],
  ],
  ["shared", [["100.64.0.0", 10]], []],
  ["multicast", [["224.0.0.0", 4]], [["ff00::", 8]]],
  [
    "documentation",
    [
      ["192.0.2.0", 24],
      ["198.51.100.0", 24],
      ["203.0.113.0", 24],
    ],
    [
      ["2001:db8::", 32],
      ["3fff::", 20],
    ],
  ],
  [
    "reserved",
    [
      ["192.0.0.0", 24],
      ["192.88.99.0", 24],
      ["198.18.0.0", 15],
      ["240.0.0.0", 4],
    ],
    // IPv4-compatible, NAT64, discard, Teredo, ORCHID, 6to4, deprecated site-local: tunnels and oddities that can
    // lead to an internal IPv4 address or nowhere useful
    [
      ["::", 96],
      ["64:ff9b::", 96],
      ["64:ff9b:1::", 48],
      ["100::", 64],
      ["2001::", 32],
      ["2001:10::", 28],
      ["2001:20::", 28],
      ["2002::", 16],
      ["fec0::", 10],
    ],
  ],
];

function blockList(v4: Range[], v6: Range[]): BlockList {
  const list = new BlockList();
  for (const [a, p] of v4) list.addSubnet(a, p, "ipv4");
  for (const [a, p] of v6) list.addSubnet(a, p, "ipv6");
  return list;
}

const LISTS = RANGES.map(([category, v4, v6]) => [category, blockList(v4, v6)] as const);
const GLOBAL_UNICAST_V6 = blockList([], [["2000::", 3]]);
const MAPPED_V6 = blockList([], [["::ffff:0:0", 96]]);

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail included), or null. */
export function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1]!.split(".").map(Number);
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...new Array<string>(fill).fill("0"), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d, any spelling) as its IPv4 address; anything else unchanged. */
export function unmapAddress(address: string): string {
  const bare = address.split("%")[0]!;
  if (isIP(bare) !== 6 || !MAPPED_V6.check(bare, "ipv6")) return bare;
  const groups = ipv6Groups(bare);
  if (!groups) return bare;
  const [hi = 0, lo = 0] = groups.slice(6);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
}

/** The category of an IP address (zone ids ignored, IPv4-mapped IPv6 judged as its IPv4 address); null if not an IP. */
export function classifyAddress(raw: string): AddressCategory | null {
  const address = unmapAddress(raw);
  const family = isIP(address);
  if (family === 0) return null;
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const [category, list] of LISTS) if (list.check(address, type)) return category;
  if (family === 6 && !GLOBAL_UNICAST_V6.check(address, "ipv6")) return "reserved";
  return "public";
}

export function isAllowedAddress(address: string, allowPrivate: boolean): boolean {
  const category = classifyAddress(address);
  return category === "public" || (allowPrivate && category !== null && DEV_ALLOWED.has(category));
}
