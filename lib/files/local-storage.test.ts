import { mkdtempSync, rmSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalStorage } from "./local-storage";
import { newStorageKey } from "./storage";

const made: string[] = [];
const root = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "local-storage-"));
  made.push(dir);
  return path.join(dir, "uploads");
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("LocalStorage", () => {
  it("stores under the random key with 0700 directories and 0600 files, and streams the bytes back", async () => {
    const storage = new LocalStorage(root());
    const key = newStorageKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
    await storage.put(key, bytes);
    const file = storage.localPath(key);
    expect(file.startsWith(storage.root + path.sep)).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(storage.root)).mode & 0o777).toBe(0o700);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await storage.exists(key)).toBe(true);
    const object = await storage.get(key);
    expect(object?.size).toBe(bytes.byteLength);
    expect(new Uint8Array(await new Response(object!.stream).arrayBuffer())).toEqual(bytes);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
  });

  it("never overwrites an object", async () => {
    const storage = new LocalStorage(root());
    const key = newStorageKey();
    await storage.put(key, new Uint8Array([1]));
    await expect(storage.put(key, new Uint8Array([2]))).rejects.toThrow();
    expect(new Uint8Array(await new Response((await storage.get(key))!.stream).arrayBuffer())).toEqual(new Uint8Array([1]));
  });

  it("refuses any key that is not 32 hex characters, so no path can be built from user input", async () => {
    const storage = new LocalStorage(root());
    for (const key of ["../../etc/passwd", "..", "a/b", `${"a".repeat(31)}/`, "A".repeat(32), ""]) {
      expect(() => storage.localPath(key)).toThrow(/invalid storage key/);
      await expect(storage.put(key, new Uint8Array([1]))).rejects.toThrow(/invalid storage key/);
    }
    expect(await readdir(path.dirname(storage.root))).toEqual([]);
  });

  it("refuses a directory inside public/", () => {
    expect(() => new LocalStorage(path.resolve("public", "uploads"))).toThrow(/public/);
    expect(() => new LocalStorage(path.resolve("public"))).toThrow(/public/);
  });
});
