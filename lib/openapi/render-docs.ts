import type { JsonSchema } from "./operation-schemas";

/**
 * The API reference page (/api/docs/), rendered on the server from the OpenAPI document: plain HTML and one
 * stylesheet from this app, no script, nothing from a CDN. Every string from the document is escaped.
 */

const esc = (v: unknown) =>
  String(v).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The document's descriptions use a little markdown: paragraphs, `code` and **bold**. */
function prose(text: string | undefined): string {
  if (!text) return "";
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${esc(p).replace(/`([^`]+)`/g, "<code>$1</code>").replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")}</p>`)
    .join("");
}

type Doc = { info: { title: string; version: string; description?: string }; paths: Record<string, Record<string, JsonSchema>>; components: JsonSchema; tags?: { name: string }[] };

function resolve(doc: Doc, node: JsonSchema): JsonSchema {
  const ref = node.$ref;
  if (typeof ref !== "string") return node;
  const parts = ref.replace(/^#\//, "").split("/");
  let cur: unknown = doc;
  for (const p of parts) cur = (cur as Record<string, unknown>)[p];
  return (cur as JsonSchema) ?? {};
}

function typeLabel(s: JsonSchema): string {
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if (s.const !== undefined) return JSON.stringify(s.const);
  const union = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (union) return union.map(typeLabel).join(" | ");
  const t = Array.isArray(s.type) ? s.type.join(" | ") : (s.type as string | undefined);
  if (t === "array") return `array of ${typeLabel((s.items as JsonSchema) ?? {})}`;
  const bits = [t ?? "any"];
  if (s.format) bits.push(`(${s.format})`);
  return bits.join(" ");
}

function constraints(s: JsonSchema): string {
  const out: string[] = [];
  for (const k of ["minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "minItems", "maxItems", "pattern", "default"] as const) {
    if (s[k] !== undefined) out.push(`${k} ${JSON.stringify(s[k])}`);
  }
  return out.join(", ");
}

/** An object's fields as a nested list (depth-limited); other schemas as their type. */
function schemaTree(s: JsonSchema, depth = 0): string {
  const union = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  const objectLike = s.properties ? s : union?.find((u) => u.properties) ?? (s.type === "array" ? (s.items as JsonSchema) : undefined);
  if (!objectLike?.properties || depth > 4) return `<span class="type">${esc(typeLabel(s))}</span>`;
  const required = new Set((objectLike.required as string[] | undefined) ?? []);
  const rows = Object.entries(objectLike.properties as Record<string, JsonSchema>).map(([name, prop]) => {
    const nested = prop.properties || (prop.items as JsonSchema | undefined)?.properties || ((prop.anyOf ?? prop.oneOf) as JsonSchema[] | undefined)?.some((u) => u.properties || (u.items as JsonSchema | undefined)?.properties);
    const c = constraints(prop);
    return `<li><code class="field">${esc(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ""} <span class="type">${esc(typeLabel(prop))}</span>${c ? ` <span class="c">${esc(c)}</span>` : ""}${prop.description ? ` — ${esc(prop.description)}` : ""}${nested ? schemaTree(prop, depth + 1) : ""}</li>`;
  });
  const prefix = s.type === "array" ? '<span class="type">array of objects:</span>' : "";
  return `${prefix}<ul class="fields">${rows.join("")}</ul>`;
}

function operationHtml(doc: Doc, path: string, method: string, op: JsonSchema): string {
  const id = esc(op.operationId);
  const params = ((op.parameters as JsonSchema[] | undefined) ?? []).map((p) => resolve(doc, p));
  const paramRows = params
    .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? "yes" : ""}</td><td>${esc(typeLabel((p.schema as JsonSchema) ?? {}))}</td><td>${esc(p.description ?? constraints((p.schema as JsonSchema) ?? {}))}</td></tr>`)
    .join("");
  const body = op.requestBody as JsonSchema | undefined;
  const bodyHtml = body
    ? Object.entries(body.content as Record<string, JsonSchema>)
        .map(([type, media]) => `<h4>Request body <code>${esc(type)}</code>${body.required ? "" : " (optional)"}</h4>${prose(body.description as string | undefined)}${schemaTree((media.schema as JsonSchema) ?? {})}`)
        .join("")
    : "";
  const responses = Object.entries(op.responses as Record<string, JsonSchema>)
    .map(([status, raw]) => {
      const r = resolve(doc, raw);
      const content = r.content as Record<string, JsonSchema> | undefined;
      const [type, media] = content ? Object.entries(content)[0]! : [null, null];
      const schema = media ? resolve(doc, (media.schema as JsonSchema) ?? {}) : null;
      const success = Number(status) < 400;
      return `<li class="${success ? "ok" : "err"}"><span class="status">${esc(status)}</span> ${esc(r.description)}${type ? ` <code>${esc(type)}</code>` : ""}${success && schema ? `<details><summary>Body</summary>${schemaTree(schema)}</details>` : ""}</li>`;
    })
    .join("");
  const security = ((op.security as JsonSchema[] | undefined) ?? []).map((s) => Object.keys(s)[0] ?? "none (public)");
  return `<article class="op" id="${id}">
<h3><span class="m m-${esc(method)}">${esc(method.toUpperCase())}</span> <code class="path">${esc(path)}</code></h3>
<p class="summary">${esc(op.summary)}</p>${prose(op.description as string | undefined)}
<p class="auth">Credentials: ${security.map((s) => `<code>${esc(s)}</code>`).join(" · ")}</p>
${paramRows ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Type</th><th>Notes</th></tr></thead><tbody>${paramRows}</tbody></table>` : ""}
${bodyHtml}
<h4>Responses</h4><ul class="responses">${responses}</ul>
</article>`;
}

export function renderDocsHtml(doc: Doc): string {
  const byTag = new Map<string, string[]>();
  const toc = new Map<string, string[]>();
  let count = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = ((op.tags as string[] | undefined) ?? ["other"])[0]!;
      if (!byTag.has(tag)) {
        byTag.set(tag, []);
        toc.set(tag, []);
      }
      byTag.get(tag)!.push(operationHtml(doc, path, method, op));
      toc.get(tag)!.push(`<li><a href="#${esc(op.operationId)}"><span class="m m-${esc(method)}">${esc(method.toUpperCase())}</span> ${esc(path)}</a></li>`);
      count++;
    }
  }
  const tags = [...byTag.keys()].sort();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} reference</title><link rel="stylesheet" href="/api/docs/style.css"></head>
<body><header><h1>${esc(doc.info.title)} <small>v${esc(doc.info.version)}</small></h1>
<p><a href="/api/openapi.json">OpenAPI 3.1 document (JSON)</a> · <span data-testid="operation-count">${count}</span> operations</p>${prose(doc.info.description)}</header>
<div class="layout"><nav aria-label="Operations">${tags.map((t) => `<h2>${esc(t)}</h2><ul>${toc.get(t)!.join("")}</ul>`).join("")}</nav>
<main>${tags.map((t) => `<section><h2 id="tag-${esc(t.replace(/\s+/g, "-"))}">${esc(t)}</h2>${byTag.get(t)!.join("")}</section>`).join("")}</main></div>
</body></html>`;
}

export const DOCS_CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;--line:#d1d9e0;--code:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#3d444d;--code:#151b23}}
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:1rem 2rem;border-bottom:1px solid var(--line)}h1 small{font-weight:400;color:var(--muted);font-size:.6em}
.layout{display:grid;grid-template-columns:22rem 1fr}nav{border-right:1px solid var(--line);padding:1rem;font-size:13px;position:sticky;top:0;height:100vh;overflow:auto}
nav ul{list-style:none;padding:0;margin:0 0 1rem}nav a{color:inherit;text-decoration:none;display:block;padding:2px 0}nav h2{font-size:14px;text-transform:capitalize;margin:.5rem 0}
main{padding:1rem 2rem;min-width:0}section>h2{text-transform:capitalize;border-bottom:1px solid var(--line)}
.op{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;margin:1rem 0}.op h3{margin:.3rem 0;font-size:16px}
.summary{font-weight:600;margin:.2rem 0}.auth{color:var(--muted);font-size:13px}
code{background:var(--code);padding:0 .25em;border-radius:4px;font-size:13px}
.m{display:inline-block;min-width:3.6em;text-align:center;border-radius:4px;font:700 11px/1.8 ui-monospace,monospace;color:#fff;background:#6e7781}
.m-get{background:#0969da}.m-post{background:#1a7f37}.m-put{background:#9a6700}.m-patch{background:#8250df}.m-delete{background:#cf222e}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid var(--line);padding:2px 8px;text-align:left}
.fields{margin:.2rem 0;padding-left:1.2rem;font-size:13px}.req{color:#cf222e;font-size:11px}.type{color:var(--muted)}.c{color:var(--muted);font-size:12px}
.responses{list-style:none;padding:0;font-size:13px}.status{font-weight:700;display:inline-block;min-width:2.5em}.ok .status{color:#1a7f37}.err .status{color:#cf222e}
@media (max-width:800px){.layout{grid-template-columns:1fr}nav{position:static;height:auto;border:0}}
`;
