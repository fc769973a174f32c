/**
 * The route pattern of a request (`/api/orders/[id]/cancel/`), never the concrete path: metric keys must stay few
 * whatever the clients send.
 *
 * 1. With the route's params (what Next.js matched): each param value is put back as its `[name]` segment, in the
 *    order Next lists them, a catch-all (`string[]`) as one `[...name]` segment. This is exact for real ids; a value
 *    that equals a static segment of the same route (`/api/products/products/`) may label the wrong segment, but
 *    the labels still come from the route, so cardinality stays bounded.
 * 2. Whatever is left (or everything, without params): numeric, UUID and long token-like segments become `[id]`.
 * Always a leading and a trailing slash (both `/api/x` and `/api/x/` answer), at most 8 segments, 200 characters.
 */
export type RouteParams = Record<string, string | string[] | undefined>;

const MAX_SEGMENTS = 8;
const MAX_LENGTH = 200;
const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// long opaque tokens: 16+ characters of id alphabet with at least one digit (slugs rarely qualify)
const TOKEN = /^(?=.*\d)[A-Za-z0-9_-]{16,}$/;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isLabel(segment: string): boolean {
  return segment.startsWith("[") && segment.endsWith("]");
}

function applyParams(segments: string[], params: RouteParams): string[] {
  const decoded = segments.map(decode);
  const out = [...segments];
  const replaced = new Array<boolean>(segments.length).fill(false);
  let from = 0;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const parts = Array.isArray(value) ? value : [value];
    if (!parts.length) continue;
    for (let i = from; i + parts.length <= segments.length; i++) {
      if (replaced[i] || !parts.every((p, k) => decoded[i + k] === p)) continue;
      out[i] = Array.isArray(value) ? `[...${name}]` : `[${name}]`;
      replaced[i] = true;
      for (let k = 1; k < parts.length; k++) {
        out[i + k] = "";
        replaced[i + k] = true;
      }
      from = i + parts.length;
      break;
    }
  }
  return out.filter((s, i) => s !== "" || !replaced[i]);
}

export function routePattern(pathname: string, params?: RouteParams): string {
  let segments = pathname.split("/").filter(Boolean);
  if (params && Object.keys(params).length) segments = applyParams(segments, params);
  segments = segments.map((s) => {
    if (isLabel(s)) return s;
    const d = decode(s);
    return NUMERIC.test(d) || UUID.test(d) || TOKEN.test(d) ? "[id]" : s;
  });
  if (segments.length > MAX_SEGMENTS) segments = [...segments.slice(0, MAX_SEGMENTS - 1), "[...rest]"];
  const pattern = segments.length ? `/${segments.join("/")}/` : "/";
  return pattern.length <= MAX_LENGTH ? pattern : `${pattern.slice(0, MAX_LENGTH - 4)}…/`;
}
