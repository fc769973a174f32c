import "server-only";
import { constants } from "node:fs";
import { chmod, mkdir, open, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { FileStorage } from "./storage";

const KEY = /^[0-9a-f]{32}$/;
const CHUNK = 64 * 1024;

/**
 * Files in a local directory outside public/ (nothing serves it directly): directories 0700, files 0600, sharded by
 * the first two characters of the random key. Keys that are not 32 hex characters are refused, so no path can ever
 * be built from anything else.
 */
export class LocalStorage implements FileStorage {
  constructor(readonly root: string) {
    const publicDir = path.resolve("public");
    if (root === publicDir || root.startsWith(publicDir + path.sep)) {
      throw new Error("UPLOAD_DIR must not be inside public/: uploads are only served through the download endpoint");
    }
  }

  localPath(key: string): string {
    if (!KEY.test(key)) throw new Error("invalid storage key");
    return path.join(this.root, key.slice(0, 2), key);
  }

  private async ensureDir(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.localPath(key);
    await this.ensureDir(this.root);
    await this.ensureDir(path.dirname(target));
    // "wx": never overwrite an existing object
    const handle = await open(target, "wx", 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => {});
      await rm(target, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null> {
    let handle;
    try {
      handle = await open(this.localPath(key), constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    const file = handle;
    let size: number;
    try {
      size = (await file.stat()).size;
    } catch (error) {
      await file.close().catch(() => {});
      throw error;
    }
    let position = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const buffer = new Uint8Array(CHUNK);
            const { bytesRead } = await file.read(buffer, 0, CHUNK, position);
            if (bytesRead === 0) {
              await file.close();
              controller.close();
              return;
            }
            position += bytesRead;
            controller.enqueue(buffer.subarray(0, bytesRead));
          } catch (error) {
            await file.close().catch(() => {});
            controller.error(error);
          }
        },
        async cancel() {
          await file.close().catch(() => {});
        },
      },
      { highWaterMark: 0 },
    );
    return { stream, size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.localPath(key))).isFile();
    } catch {
      return false;
    }
  }
}
