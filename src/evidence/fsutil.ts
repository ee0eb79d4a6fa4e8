/** @module Durable file writes: temporary file, fsync, rename, then fsync of the folder. */
import { closeSync, fsync, openSync, writeSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { promisify } from "node:util";
import { basename, dirname, join } from "node:path";

const fsyncAsync = promisify(fsync);

/** Writes `bytes` to `path` atomically: readers see the old file or the whole new one, never a part. */
export async function writeAtomic(path: string, bytes: Uint8Array | string, mode = 0o644): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  const fh = await open(tmp, "w", mode);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  await rename(tmp, path);
}

/**
 * Writes a batch of new files (each must not exist yet), then fsyncs them concurrently. Small
 * files are created with synchronous calls (no thread-pool hop per file); the fsyncs run in
 * parallel on the pool so the file system can group them into few journal commits.
 */
export async function writeNewFiles(files: readonly { path: string; bytes: Uint8Array }[], durable: boolean): Promise<void> {
  const fds: number[] = [];
  try {
    for (const f of files) {
      const fd = openSync(f.path, "wx", 0o644);
      fds.push(fd);
      for (let off = 0; off < f.bytes.length; ) off += writeSync(fd, f.bytes, off);
    }
    if (durable) await Promise.all(fds.map((fd) => fsyncAsync(fd)));
  } finally {
    for (const fd of fds) closeSync(fd);
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
