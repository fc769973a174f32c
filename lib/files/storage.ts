import "server-only";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { env } from "@/lib/env";
import { LocalStorage } from "./local-storage";

/**
 * Where file contents live. Keys are random (see newStorageKey), never derived from user input. The local directory is
 * the default; an S3-compatible store can implement the same interface (put/get/delete/exists) and be returned by
 * fileStorage() instead.
 */
export interface FileStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** A stream of the stored bytes and their size, or null when the object does not exist. */
  get(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** A path on this machine for tools that need one (the virus scanner), or null for remote stores. */
  localPath(key: string): string | null;
}

/** 128 random bits, hex: the only name an object ever gets in storage. */
export function newStorageKey(): string {
  return randomBytes(16).toString("hex");
}

export function uploadDirectory(): string {
  const config = env();
  return path.resolve(config.UPLOAD_DIR ?? path.join(config.DATA_DIR, "uploads"));
}

let cached: { root: string; storage: FileStorage } | undefined;

/** The configured store (re-created if UPLOAD_DIR changes, which only tests do). */
export function fileStorage(): FileStorage {
  const root = uploadDirectory();
  if (cached?.root !== root) cached = { root, storage: new LocalStorage(root) };
  return cached.storage;
}
