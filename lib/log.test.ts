import { describe, expect, it } from "vitest";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { errorFields } from "./log";

describe("errorFields", () => {
  it("keeps a failed query's SQL and the database's reason but never its bound values", () => {
    const cause = new Error('value too long for type character varying(2048)');
    const error = new DrizzleQueryError('insert into "webhook_endpoints" ("url", "secret_encrypted") values ($1, $2)', ["https://hook.example/?token=s3cret", "whsec_top"], cause);
    const fields = errorFields(error);
    const text = JSON.stringify(fields);
    expect(text).toContain('insert into \\"webhook_endpoints\\"');
    expect(text).toContain("params: [withheld]");
    expect(text).toContain("value too long");
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain("whsec_top");
    expect(String(fields.stack)).toMatch(/\n {4}at /);
  });

  it("passes other errors through", () => {
    expect(errorFields(new TypeError("boom"))).toMatchObject({ error: "boom", name: "TypeError" });
    expect(errorFields("plain")).toEqual({ error: "plain" });
  });
});
