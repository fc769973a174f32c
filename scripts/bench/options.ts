// Command-line options of `npm run bench -- --seconds N --connections N --rounds N --warmup N`.
export type Options = { seconds: number; connections: number; rounds: number; warmup: number };

const DEFAULTS: Options = { seconds: 10, connections: 32, rounds: 3, warmup: 5 };

export function parseOptions(argv: string[]): Options {
  const o = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, "") as keyof Options;
    if (!(name in DEFAULTS) || !argv[i]!.startsWith("--"))
      throw new Error(`unknown option ${argv[i]} (--seconds, --connections, --rounds, --warmup)`);
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < (name === "warmup" ? 0 : 1))
      throw new Error(`--${name} needs a whole number`);
    o[name] = value;
  }
  return o;
}
