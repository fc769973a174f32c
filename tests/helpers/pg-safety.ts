/**
 * Tests create and drop databases: refuse anything but a local server (or one explicitly declared throwaway).
 */
export function assertThrowawayDatabaseUrl(url: string): URL {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const local = ["127.0.0.1", "localhost", "::1", ""].includes(host) || host.startsWith("/");
  if (!local && process.env.TEST_DATABASE_THROWAWAY !== "1") {
    throw new Error(
      `Refusing to run tests against ${parsed.host}: TEST_DATABASE_URL must point at a local PostgreSQL ` +
        "(or set TEST_DATABASE_THROWAWAY=1 for a disposable server).",
    );
  }
  return parsed;
}

export function databaseUrl(base: string, database: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}
