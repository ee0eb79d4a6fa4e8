/** @module Durable file writes: atomic replace (`write-file-atomic`), fsync of a file and of a folder. */
import { closeSync, fsyncSync, openSync } from "node:fs";
import { open } from "node:fs/promises";
import writeFileAtomic from "write-file-atomic";

/** Writes `bytes` to `path` atomically (temporary file, fsync, rename): readers see the old file or the whole new one. */
export async function writeAtomic(path: string, bytes: Uint8Array | string, mode = 0o644): Promise<void> {
  await writeFileAtomic(path, typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    mode,
    fsync: true,
  });
}

/** Makes one file's contents durable (fsync through a read-only descriptor). */
export function fsyncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the folder's entries (creations, renames, removals) durable. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
