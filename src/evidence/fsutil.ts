/** @module Durable file writes: temporary file, fsync, rename, then fsync of the folder. */
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

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

/** Writes a new file (fails if it exists) and fsyncs it; used for records inside an incomplete run. */
export async function writeNewDurable(path: string, bytes: Uint8Array, durable: boolean): Promise<void> {
  const fh = await open(path, "wx", 0o644);
  try {
    await fh.writeFile(bytes);
    if (durable) await fh.sync();
  } finally {
    await fh.close();
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
