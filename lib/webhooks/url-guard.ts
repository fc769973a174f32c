import { lookup as dnsLookup, Resolver as DnsResolver } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { env } from "@/lib/env";
import { validationError } from "@/lib/http/problem";
import { isAllowedAddress } from "./address-policy";
import { MAX_URL_LENGTH } from "./events";

/**
 * The SSRF guard of webhooks, applied when an endpoint is registered or changed AND before every delivery: the URL
 * must parse, be http(s) without credentials (https on port 443 or 8443 unless the development allowance is on),
 * must not name a metadata host, and EVERY address its host resolves to must be public (or, with the allowance,
 * loopback/private). DNS is resolved with a deadline, so a dead nameserver cannot hold a request or a worker.
 * The delivery then connects only to the addresses checked here (see pinnedLookup), so a DNS answer that changes
 * between the check and the connection (rebinding) cannot swap in a private address.
 */

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;
export type TargetCheck =
  { ok: true; url: URL; hostname: string; addresses: ResolvedAddress[] } | { ok: false; problems: string[] };

/** Cloud metadata services reachable by name (their addresses are refused by category as well). */
const METADATA_HOSTS = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
  "metadata.azure.com",
  "metadata.tencentyun.com",
]);

/**
 * The one answer for every refused address or host: a registrant learns nothing about internal DNS (which names
 * exist, what they resolve to, private or unknown).
 */
export const NOT_PUBLIC = "The URL must be a public internet address reachable by https.";
/** What a refused delivery attempt stores as its error (short: the owner reads it in the delivery log). */
export const REFUSED_AT_DELIVERY = "target_refused: not a public internet address reachable by https";

/** Ports a webhook may use (an empty port is https' 443); any port only under the development allowance. */
const ALLOWED_PORTS: ReadonlySet<string> = new Set(["", "443", "8443"]);

/** A promise that gives up after `ms` (the work it raced is abandoned, never awaited again). */
function withDeadline<T>(work: Promise<T>, ms: number, onLate?: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((_, reject) => {
    timer = setTimeout(() => {
      onLate?.();
      reject(Object.assign(new Error("DNS resolution timed out"), { code: "ETIMEOUT" }));
    }, ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Resolves A and AAAA with c-ares (not getaddrinfo, whose calls block libuv's few pool threads for as long as a
 * dead nameserver keeps them), one try per server, and gives up after `timeoutMs` overall.
 */
export function dnsResolver(timeoutMs: number, servers?: string[]): Resolver {
  return async (hostname) => {
    const resolver = new DnsResolver({ timeout: timeoutMs, tries: 1 });
    if (servers) resolver.setServers(servers);
    const [v4, v6] = await withDeadline(
      Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]),
      timeoutMs,
      () => resolver.cancel(),
    );
    if (v4.status === "rejected" && v6.status === "rejected") throw v4.reason;
    return [
      ...(v4.status === "fulfilled" ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
      ...(v6.status === "fulfilled" ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
    ];
  };
}

/** Development only: names that only the hosts file knows (localhost), with the same overall deadline. */
function hostsFileResolver(timeoutMs: number): Resolver {
  return async (hostname) => {
    const answers = await withDeadline(dnsLookup(hostname, { all: true, verbatim: true }), timeoutMs);
    return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  };
}

/** The allowance is read from configuration each time (tests switch it) and is never honoured in production. */
export function privateTargetsAllowed(): boolean {
  const e = env();
  return e.WEBHOOK_ALLOW_PRIVATE_TARGETS && !e.isProduction;
}

function syntaxProblems(url: URL, allowPrivate: boolean): string[] {
  const problems: string[] = [];
  if (url.protocol !== "https:" && url.protocol !== "http:") return ["Only http and https URLs are allowed."];
  if (url.protocol === "http:" && !allowPrivate) problems.push("The URL must use https.");
  if (url.username || url.password) problems.push("The URL must not contain a user name or password.");
  if (!allowPrivate && !ALLOWED_PORTS.has(url.port)) problems.push("The URL's port must be 443 or 8443.");
  // the normalised form is what is stored (IDN hosts become punycode, paths are percent-encoded: it can grow)
  if (url.href.length > MAX_URL_LENGTH)
    problems.push(`The URL must be at most ${MAX_URL_LENGTH} characters once normalised.`);
  return problems;
}

/** `[::1]` → `::1`, a trailing dot dropped: the name as the resolver and the metadata list see it. */
function bareHostname(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "")
    .toLowerCase();
}

async function resolveAll(
  hostname: string,
  resolvers: Resolver[],
  timeoutMs: number,
): Promise<ResolvedAddress[] | null> {
  const literal = isIP(hostname);
  if (literal) return [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  for (const resolver of resolvers) {
    try {
      const answers = await withDeadline(resolver(hostname), timeoutMs);
      if (answers.length) return answers;
    } catch {
      // unknown, refused or timed out: the next resolver, or "not public"
    }
  }
  return null;
}

type CheckOptions = { allowPrivate?: boolean; resolver?: Resolver; timeoutMs?: number };

function resolversFor(options: CheckOptions, allowPrivate: boolean, timeoutMs: number): Resolver[] {
  if (options.resolver) return [options.resolver];
  const dns = dnsResolver(timeoutMs);
  return allowPrivate ? [dns, hostsFileResolver(timeoutMs)] : [dns];
}

/** Checks a webhook target now; never throws, never waits longer than the DNS deadline. */
export async function checkWebhookTarget(raw: string, options: CheckOptions = {}): Promise<TargetCheck> {
  const allowPrivate = options.allowPrivate ?? privateTargetsAllowed();
  if (raw.length > MAX_URL_LENGTH)
    return { ok: false, problems: [`The URL must be at most ${MAX_URL_LENGTH} characters.`] };
  if (!URL.canParse(raw)) return { ok: false, problems: ["Enter a valid absolute URL."] };
  const url = new URL(raw);
  const problems = syntaxProblems(url, allowPrivate);
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problems };
  const hostname = bareHostname(url);
  if (!hostname || METADATA_HOSTS.has(hostname)) return { ok: false, problems: [...problems, NOT_PUBLIC] };
  const timeoutMs = options.timeoutMs ?? env().WEBHOOK_TIMEOUT_MS;
  const addresses = await resolveAll(hostname, resolversFor(options, allowPrivate, timeoutMs), timeoutMs);
  if (!addresses || addresses.some((a) => !isAllowedAddress(a.address, allowPrivate)))
    problems.push(NOT_PUBLIC);
  return problems.length || !addresses ? { ok: false, problems } : { ok: true, url, hostname, addresses };
}

/** Registration and changes: a refused URL is a 400 problem with `errors.url`. Returns the normalised URL. */
export async function assertWebhookUrlAllowed(raw: string, field = "url"): Promise<string> {
  const check = await checkWebhookTarget(raw);
  if (!check.ok)
    throw validationError(
      { [field]: check.problems },
      `This webhook URL is not allowed: ${check.problems[0]}`,
    );
  return check.url.href;
}

/**
 * The `lookup` given to http(s).request: answers only with the addresses checked before, and checks each again, so
 * the socket connects where the guard looked and nowhere else (no second DNS query that could be rebound).
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[], allowPrivate: boolean): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const usable = addresses.filter(
      (a) => isAllowedAddress(a.address, allowPrivate) && (wanted === 0 || a.family === wanted),
    );
    if (!usable.length) {
      const error: NodeJS.ErrnoException = new Error("no permitted address for this webhook host");
      error.code = "EWEBHOOKBLOCKED";
      callback(error, "", 0);
      return;
    }
    if (options.all)
      callback(
        null,
        usable.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, usable[0]!.address, usable[0]!.family);
  };
}
