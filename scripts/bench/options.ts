// Command-line options of `npm run bench -- --suite all|middleware|commerce --seconds N --connections N --rounds N --warmup N`.
export const SUITES = ["all", "middleware", "commerce"] as const;
export type Suite = (typeof SUITES)[number];
type Counts = { seconds: number; connections: number; rounds: number; warmup: number };
export type Options = Counts & { suite: Suite };

const DEFAULTS: Options = { suite: "all", seconds: 10, connections: 32, rounds: 3, warmup: 5 };
const USAGE = "--suite all|middleware|commerce, --seconds, --connections, --rounds, --warmup";

export function parseOptions(argv: string[]): Options {
  const o = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, "");
    if (!(name in DEFAULTS) || !argv[i]!.startsWith("--"))
      throw new Error(`unknown option ${argv[i]} (${USAGE})`);
    const raw = argv[++i];
    if (name === "suite") {
      if (!SUITES.includes(raw as Suite)) throw new Error(`--suite needs one of ${SUITES.join(", ")}`);
      o.suite = raw as Suite;
      continue;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < (name === "warmup" ? 0 : 1))
      throw new Error(`--${name} needs a whole number`);
    o[name as keyof Counts] = value;
  }
  return o;
}

export function runsMiddleware(o: Options): boolean {
  return o.suite !== "commerce";
}

export function runsCommerce(o: Options): boolean {
  return o.suite !== "middleware";
}
