// The commerce suite: on a production server of this tree backed by a throwaway PostgreSQL database seeded with the
// demo catalogue (1,200 products), in interleaved rounds with the median of each:
//   (a) GET /api/products/?page=N            a page of 20 in the default ordering, pages 1…50 round-robin
//   (b) GET /api/__bench/static-json?bytes=M  a precomputed JSON body as long as (a)'s pages, same API middleware
//   (c) POST /api/orders/                      a 1-line order, bearer tokens of several customers, 201 expected
// (a)/(b) is what the database work and serialisation cost. Orders run a counted number of requests (every one
// answered), so that afterwards orders created = 201 answers = stock taken can be checked exactly.
import { backendCpu, backendCpuDeltaMs, recreateBenchDatabase } from "./database";
import { checkCommerceTargets } from "./commerce-preflight";
import { printCommerceReport, type CommerceSample, type CommerceTarget } from "./commerce-report";
import * as setup from "./commerce-setup";
import { groupCpuMs } from "./cpu";
import { isClean, measure, type Load } from "./load";
import type { Options } from "./options";
import { MULTIPLIER, serverGroup, startServer, stopServer, type ServerOptions } from "./server";

export type SuiteResult = { json: Record<string, unknown>; valid: boolean };

const appCpuMs = () => groupCpuMs(serverGroup() ?? -1);

function listLoad(base: string): Load {
  let n = 0;
  const path = () => `/api/products/?page=${(n++ % setup.LIST_PAGES) + 1}`;
  return {
    url: `${base}/api/products/?page=1`,
    requests: [{ setupRequest: (req) => ({ ...req, path: path() }) }],
  };
}

function orderLoad(base: string, customers: setup.Customer[], bodies: string[], amount: number): Load {
  let n = 0;
  return {
    url: `${base}/api/orders/`,
    amount,
    expectedStatus: 201,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const i = n++;
          const headers = {
            ...req.headers,
            "content-type": "application/json",
            authorization: `Bearer ${customers[i % customers.length]!.token}`,
          };
          return { ...req, method: "POST", headers, body: bodies[i % bodies.length] };
        },
      },
    ],
  };
}

async function measureCommerce(o: Options, base: string, client: setup.DbClient): Promise<SuiteResult> {
  const customers = await setup.registerCustomers(base);
  const productIds = await setup.stockProducts(client);
  const pages = await setup.measureListPages(base);
  const bodies = setup.orderBodies(productIds);
  const bare = `/api/__bench/static-json?bytes=${pages.meanBytes}`;
  const targets: CommerceTarget[] = [
    { key: "list", label: "(a) product list", path: `/api/products/?page=1…${setup.LIST_PAGES}` },
    { key: "bare", label: "(b) bare static JSON", path: bare },
    { key: "order", label: "(c) place an order", path: "POST /api/orders/ (1 line)" },
  ];
  const totalsBefore = await setup.orderTotals(client);
  let answered201 = await checkCommerceTargets(
    base,
    {
      list: "/api/products/?page=1",
      bare,
      bareBytes: pages.meanBytes,
      order: "/api/orders/",
      orderBody: bodies[0]!,
    },
    customers[0]!,
  );
  console.info(
    `\n  ${pages.visible} products visible; list pages 1–${setup.LIST_PAGES}: ${pages.minBytes}–${pages.maxBytes} bytes, the bare route answers ${pages.meanBytes}.`,
  );
  console.info(
    `  Orders: ${customers.length} customers (registered for the run), ${productIds.length} products with stock ${setup.STOCK}, quantity 1, round-robin.`,
  );

  // orders run by count: each run's count comes from the rate seen so far, so that it lasts about `seconds`
  let orderRate = 0;
  const run = async (t: CommerceTarget, seconds: number, amount?: number): Promise<CommerceSample> => {
    if (t.key === "order") await setup.refreshTokens(base, customers);
    const orders = amount ?? Math.max(1, Math.round((orderRate * seconds) / o.connections)) * o.connections;
    const load =
      t.key === "list"
        ? listLoad(base)
        : t.key === "bare"
          ? `${base}${bare}`
          : orderLoad(base, customers, bodies, orders);
    const dbBefore = await backendCpu(client);
    const s = await measure(load, seconds, o.connections, appCpuMs);
    const dbMs = backendCpuDeltaMs(dbBefore, await backendCpu(client));
    if (t.key === "order") {
      answered201 += s.expected;
      orderRate = s.rps;
    }
    return { ...s, dbCpuUs: dbMs !== null && s.requests ? (dbMs * 1000) / s.requests : null };
  };
  const line = (what: string, t: CommerceTarget, s: CommerceSample) =>
    console.info(
      `  ${what.padEnd(9)} ${t.label.padEnd(21)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  CPU app ${s.cpuUs?.toFixed(0) ?? "n/a"} + db ${s.dbCpuUs?.toFixed(0) ?? "n/a"} µs/req  load ${s.load.toFixed(1)}`,
    );

  console.info(
    `  RATE_LIMIT_MULTIPLIER=${MULTIPLIER}: every request still goes through the limiter (orders: orders.create.user/.ip and api.user), none is refused.`,
  );
  console.info(
    `  Load: ${o.connections} connections, pipelining 1, ~${o.seconds} s per run (orders: a count of requests from the rate so far), ${o.rounds} interleaved rounds.`,
  );
  const warmupFailures: string[] = [];
  const warm = (what: string, t: CommerceTarget, s: CommerceSample) => {
    line(what, t, s);
    if (!isClean(s))
      warmupFailures.push(
        `${t.label} ${what}: unexpected ${JSON.stringify(s.unexpected)}, errors ${s.errors}`,
      );
  };
  warm("probe", targets[2]!, await run(targets[2]!, 1, o.connections * 2));
  for (const t of o.warmup > 0 ? targets : []) warm("warm-up", t, await run(t, o.warmup));
  const samples: Record<CommerceTarget["key"], CommerceSample[]> = { list: [], bare: [], order: [] };
  for (let round = 0; round < o.rounds; round++) {
    for (const t of [...targets.slice(round % 3), ...targets.slice(0, round % 3)]) {
      const s = await run(t, o.seconds);
      samples[t.key].push(s);
      line(`round ${round + 1}`, t, s);
    }
  }

  const check = await setup.checkOrders(client, productIds, answered201, totalsBefore);
  const report = printCommerceReport(targets, samples, check, warmupFailures);
  return {
    valid: report.valid,
    json: {
      database: {
        server: "PostgreSQL",
        name: "shop_bench",
        visibleProducts: pages.visible,
        listPages: setup.LIST_PAGES,
      },
      load: {
        connections: o.connections,
        seconds: o.seconds,
        rounds: o.rounds,
        warmup: o.warmup,
        pipelining: 1,
      },
      bodyBytes: { listMin: pages.minBytes, listMax: pages.maxBytes, bare: pages.meanBytes },
      results: report.results,
      ratios: { listOverBare: report.listOverBare },
      orders: { ...check, customers: customers.length, products: productIds.length },
      verdict: report.valid ? "MEASURED" : "INVALID",
    },
  };
}

/** Recreates the database, starts the server on it, measures, stops the server. */
export async function runCommerceSuite(
  o: Options,
  server: Omit<ServerOptions, "databaseUrl">,
): Promise<SuiteResult> {
  const database = await recreateBenchDatabase();
  try {
    console.info(
      `\nCommerce: starting the server on PostgreSQL ${database.label} (created afresh; the start script migrates and seeds the demo catalogue)…`,
    );
    const started = await startServer({ ...server, databaseUrl: database.url });
    console.info(
      `Ready after ${started.startSeconds.toFixed(0)} s (${started.built ? "built" : "reused the existing build"}).`,
    );
    try {
      return await measureCommerce(o, started.url, database.client);
    } finally {
      await stopServer();
    }
  } finally {
    await database.client.end();
  }
}
