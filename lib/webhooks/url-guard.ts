import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { env } from "@/lib/env";
import { validationError } from "@/lib/http/problem";
import { categoryLabel, classifyAddress, isAllowedAddress, unmapAddress } from "./address-policy";
import { MAX_URL_LENGTH } from "./events";

/**
 * The SSRF guard of webhooks, applied when an endpoint is registered or changed AND before every delivery: the URL
 * must parse, be http(s) without credentials (https unless the development allowance is on), must not name a
 * metadata host, and EVERY address its host resolves to must be public (or, with the allowance, loopback/private).
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

const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

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
  return problems;
}

/** `[::1]` → `::1`, a trailing dot dropped: the name as the resolver and the metadata list see it. */
function bareHostname(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "")
    .toLowerCase();
}

async function resolveAll(hostname: string, resolver: Resolver): Promise<ResolvedAddress[] | null> {
  const literal = isIP(hostname);
  if (literal) return [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  try {
    const answers = await resolver(hostname);
    return answers.length ? answers : null;
  } catch {
    return null;
  }
}

function addressProblems(hostname: string, addresses: ResolvedAddress[], allowPrivate: boolean): string[] {
  const refused = addresses.filter((a) => !isAllowedAddress(a.address, allowPrivate));
  return refused.map((a) => {
    const category = classifyAddress(a.address) ?? "reserved";
    const shown = unmapAddress(a.address);
    const via = shown === hostname ? "" : ` resolves to ${shown}, which is`;
    return `${hostname}${via || " is"} ${categoryLabel(category)}: webhooks may not reach it.`;
  });
}

/** Checks a webhook target now; never throws. All problems are reported, not only the first. */
export async function checkWebhookTarget(
  raw: string,
  options: { allowPrivate?: boolean; resolver?: Resolver } = {},
): Promise<TargetCheck> {
  const allowPrivate = options.allowPrivate ?? privateTargetsAllowed();
  if (raw.length > MAX_URL_LENGTH)
    return { ok: false, problems: [`The URL must be at most ${MAX_URL_LENGTH} characters.`] };
  if (!URL.canParse(raw)) return { ok: false, problems: ["Enter a valid absolute URL."] };
  const url = new URL(raw);
  const problems = syntaxProblems(url, allowPrivate);
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problems };
  const hostname = bareHostname(url);
  if (!hostname) return { ok: false, problems: [...problems, "The URL needs a host."] };
  if (METADATA_HOSTS.has(hostname))
    return {
      ok: false,
      problems: [...problems, `${hostname} is a cloud metadata service: webhooks may not reach it.`],
    };
  const addresses = await resolveAll(hostname, options.resolver ?? systemResolver);
  if (!addresses)
    return { ok: false, problems: [...problems, `The host name ${hostname} could not be resolved.`] };
  problems.push(...addressProblems(hostname, addresses, allowPrivate));
  return problems.length ? { ok: false, problems } : { ok: true, url, hostname, addresses };
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
