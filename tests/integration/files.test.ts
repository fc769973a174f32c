import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as uploadRoute } from "@/app/api/files/route";
import { DELETE as deleteRoute, GET as detailRoute, PATCH as patchRoute, PUT as putRoute } from "@/app/api/files/[id]/route";
import { GET as downloadRoute } from "@/app/api/files/[id]/download/route";
import { POST as verifyRoute } from "@/app/api/files/[id]/verify/route";
import { GET as myFilesRoute } from "@/app/api/files/my_files/route";
import { db } from "@/db/client";
import { auditLog, fileAccessLog, files } from "@/db/schema";
import { UPLOAD_REQUEST_CAP } from "@/lib/files/validate/rules";
import { resetEnvForTests } from "@/lib/env";
import { adminAndDeniedCallers, bearerFor, cookieFor } from "@/tests/helpers/auth";
import { createUser } from "@/tests/helpers/factories";
import { expectProblem, type CallResult } from "@/tests/helpers/http";
import { assertConformsToSpec } from "@/tests/helpers/spec-conformance";
import { setupTestDatabase } from "@/tests/helpers/test-db";
import * as fx from "@/tests/fixtures/files/generate";

// A private upload directory for this file, set before the configuration is first read.
const workDir = mkdtempSync(path.join(os.tmpdir(), "files-test-"));
const UPLOAD_DIR = path.join(workDir, "uploads");
process.env.UPLOAD_DIR = UPLOAD_DIR;
delete process.env.FILE_SCAN_COMMAND;
resetEnvForTests();

setupTestDatabase();

type Auth = Record<string, string>;
type FileJson = {
  id: number;
  original_filename: string;
  file_url: string;
  file_type: string;
  mime_type: string;
  file_size: number;
  file_hash: string;
  width: number | null;
  height: number | null;
  status: string;
  is_verified: boolean;
  is_quarantined: boolean;
  virus_scan_status: string;
  is_public: boolean;
  description: string;
  uploaded_by: number | null;
  verified_at: string | null;
  errors?: Record<string, string[]>;
  detail?: string;
};
type Page = { count: number; results: FileJson[] };
type Handler = (req: Request, ctx?: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

const FILE_FIELDS = [
  "id", "original_filename", "file_url", "file_type", "mime_type", "file_size", "file_hash", "width", "height", "status", "is_verified",
  "is_quarantined", "virus_scan_status", "is_public", "description", "uploaded_by", "created_at", "updated_at", "verified_at",
].sort();

async function send<T = FileJson>(handler: Handler, req: Request, params: Record<string, string> = {}): Promise<CallResult<T> & { bytes: Uint8Array }> {
  const res = await handler(req, { params: Promise.resolve(params) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  assertConformsToSpec(handler, req.method, res.status, res.headers.get("content-type"), body, text);
  return { status: res.status, headers: res.headers, body: body as T, text, bytes };
}

const url = (p: string) => `http://localhost:3000${p}`;

type Part = { name: string; value: string } | { name: string; filename: string; bytes: Uint8Array; type?: string };

/** A multipart body built by hand, so tests control every byte (filenames are escaped as browsers do: " CR LF → %22 %0D %0A). */
function multipart(parts: Part[]): { body: Uint8Array; contentType: string } {
  const boundary = `----test${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ("filename" in part) {
      const name = part.filename.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${name}"\r\nContent-Type: ${part.type ?? "application/octet-stream"}\r\n\r\n`, "utf8"));
      chunks.push(Buffer.from(part.bytes), Buffer.from("\r\n"));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`, "utf8"));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/form-data; boundary=${boundary}` };
}

function uploadRequest(auth: Auth, parts: Part[], headers: Auth = {}): Request {
  const { body, contentType } = multipart(parts);
  return new Request(url("/api/files/"), {
    method: "POST",
    body: body as Uint8Array<ArrayBuffer>,
    headers: { "content-type": contentType, "content-length": String(body.byteLength), ...auth, ...headers },
  });
}

function upload(auth: Auth, bytes: Uint8Array | Buffer, filename: string, fileType: string, extra: Record<string, string> = {}) {
  const parts: Part[] = [{ name: "file", filename, bytes: new Uint8Array(bytes) }, { name: "file_type", value: fileType }];
  for (const [name, value] of Object.entries(extra)) parts.push({ name, value });
  return send(uploadRoute, uploadRequest(auth, parts));
}

const idPath = (id: number | string, suffix = "") => ({ path: `/api/files/${id}/${suffix}`, params: { id: String(id) } });
const detail = (auth: Auth, id: number) => send(detailRoute, new Request(url(idPath(id).path), { headers: auth }), idPath(id).params);
const download = (auth: Auth, id: number, query = "") =>
  send<undefined>(downloadRoute, new Request(url(`${idPath(id, "download/").path}${query}`), { headers: auth }), idPath(id).params);
const jsonRequest = (method: string, p: string, auth: Auth, body?: unknown) =>
  new Request(url(p), { method, headers: { ...auth, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
const patch = (auth: Auth, id: number, body: unknown) => send(patchRoute, jsonRequest("PATCH", idPath(id).path, auth, body), idPath(id).params);
const put = (auth: Auth, id: number, body: unknown) => send(putRoute, jsonRequest("PUT", idPath(id).path, auth, body), idPath(id).params);
const remove = (auth: Auth, id: number) => send<{ detail: string }>(deleteRoute, jsonRequest("DELETE", idPath(id).path, auth), idPath(id).params);
const verify = (auth: Auth, id: number, body: unknown = {}) =>
  send<{ detail: string; file: FileJson }>(verifyRoute, jsonRequest("POST", idPath(id, "verify/").path, auth, body), idPath(id).params);
const list = (auth: Auth, query = "") => send<Page>(listRoute, new Request(url(`/api/files/${query}`), { headers: auth }));
const myFiles = (auth: Auth) => send<FileJson[]>(myFilesRoute, new Request(url("/api/files/my_files/"), { headers: auth }));

const LEAK = /(select |insert into|violates|constraint|pglite|drizzle|sqlstate|\.ts:\d+|\bat \w+ \(|stored_filename|uploads\/)/i;

function problem<T>(result: CallResult<T>, status: number, field?: string): void {
  const res = result as unknown as CallResult;
  expectProblem(res, status);
  expect(res.text).not.toMatch(LEAK);
  expect(res.text).not.toContain(workDir);
  if (field) expect((res.body.errors as Record<string, string[]> | undefined)?.[field]?.length).toBeGreaterThan(0);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function storedKey(id: number): Promise<string> {
  const [row] = await db().select({ key: files.storedFilename }).from(files).where(eq(files.id, id));
  return row!.key;
}
const storedPath = (key: string) => path.join(UPLOAD_DIR, key.slice(0, 2), key);

/** Every regular file under the upload directory. */
async function storedFiles(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  };
  await walk(UPLOAD_DIR);
  return out;
}

async function fileRowCount(): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(files);
  return row!.n;
}

async function accessLog(fileId: number) {
  return db().select().from(fileAccessLog).where(eq(fileAccessLog.fileId, fileId)).orderBy(fileAccessLog.id);
}

async function auditRows(action: string, targetId: number) {
  return db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, String(targetId)))).orderBy(auditLog.id);
}

let owner: { id: number };
let ownerAuth: Auth;
let other: { id: number };
let otherAuth: Auth;
let sellerAuth: Auth;
let adminAuth: Auth;
let deniedAdmins: { label: string; headers: Auth }[];
const anon: Auth = {};

beforeAll(async () => {
  resetEnvForTests();
  owner = await createUser({ roles: ["CUSTOMER"] });
  ownerAuth = (await bearerFor(owner)).headers;
  other = await createUser({ roles: ["CUSTOMER"] });
  otherAuth = (await bearerFor(other)).headers;
  sellerAuth = (await bearerFor(await createUser({ roles: ["SELLER", "CUSTOMER"] }))).headers;
  const callers = await adminAndDeniedCallers();
  adminAuth = callers.adminAuth;
  deniedAdmins = callers.denied;
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  delete process.env.UPLOAD_DIR;
  delete process.env.FILE_SCAN_COMMAND;
  resetEnvForTests();
});

/** Uploads a PNG (public unless told) as the owner, and returns it. */
async function ownerImage(extra: Record<string, string> = { is_public: "true" }, fileType = "product_image"): Promise<FileJson> {
  const res = await upload(ownerAuth, await fx.png(48, 24), "product.png", fileType, extra);
  expect(res.status).toBe(201);
  return res.body;
}

describe("POST /api/files/ — a valid upload", () => {
  it("stores the re-encoded image under a random name in UPLOAD_DIR, quarantined, with its SHA-256", async () => {
    const res = await upload(ownerAuth, await fx.png(48, 24), "Holiday photo.png", "image", { description: "  beach ", is_public: "true" });
    expect(res.status).toBe(201);
    const f = res.body;
    expect(Object.keys(f).sort()).toEqual(FILE_FIELDS);
    expect(res.headers.get("location")).toBe(`/api/files/${f.id}/`);
    expect(f).toMatchObject({
      original_filename: "Holiday photo.png",
      file_url: `/api/files/${f.id}/download/`,
      file_type: "image",
      mime_type: "image/png",
      width: 48,
      height: 24,
      status: "quarantined",
      is_verified: false,
      is_quarantined: true,
      virus_scan_status: "pending",
      is_public: true,
      description: "beach",
      uploaded_by: owner.id,
      verified_at: null,
    });
    const key = await storedKey(f.id);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const onDisk = await readFile(storedPath(key));
    expect(f.file_size).toBe(onDisk.byteLength);
    expect(f.file_hash).toBe(sha256(onDisk));
    expect((await stat(storedPath(key))).mode & 0o777).toBe(0o600);
    expect((await stat(UPLOAD_DIR)).mode & 0o777).toBe(0o700);
    expect(res.text).not.toContain(key);

    const [log] = await accessLog(f.id);
    expect(log).toMatchObject({ action: "upload", result: "success", userId: owner.id });
    expect(await auditRows("FILE_UPLOAD", f.id)).toHaveLength(1);
  });

  it("a forged X-Forwarded-For neither breaks the upload nor the download (the original crashed on it)", async () => {
    const forged = { "x-forwarded-for": "not-an-ip, <script>" };
    const req = uploadRequest(ownerAuth, [{ name: "file", filename: "a.png", bytes: new Uint8Array(await fx.png()) }, { name: "file_type", value: "image" }], forged);
    const res = await send(uploadRoute, req);
    expect(res.status).toBe(201);
    const dl = await send(downloadRoute, new Request(url(idPath(res.body.id, "download/").path), { headers: { ...ownerAuth, ...forged } }), idPath(res.body.id).params);
    expect(dl.status).toBe(200);
    expect((await accessLog(res.body.id)).map((l) => `${l.action}:${l.result}`)).toEqual(["upload:success", "download:success"]);
  });

  it("accepts documents, and a browser session from the shop's own origin", async () => {
    const cookie = (await cookieFor(owner)).headers;
    const pdf = await upload(cookie, fx.pdf(), "terms.pdf", "document");
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({ mime_type: "application/pdf", width: null, height: null, is_public: false });
    const csv = await upload(sellerAuth, Buffer.from("sku,qty\nA-1,3\n"), "stock.csv", "document");
    expect(csv.body.mime_type).toBe("text/csv");
  });

  it("refuses anonymous callers (401), users without files:upload (403) and cross-site cookie requests (403)", async () => {
    const before = (await storedFiles()).length;
    problem(await upload(anon, await fx.png(), "a.png", "image"), 401);
    const noRole = (await bearerFor(await createUser({ roles: [] }))).headers;
    problem(await upload(noRole, await fx.png(), "a.png", "image"), 403);
    const cookie = (await cookieFor(owner)).headers;
    problem(await upload({ ...cookie, origin: "https://evil.example" }, await fx.png(), "a.png", "image"), 403);
    expect((await storedFiles()).length).toBe(before);
  });
});

describe("POST /api/files/ — refusals (nothing is stored)", () => {
  let filesBefore: number;
  let rowsBefore: number;
  beforeAll(async () => {
    filesBefore = (await storedFiles()).length;
    rowsBefore = await fileRowCount();
  });

  it("a PNG renamed .pdf → 415", async () => {
    // as a document: the bytes say PNG, which documents do not allow
    const asDocument = await upload(ownerAuth, await fx.png(), "invoice.pdf", "document");
    problem(asDocument, 415, "file");
    expect(asDocument.body.errors!.file![0]).toMatch(/image\/png is not allowed for document/);
    // as an image: the type is allowed but the extension contradicts it
    const asImage = await upload(ownerAuth, await fx.png(), "invoice.pdf", "image");
    problem(asImage, 415, "file");
    expect(asImage.body.errors!.file![0]).toMatch(/\.pdf.*image\/png/);
  });

  it("an HTML file renamed .png → 415", async () => {
    problem(await upload(ownerAuth, Buffer.from(fx.HTML_PAGE), "cat.png", "image"), 415, "file");
  });

  it("an SVG with a script → refused in every category (415), and as .txt text (400, active content)", async () => {
    for (const type of ["image", "product_image", "avatar", "document"]) {
      problem(await upload(ownerAuth, Buffer.from(fx.SVG_WITH_SCRIPT), "logo.svg", type), 415, "file");
    }
    const bare = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>';
    problem(await upload(ownerAuth, Buffer.from(bare), "logo.txt", "document"), 400, "file");
  });

  it("a polyglot (a valid PNG with a <script> payload) → 400", async () => {
    const appended = Buffer.concat([await fx.png(), Buffer.from("<script>alert(document.domain)</script>")]);
    const res = await upload(ownerAuth, appended, "cat.png", "image");
    problem(res, 400, "file");
    expect(res.body.errors!.file![0]).toMatch(/active content/);
    const inChunk = fx.withPngTextChunk(await fx.png(), "Comment", "<script>alert(1)</script>");
    problem(await upload(ownerAuth, inChunk, "cat.png", "image"), 400, "file");
  });

  it("an oversized upload is refused from its Content-Length before any byte of the body is read (413)", async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(new Uint8Array(1024 * 1024));
        },
      },
      { highWaterMark: 0 },
    );
    const req = new Request(url("/api/files/"), {
      method: "POST",
      body,
      duplex: "half",
      headers: { ...ownerAuth, "content-type": "multipart/form-data; boundary=x", "content-length": String(50 * 1024 * 1024) },
    } as RequestInit);
    const res = await send(uploadRoute, req);
    problem(res, 413, "file");
    expect(pulls).toBe(0);
  });

  it("an oversized chunked upload (no Content-Length) is cut off at the cap while streaming (413)", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled += 1024 * 1024;
          // an endless body: only a reader that stops at the cap ever returns
          controller.enqueue(new Uint8Array(1024 * 1024));
        },
      },
      { highWaterMark: 0 },
    );
    const req = new Request(url("/api/files/"), {
      method: "POST",
      body,
      duplex: "half",
      headers: { ...ownerAuth, "content-type": "multipart/form-data; boundary=x" },
    } as RequestInit);
    problem(await send(uploadRoute, req), 413, "file");
    expect(pulled).toBeLessThanOrEqual(UPLOAD_REQUEST_CAP + 1024 * 1024);
  });

  it("a file over its category's cap → 413 (avatar 2 MiB, image 5 MiB)", async () => {
    const big = Buffer.concat([await fx.png(64, 64), Buffer.alloc(2 * 1024 * 1024)]);
    problem(await upload(ownerAuth, big, "me.png", "avatar"), 413, "file");
    const bigger = Buffer.concat([await fx.png(), Buffer.alloc(5 * 1024 * 1024)]);
    problem(await upload(ownerAuth, bigger, "a.png", "image"), 413, "file");
  });

  it("a body shorter than its Content-Length → 400", async () => {
    const { body, contentType } = multipart([{ name: "file", filename: "a.txt", bytes: new Uint8Array(Buffer.from("hello")) }, { name: "file_type", value: "document" }]);
    const req = new Request(url("/api/files/"), {
      method: "POST",
      body: body as Uint8Array<ArrayBuffer>,
      headers: { ...ownerAuth, "content-type": contentType, "content-length": String(body.byteLength + 100) },
    });
    problem(await send(uploadRoute, req), 400, "file");
  });

  it("malformed requests → 400/415 naming the field", async () => {
    problem(await send(uploadRoute, uploadRequest(ownerAuth, [{ name: "file_type", value: "image" }])), 400, "file");
    problem(await upload(ownerAuth, await fx.png(), "a.png", "other"), 400, "file_type");
    problem(await upload(ownerAuth, await fx.png(), "a.png", "video"), 400, "file_type");
    problem(await upload(ownerAuth, await fx.png(), "a.png", "image", { is_verified: "true" }), 400, "is_verified");
    problem(await upload(ownerAuth, await fx.png(), "a.png", "image", { is_public: "maybe" }), 400, "is_public");
    const twoFiles = uploadRequest(ownerAuth, [
      { name: "file", filename: "a.png", bytes: new Uint8Array(await fx.png()) },
      { name: "file", filename: "b.png", bytes: new Uint8Array(await fx.png()) },
      { name: "file_type", value: "image" },
    ]);
    problem(await send(uploadRoute, twoFiles), 400, "file");
    problem(await send(uploadRoute, uploadRequest(ownerAuth, [{ name: "file", value: "not a file" }, { name: "file_type", value: "image" }])), 400, "file");
    const json = new Request(url("/api/files/"), { method: "POST", body: "{}", headers: { ...ownerAuth, "content-type": "application/json" } });
    problem(await send(uploadRoute, json), 415, "file");
    const broken = new Request(url("/api/files/"), { method: "POST", body: "garbage", headers: { ...ownerAuth, "content-type": "multipart/form-data; boundary=zzz" } });
    problem(await send(uploadRoute, broken), 400, "file");
  });

  it("a corrupt image, an empty file, a wrong-sized avatar → 400", async () => {
    const image = await fx.png(64, 64);
    problem(await upload(ownerAuth, image.subarray(0, image.length - 30), "a.png", "image"), 400, "file");
    problem(await upload(ownerAuth, Buffer.alloc(0), "a.txt", "document"), 400, "file");
    problem(await upload(ownerAuth, await fx.png(32, 32), "me.png", "avatar"), 400, "file");
    problem(await upload(ownerAuth, fx.pngHeaderOnly(50_000, 50_000), "bomb.png", "image"), 400, "file");
    problem(await upload(ownerAuth, fx.pdf("3 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"), "a.pdf", "document"), 400, "file");
  });

  it("left no row and no stored object behind, and audited the refusals", async () => {
    expect(await fileRowCount()).toBe(rowsBefore);
    expect((await storedFiles()).length).toBe(filesBefore);
    const blocked = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "FILE_UPLOAD"), eq(auditLog.result, "BLOCKED"), eq(auditLog.actorUserId, owner.id)));
    expect(blocked.length).toBeGreaterThanOrEqual(15);
    expect(blocked.some((r) => (r.metadata as { status?: number }).status === 415)).toBe(true);
  });
});

describe("filenames", () => {
  it("a path-traversal filename is stored as a sanitised name and never escapes UPLOAD_DIR", async () => {
    const before = new Set(await storedFiles());
    const res = await upload(ownerAuth, await fx.png(), "../../etc/passwd.png", "image");
    expect(res.status).toBe(201);
    expect(res.body.original_filename).toBe("passwd.png");
    const windows = await upload(ownerAuth, await fx.png(), "..\\..\\..\\boot.ini.png", "image");
    expect(windows.body.original_filename).toBe("boot.ini.png");
    const added = (await storedFiles()).filter((f) => !before.has(f));
    expect(added).toHaveLength(2);
    for (const f of added) {
      expect(path.relative(UPLOAD_DIR, f)).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{32}$/);
    }
    expect(await readdir(workDir)).toEqual(["uploads"]);
  });

  it("a hostile filename (quotes, CR/LF, semicolons, unicode) gives a safe Content-Disposition", async () => {
    const hostile = 'x"; filename="evil.html"\r\nSet-Cookie: a=1;\u202Eünï.txt';
    const res = await upload(ownerAuth, Buffer.from("just text\n"), hostile, "document");
    expect(res.status).toBe(201);
    expect(res.body.original_filename).not.toMatch(/["\r\n;\u202E]/);
    const dl = await download(ownerAuth, res.body.id);
    expect(dl.status).toBe(200);
    const header = dl.headers.get("content-disposition")!;
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header).not.toMatch(/[\r\n]/);
    expect(decodeURIComponent(header.split("''")[1]!)).toBe(res.body.original_filename);
    expect(res.body.original_filename).toContain("ünï.txt");
    expect(dl.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });
});

describe("visibility: detail, list, my_files", () => {
  let privateFile: FileJson;
  let quarantinedPublic: FileJson;
  let releasedPublic: FileJson;
  beforeAll(async () => {
    privateFile = await ownerImage({ is_public: "false" });
    quarantinedPublic = await ownerImage({ is_public: "true" });
    releasedPublic = await ownerImage({ is_public: "true" });
    expect((await verify(adminAuth, releasedPublic.id)).status).toBe(200);
  });

  it("a non-numeric id is a 400 naming the parameter", async () => {
    for (const handler of [detailRoute, downloadRoute] as Handler[]) {
      problem(await send(handler, new Request(url("/api/files/abc/")), { id: "abc" }), 400, "id");
      problem(await send(handler, new Request(url("/api/files/..%2F..%2Fetc/")), { id: "../../etc" }), 400, "id");
    }
  });

  it("another user's private file is a 404 on detail, download, PATCH and DELETE", async () => {
    for (const auth of [otherAuth, sellerAuth, anon]) {
      problem(await detail(auth, privateFile.id), 404);
      problem(await download(auth, privateFile.id), 404);
    }
    problem(await patch(otherAuth, privateFile.id, { description: "mine now" }), 404);
    problem(await remove(otherAuth, privateFile.id), 404);
    expect((await detail(ownerAuth, privateFile.id)).status).toBe(200);
    expect((await detail(adminAuth, privateFile.id)).status).toBe(200);
  });

  it("a quarantined file is not downloadable by others even if is_public; its owner and admins may fetch it as an attachment", async () => {
    problem(await download(otherAuth, quarantinedPublic.id), 404);
    problem(await download(anon, quarantinedPublic.id), 404);
    problem(await detail(anon, quarantinedPublic.id), 404);
    for (const auth of [ownerAuth, adminAuth]) {
      const dl = await download(auth, quarantinedPublic.id);
      expect(dl.status).toBe(200);
      expect(dl.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(dl.headers.get("cache-control")).toBe("private, no-store");
    }
  });

  it("public released files are visible to everyone, without the uploader's identity to others", async () => {
    const forAnon = await detail(anon, releasedPublic.id);
    expect(forAnon.status).toBe(200);
    expect(forAnon.body.uploaded_by).toBeNull();
    expect(forAnon.text).not.toMatch(/email|stored_filename/);
    expect((await detail(otherAuth, releasedPublic.id)).body.uploaded_by).toBeNull();
    expect((await detail(ownerAuth, releasedPublic.id)).body.uploaded_by).toBe(owner.id);
    expect((await detail(adminAuth, releasedPublic.id)).body.uploaded_by).toBe(owner.id);
  });

  it("lists: anonymous sees public released only; users their own too; admins all; uploaded_by is an admin filter", async () => {
    const ids = (p: Page) => p.results.map((f) => f.id);
    const anonList = await list(anon, "?page_size=100");
    expect(anonList.status).toBe(200);
    expect(anonList.body.results.every((f) => f.status === "released" && f.is_public)).toBe(true);
    expect(ids(anonList.body)).toContain(releasedPublic.id);
    expect(ids(anonList.body)).not.toContain(quarantinedPublic.id);

    const otherList = await list(otherAuth, "?page_size=100");
    expect(ids(otherList.body)).not.toContain(privateFile.id);
    expect(ids(otherList.body)).toContain(releasedPublic.id);

    const ownerList = await list(ownerAuth, "?page_size=100&file_type=product_image");
    expect(ids(ownerList.body)).toEqual(expect.arrayContaining([privateFile.id, quarantinedPublic.id, releasedPublic.id]));
    expect(ownerList.body.results.every((f) => f.file_type === "product_image")).toBe(true);

    const quarantined = await list(adminAuth, `?status=quarantined&uploaded_by=${owner.id}&page_size=100`);
    expect(ids(quarantined.body)).toEqual(expect.arrayContaining([privateFile.id, quarantinedPublic.id]));
    expect(quarantined.body.results.every((f) => f.status === "quarantined" && f.uploaded_by === owner.id)).toBe(true);
    expect(ids((await list(adminAuth, "?is_verified=true&page_size=100")).body)).toContain(releasedPublic.id);

    problem(await list(otherAuth, `?uploaded_by=${owner.id}`), 400, "uploaded_by");
    problem(await list(anon, `?uploaded_by=${owner.id}`), 400, "uploaded_by");
    problem(await list(anon, "?status=deleted"), 400, "status");
    problem(await list(anon, "?bogus=1"), 400, "bogus");
  });

  it("my_files: only the caller's own files, a plain list; anonymous → 401", async () => {
    const mine = await myFiles(ownerAuth);
    expect(mine.status).toBe(200);
    expect(Array.isArray(mine.body)).toBe(true);
    expect(mine.body.every((f) => f.uploaded_by === owner.id)).toBe(true);
    expect(mine.body.map((f) => f.id)).toEqual(expect.arrayContaining([privateFile.id, quarantinedPublic.id]));
    expect((await myFiles(otherAuth)).body.map((f) => f.id)).not.toContain(privateFile.id);
    problem(await myFiles(anon), 401);
  });
});

describe("PATCH/PUT /api/files/{id}/", () => {
  it("changes only description and is_public; type, MIME, size, hash, status are read-only (400 naming the field)", async () => {
    const f = await ownerImage({ is_public: "false" });
    for (const body of [{ mime_type: "text/html" }, { file_type: "document" }, { file_size: 1 }, { file_hash: "0".repeat(64) }, { status: "released" }, { original_filename: "x.html" }]) {
      const res = await patch(ownerAuth, f.id, body);
      problem(res, 400, Object.keys(body)[0]);
    }
    problem(await patch(ownerAuth, f.id, { description: "ok", mime_type: "text/html" }), 400, "mime_type");
    problem(await patch(ownerAuth, f.id, { is_public: "yes" }), 400, "is_public");
    problem(await patch(ownerAuth, f.id, {}), 400);
    const unchanged = await detail(ownerAuth, f.id);
    expect(unchanged.body).toMatchObject({ mime_type: "image/png", file_type: "product_image", description: "", is_public: false });

    const ok = await patch(ownerAuth, f.id, { description: "Red mug", is_public: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ description: "Red mug", is_public: true, mime_type: "image/png" });
    expect((await put(ownerAuth, f.id, { description: "Blue mug", is_public: false })).body).toMatchObject({ description: "Blue mug", is_public: false });
    problem(await put(ownerAuth, f.id, { description: "only one" }), 400, "is_public");
    expect((await auditRows("FILE_UPDATE", f.id)).length).toBe(2);
  });

  it("others: 404 for a private file, 403 for a public one they can see; anonymous 401; admins may", async () => {
    const f = await ownerImage({ is_public: "true" });
    expect((await verify(adminAuth, f.id)).status).toBe(200);
    problem(await patch(otherAuth, f.id, { description: "defaced" }), 403);
    problem(await remove(otherAuth, f.id), 403);
    problem(await patch(anon, f.id, { description: "x" }), 401);
    const cookie = (await cookieFor(owner)).headers;
    problem(await patch({ ...cookie, origin: "https://evil.example" }, f.id, { description: "x" }), 403);
    expect((await patch(adminAuth, f.id, { is_public: false })).body.is_public).toBe(false);
    problem(await patch(ownerAuth, 999_999_999, { description: "x" }), 404);
  });
});

describe("POST /api/files/{id}/verify/ and downloads", () => {
  it("admin release, then an anonymous download of the public image, with the right headers", async () => {
    const source = await fx.png(48, 24);
    const f = await ownerImage({ is_public: "true" });
    problem(await download(anon, f.id), 404);
    const res = await verify(adminAuth, f.id, { action: "release" });
    expect(res.status).toBe(200);
    expect(res.body.detail).toBe("File verified successfully.");
    expect(res.body.file).toMatchObject({ status: "released", is_verified: true, is_quarantined: false, virus_scan_status: "skipped" });
    expect(res.body.file.verified_at).not.toBeNull();
    const [row] = await db().select().from(files).where(eq(files.id, f.id));
    expect(row!.reviewedBy).not.toBeNull();

    const dl = await download(anon, f.id);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe("image/png");
    expect(dl.headers.get("content-disposition")).toBe(`inline; filename="product.png"; filename*=UTF-8''product.png`);
    expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
    expect(dl.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(dl.headers.get("cache-control")).toBe("public, max-age=300");
    expect(dl.headers.get("content-length")).toBe(String(f.file_size));
    expect(sha256(dl.bytes)).toBe(f.file_hash);
    expect(Buffer.from(dl.bytes).equals(source)).toBe(true);

    const forced = await download(anon, f.id, "?download=true");
    expect(forced.headers.get("content-disposition")).toMatch(/^attachment;/);
    problem(await download(anon, f.id, "?inline=1"), 400, "inline");

    const audits = await auditRows("FILE_DOWNLOAD", f.id);
    expect(audits.map((a) => a.result)).toEqual(["BLOCKED", "SUCCESS", "SUCCESS"]);
    const logs = (await accessLog(f.id)).filter((l) => l.action === "download").map((l) => l.result);
    expect(logs).toEqual(["blocked", "success", "success"]);
    expect((await accessLog(f.id)).some((l) => l.action === "release" && l.result === "success")).toBe(true);
  });

  it("documents are always attachments, even released and public", async () => {
    const res = await upload(ownerAuth, fx.pdf(), "manual.pdf", "document", { is_public: "true" });
    await verify(adminAuth, res.body.id);
    const dl = await download(anon, res.body.id);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe("application/pdf");
    expect(dl.headers.get("content-disposition")).toMatch(/^attachment; filename="manual.pdf"/);
    expect(dl.headers.get("cache-control")).toBe("private, no-store");
  });

  it("only files:manage may verify: customers and sellers 403, anonymous 401; bad bodies 400; unknown id 404", async () => {
    const f = await ownerImage();
    for (const caller of deniedAdmins) problem(await verify(caller.headers, f.id), 403);
    problem(await verify(ownerAuth, f.id), 403);
    problem(await verify(anon, f.id), 401);
    problem(await verify(adminAuth, f.id, { action: "approve" }), 400, "action");
    problem(await verify(adminAuth, f.id, { is_verified: true }), 400, "is_verified");
    problem(await verify(adminAuth, 999_999_999), 404);
    expect((await detail(ownerAuth, f.id)).body.status).toBe("quarantined");
  });

  it("a tampered stored file is not released (409), and the attempt is logged", async () => {
    const f = await ownerImage();
    const key = await storedKey(f.id);
    const original = await readFile(storedPath(key));
    const tampered = Buffer.from(original);
    const at = tampered.length - 20;
    tampered[at] = tampered[at]! ^ 0xff;
    await writeFile(storedPath(key), tampered);
    const res = await verify(adminAuth, f.id);
    problem(res, 409);
    expect(res.body.detail).toMatch(/Hash mismatch/);
    expect((await detail(adminAuth, f.id)).body).toMatchObject({ status: "quarantined", is_verified: false, verified_at: null });
    expect((await accessLog(f.id)).some((l) => l.action === "verify" && l.result === "failure")).toBe(true);
    expect((await auditRows("FILE_VERIFY", f.id)).map((a) => a.result)).toEqual(["FAILURE"]);
  });

  it("reject: the file stays out of reach; its owner sees it but gets 403 on download", async () => {
    const f = await ownerImage({ is_public: "true" });
    const res = await verify(adminAuth, f.id, { action: "reject", reason: "not a product photo" });
    expect(res.status).toBe(200);
    expect(res.body.file).toMatchObject({ status: "rejected", is_verified: false, is_quarantined: false });
    problem(await download(ownerAuth, f.id), 403);
    problem(await download(anon, f.id), 404);
    expect((await download(adminAuth, f.id)).status).toBe(200);
    const [log] = (await accessLog(f.id)).filter((l) => l.action === "reject");
    expect(log!.metadata).toMatchObject({ reason: "not a product photo" });
  });
});

describe("DELETE /api/files/{id}/", () => {
  it("removes the row and the stored object; the access log survives; audited", async () => {
    const f = await ownerImage({ is_public: "false" });
    const key = await storedKey(f.id);
    expect((await download(ownerAuth, f.id)).status).toBe(200);
    problem(await download(otherAuth, f.id), 404);
    const res = await remove(ownerAuth, f.id);
    expect(res.status).toBe(200);
    expect(res.body.detail).toBe("File deleted successfully.");
    await expect(stat(storedPath(key))).rejects.toThrow();
    problem(await detail(ownerAuth, f.id), 404);
    problem(await download(ownerAuth, f.id), 404);
    problem(await remove(ownerAuth, f.id), 404);

    const logs = (await accessLog(f.id)).map((l) => `${l.action}:${l.result}`);
    expect(logs).toEqual(["upload:success", "download:success", "download:blocked", "delete:success", "download:blocked"]);
    expect((await auditRows("FILE_DELETE", f.id))[0]).toMatchObject({ result: "SUCCESS", actorUserId: owner.id });
  });

  it("admins may delete anyone's file; anonymous 401", async () => {
    const f = await ownerImage();
    problem(await remove(anon, f.id), 401);
    expect((await remove(adminAuth, f.id)).status).toBe(200);
  });
});

describe("virus scanner (FILE_SCAN_COMMAND)", () => {
  const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
  beforeAll(() => {
    // a stand-in for clamdscan: exit 0 clean, 1 infected (names the file, as clamdscan does), 2 error, or hangs
    const script = path.join(workDir, "fake-scan.mjs");
    writeFileSync(
      script,
      `import { readFileSync } from "node:fs";
const file = process.argv.at(-1);
const text = readFileSync(file, "latin1");
const slow = text.includes("SCANNER-SLOW") ? 1500 : 0;
setTimeout(() => {
if (text.includes("EICAR-STANDARD-ANTIVIRUS-TEST-FILE")) { console.log(file + ": Eicar-Test-Signature FOUND"); process.exit(1); }
if (text.includes("SCANNER-BREAKS")) { console.error("cannot connect to clamd"); process.exit(2); }
if (text.includes("SCANNER-HANGS")) setTimeout(() => process.exit(0), 10000);
else { console.log(file + ": OK"); process.exit(0); }
}, slow);
`,
    );
    process.env.FILE_SCAN_COMMAND = `${process.execPath} ${script}`;
    process.env.FILE_SCAN_TIMEOUT_MS = "1000";
    resetEnvForTests();
  });
  afterAll(() => {
    delete process.env.FILE_SCAN_COMMAND;
    delete process.env.FILE_SCAN_TIMEOUT_MS;
    resetEnvForTests();
  });

  it("clean → released at once (public file downloadable by anyone)", async () => {
    const res = await upload(ownerAuth, Buffer.from("price list\n"), "prices.txt", "document", { is_public: "true" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "released", virus_scan_status: "clean", is_verified: true });
    expect((await download(anon, res.body.id)).status).toBe(200);
  });

  it("infected → rejected, never released; the scanner output is recorded without the storage path", async () => {
    const res = await upload(ownerAuth, Buffer.from(EICAR), "eicar.txt", "document", { is_public: "true" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "rejected", virus_scan_status: "infected" });
    problem(await download(anon, res.body.id), 404);
    problem(await download(ownerAuth, res.body.id), 403);
    problem(await verify(adminAuth, res.body.id), 409);
    const [scan] = await auditRows("FILE_SCAN", res.body.id);
    expect(scan).toMatchObject({ result: "BLOCKED" });
    expect(JSON.stringify(scan!.metadata)).toContain("Eicar-Test-Signature FOUND");
    expect(JSON.stringify(scan!.metadata)).not.toContain(UPLOAD_DIR);
  });

  it("refuses an admin release while the scan runs, so an infected verdict cannot be overtaken", async () => {
    process.env.FILE_SCAN_TIMEOUT_MS = "5000";
    resetEnvForTests();
    try {
      const pending = upload(ownerAuth, Buffer.from(`SCANNER-SLOW ${EICAR}`), "slow.txt", "document", { is_public: "true" });
      let id: number | undefined;
      for (let i = 0; i < 100 && id === undefined; i++) {
        const [row] = await db().select({ id: files.id }).from(files).where(eq(files.originalFilename, "slow.txt"));
        id = row?.id;
        if (id === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      expect(id).toBeDefined();
      const early = await verify(adminAuth, id!);
      problem(early, 409);
      expect(early.body.detail).toMatch(/scan .* not finished/);
      expect((await pending).body).toMatchObject({ status: "rejected", virus_scan_status: "infected" });
      problem(await download(anon, id!), 404);
    } finally {
      process.env.FILE_SCAN_TIMEOUT_MS = "1000";
      resetEnvForTests();
    }
  });

  it("a scanner failure or timeout leaves the file quarantined with scan status error", async () => {
    const broken = await upload(ownerAuth, Buffer.from("SCANNER-BREAKS\n"), "a.txt", "document");
    expect(broken.body).toMatchObject({ status: "quarantined", virus_scan_status: "error" });
    const hung = await upload(ownerAuth, Buffer.from("SCANNER-HANGS\n"), "b.txt", "document");
    expect(hung.body).toMatchObject({ status: "quarantined", virus_scan_status: "error" });
    const [scan] = await auditRows("FILE_SCAN", hung.body.id);
    expect(JSON.stringify(scan!.metadata)).toContain("timed out");
    // an admin may still release it after review
    expect((await verify(adminAuth, broken.body.id)).body.file).toMatchObject({ status: "released", virus_scan_status: "error" });
  });
});
