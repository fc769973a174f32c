// Before measuring the commerce targets: each answers as it should, the bare route answers exactly as many bytes as
// a list page, and both GET targets went through the same API middleware (same CSP, same rate-limit policy).
import type { Customer } from "./commerce-setup";

export type CommercePaths = {
  list: string;
  bare: string;
  bareBytes: number;
  order: string;
  orderBody: string;
};

function middlewareHeaders(res: Response, what: string): { limit: string } {
  const csp = res.headers.get("content-security-policy");
  const limit = res.headers.get("ratelimit-limit");
  if (!csp || !limit) throw new Error(`${what}: no CSP / RateLimit headers — did the API middleware run?`);
  return { limit };
}

/** Returns the number of orders it placed (one). */
export async function checkCommerceTargets(
  base: string,
  p: CommercePaths,
  customer: Customer,
): Promise<number> {
  const list = await fetch(`${base}${p.list}`);
  await list.arrayBuffer();
  if (list.status !== 200) throw new Error(`${p.list} answered ${list.status}, not 200`);
  const listLimit = middlewareHeaders(list, p.list).limit;

  const bare = await fetch(`${base}${p.bare}`);
  const bytes = (await bare.arrayBuffer()).byteLength;
  if (bare.status !== 200) throw new Error(`${p.bare} answered ${bare.status}, not 200`);
  if (bytes !== p.bareBytes) throw new Error(`${p.bare} answered ${bytes} bytes, not ${p.bareBytes}`);
  if (!bare.headers.get("content-type")?.startsWith("application/json"))
    throw new Error(`${p.bare}: not application/json`);
  const bareLimit = middlewareHeaders(bare, p.bare).limit;
  if (bareLimit !== listLimit)
    throw new Error(
      `${p.bare}: RateLimit-Limit ${bareLimit}, the list's is ${listLimit}: not the same middleware path`,
    );

  const order = await fetch(`${base}${p.order}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${customer.token}` },
    body: p.orderBody,
  });
  const text = await order.text();
  if (order.status !== 201)
    throw new Error(`POST ${p.order} answered ${order.status}, not 201: ${text.slice(0, 200)}`);
  middlewareHeaders(order, `POST ${p.order}`);
  return 1;
}
