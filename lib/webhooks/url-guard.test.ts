import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSocket, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";
import {
  checkWebhookTarget,
  dnsResolver,
  NOT_PUBLIC,
  pinnedLookup,
  type ResolvedAddress,
  type Resolver,
} from "./url-guard";

const resolveTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
const failing: Resolver = async () => {
  throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
};

async function problems(
  url: string,
  options: { allowPrivate?: boolean; resolver?: Resolver } = {},
): Promise<string[]> {
  const check = await checkWebhookTarget(url, {
    allowPrivate: false,
    resolver: resolveTo("93.184.215.14"),
    ...options,
  });
  return check.ok ? [] : check.problems;
}

describe("webhook URL guard", () => {
  it("accepts an https URL whose host resolves only to public addresses", async () => {
    const check = await checkWebhookTarget("https://hooks.example.com/in?x=1", {
      allowPrivate: false,
      resolver: resolveTo("93.184.215.14", "2606:4700::1"),
    });
    expect(check).toMatchObject({ ok: true, hostname: "hooks.example.com" });
  });

  it("refuses bad URLs, other schemes, credentials and plain http", async () => {
    expect(await problems("not a url")).toEqual(["Enter a valid absolute URL."]);
    expect(await problems("ftp://hooks.example.com/")).toEqual(["Only http and https URLs are allowed."]);
    expect(await problems("file:///etc/passwd")).toEqual(["Only http and https URLs are allowed."]);
    expect(await problems("https://user:pw@hooks.example.com/")).toEqual([
      "The URL must not contain a user name or password.",
    ]);
    expect(await problems("http://hooks.example.com/")).toEqual(["The URL must use https."]);
    expect(await problems(`https://hooks.example.com/${"a".repeat(2100)}`)).toHaveLength(1);
  });

  it("refuses a host when ANY of its addresses is not public", async () => {
    const mixed = await problems("https://hooks.example.com/", {
      resolver: resolveTo("93.184.215.14", "10.0.0.5"),
    });
    expect(mixed).toEqual([NOT_PUBLIC]);
    expect(await problems("https://127.0.0.1/")).toEqual([NOT_PUBLIC]);
    expect(await problems("https://[::ffff:7f00:1]/")).toEqual([NOT_PUBLIC]);
    expect(await problems("https://0x7f.1/")).toHaveLength(1); // the URL parser normalises it to 127.0.0.1
    expect(await problems("https://2130706433/")).toHaveLength(1);
    expect(await problems("https://hooks.example.com/", { resolver: failing })).toEqual([NOT_PUBLIC]);
  });

  it("refuses metadata host names and addresses, even with the development allowance", async () => {
    for (const url of [
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://metadata.google.internal./",
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/",
      "http://[fe80::1]/",
    ]) {
      expect(
        (await problems(url, { allowPrivate: true, resolver: resolveTo("8.8.8.8") })).length,
        url,
      ).toBeGreaterThan(0);
    }
    expect(
      await problems("http://a.example/", { allowPrivate: true, resolver: resolveTo("169.254.169.254") }),
    ).toEqual([NOT_PUBLIC]);
  });

  it("with the development allowance: loopback, private and plain http are accepted", async () => {
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://10.0.0.5/",
      "http://[::1]:9000/",
      "http://192.168.1.20/",
    ]) {
      expect(await problems(url, { allowPrivate: true }), url).toEqual([]);
    }
    expect(
      await problems("http://localhost:3000/", {
        allowPrivate: true,
        resolver: resolveTo("127.0.0.1", "::1"),
      }),
    ).toEqual([]);
  });

  it("a name that resolved public at registration and private now is refused at delivery (rebinding)", async () => {
    let answer = "93.184.215.14";
    const flipping: Resolver = async () => [{ address: answer, family: 4 }];
    expect(
      (await checkWebhookTarget("https://rebind.example/", { allowPrivate: false, resolver: flipping })).ok,
    ).toBe(true);
    answer = "127.0.0.1";
    expect(
      await checkWebhookTarget("https://rebind.example/", { allowPrivate: false, resolver: flipping }),
    ).toEqual({
      ok: false,
      problems: [NOT_PUBLIC],
    });
  });
});

describe("webhook URL guard: what a registrant may learn, ports, normalised length", () => {
  it("gives one answer for unknown, private, loopback, metadata and mixed hosts: no names, no addresses", async () => {
    const answers = await Promise.all([
      problems("https://hooks.example.com/", { resolver: failing }),
      problems("https://vm.internal.example/", { resolver: resolveTo("127.0.0.1") }),
      problems("https://db.internal.example/", { resolver: resolveTo("10.1.2.3") }),
      problems("https://both.example/", { resolver: resolveTo("93.184.215.14", "192.168.0.9") }),
      problems("https://metadata.google.internal/"),
      problems("https://169.254.169.254/"),
    ]);
    for (const a of answers) expect(a).toEqual([NOT_PUBLIC]);
    expect(JSON.stringify(answers)).not.toMatch(/127\.0|10\.1|192\.168|internal|resolve/);
  });

  it("allows only ports 443 and 8443, unless the development allowance is on", async () => {
    expect(await problems("https://hooks.example.com:443/")).toEqual([]);
    expect(await problems("https://hooks.example.com:8443/")).toEqual([]);
    for (const port of [22, 80, 6379, 8080, 9200])
      expect(await problems(`https://hooks.example.com:${port}/`), String(port)).toEqual([
        "The URL's port must be 443 or 8443.",
      ]);
    expect(await problems("https://hooks.example.com:6379/", { allowPrivate: true })).toEqual([]);
  });

  it("checks the length of the normalised URL (what is stored), not only the raw text", async () => {
    const raw = `https://hooks.example.com/${"é".repeat(700)}`; // 726 characters, 4,226 once percent-encoded
    expect(raw.length).toBeLessThan(2048);
    expect(await problems(raw)).toEqual(["The URL must be at most 2048 characters once normalised."]);
  });
});

describe("DNS with a deadline (a dead nameserver cannot hang registration or delivery)", () => {
  let blackhole: Socket;
  let server: string;
  beforeAll(async () => {
    // a nameserver that reads every query and never answers
    blackhole = createSocket("udp4");
    blackhole.on("message", () => {});
    await new Promise<void>((r) => blackhole.bind(0, "127.0.0.1", r));
    server = `127.0.0.1:${(blackhole.address() as AddressInfo).port}`;
  });
  afterAll(() => blackhole.close());

  it("the system resolver gives up after the timeout, for A and AAAA", async () => {
    const started = Date.now();
    await expect(dnsResolver(300, [server])("hooks.example.com")).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("a registration check against a silent nameserver ends within the timeout, refused", async () => {
    const started = Date.now();
    const check = await checkWebhookTarget("https://hooks.example.com/", {
      allowPrivate: false,
      resolver: dnsResolver(300, [server]),
    });
    expect(check).toEqual({ ok: false, problems: [NOT_PUBLIC] });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("the overall deadline holds even for a resolver that never settles", async () => {
    const started = Date.now();
    const check = await checkWebhookTarget("https://hooks.example.com/", {
      allowPrivate: false,
      timeoutMs: 300,
      resolver: () => new Promise<ResolvedAddress[]>(() => {}),
    });
    expect(check).toEqual({ ok: false, problems: [NOT_PUBLIC] });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe("pinned lookup (what the socket connects to)", () => {
  const call = (
    addresses: ResolvedAddress[],
    allowPrivate: boolean,
    options: { all?: boolean; family?: number },
  ) =>
    new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((resolve) => {
      pinnedLookup(addresses, allowPrivate)("anything.example", options, (error, address, family) =>
        resolve({ error, result: options.all ? address : [address, family] }),
      );
    });

  it("answers only with the checked addresses, never asking DNS again", async () => {
    const addresses: ResolvedAddress[] = [
      { address: "93.184.215.14", family: 4 },
      { address: "2606:4700::1", family: 6 },
    ];
    expect(await call(addresses, false, { all: true })).toEqual({ error: null, result: addresses });
    expect(await call(addresses, false, {})).toEqual({ error: null, result: ["93.184.215.14", 4] });
    expect(await call(addresses, false, { family: 6 })).toEqual({ error: null, result: ["2606:4700::1", 6] });
  });

  it("checks each address again and fails rather than connect to a refused one", async () => {
    const { error } = await call([{ address: "127.0.0.1", family: 4 }], false, { all: true });
    expect(error?.code).toBe("EWEBHOOKBLOCKED");
    expect((await call([{ address: "169.254.169.254", family: 4 }], true, {})).error?.code).toBe(
      "EWEBHOOKBLOCKED",
    );
    expect((await call([{ address: "127.0.0.1", family: 4 }], true, {})).error).toBeNull();
  });
});
