/** @module Durable file writes: atomic replace (`write-file-atomic`), many new files with one durability barrier, fsync of a folder. */
import { closeSync, openSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import writeFileAtomic from "write-file-atomic";

/** Writes `bytes` to `path` atomically (temporary file, fsync, rename): readers see the old file or the whole new one. */
export async function writeAtomic(path: string, bytes: Uint8Array | string, mode = 0o644): Promise<void> {
  await writeFileAtomic(path, typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    mode,
    fsync: true,
  });
}

/**
 * Creates new files (each must not exist yet) without syncing them: small files are written with
 * synchronous calls (no thread-pool hop per file). `syncFiles` makes them durable afterwards, all
 * at once.
 */
export function writeNewFiles(files: readonly { path: string; bytes: Uint8Array }[]): void {
  for (const f of files) {
    const fd = openSync(f.path, "wx", 0o644);
    try {
      for (let off = 0; off < f.bytes.length; ) off += writeSync(fd, f.bytes, off);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Makes files written by `writeNewFiles` and the folder holding them durable, as one barrier. On
 * Linux that is one syncfs(2) of the folder's file system (coreutils `sync --file-system`): one
 * journal commit for all files instead of one per file. Elsewhere, or when that fails, each file
 * is fsynced (re-opened read-only, a batch at a time on the thread pool), then the folder.
 */
export async function syncFiles(dir: string, paths: readonly string[]): Promise<void> {
  if (process.platform === "linux" && (await syncFileSystem(dir))) return;
  const BATCH = 64;
  for (let i = 0; i < paths.length; i += BATCH) {
    await Promise.all(
      paths.slice(i, i + BATCH).map(async (p) => {
        const fh = await open(p, "r");
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
      }),
    );
  }
  await syncDir(dir);
}

async function syncFileSystem(dir: string): Promise<boolean> {
  const { execFile } = await import("node:child_process");
  return new Promise((done) => {
    execFile("sync", ["--file-system", dir], { timeout: 120_000 }, (err) => done(err === null));
  });
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
