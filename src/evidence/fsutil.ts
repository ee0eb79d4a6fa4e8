/** @module Durable file writes: atomic replace (`write-file-atomic`), batched new files, fsync of the folder. */
import { closeSync, fsync, openSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { promisify } from "node:util";
import writeFileAtomic from "write-file-atomic";

const fsyncAsync = promisify(fsync);

/** Writes `bytes` to `path` atomically (temporary file, fsync, rename): readers see the old file or the whole new one. */
export async function writeAtomic(path: string, bytes: Uint8Array | string, mode = 0o644): Promise<void> {
  await writeFileAtomic(path, typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    mode,
    fsync: true,
  });
}

/**
 * Writes new files (each must not exist yet) in batches. Small files are created with synchronous
 * calls (no thread-pool hop per file); their fsyncs run on the pool while the next batch is
 * created, so the file system groups them into few journal commits. `flush` waits for all.
 */
export class BatchWriter {
  readonly #durable: boolean;
  readonly #maxPending: number;
  readonly #pending: Promise<void>[] = [];
  #error: Error | undefined = undefined;

  constructor(durable: boolean, maxPending = 4) {
    this.#durable = durable;
    this.#maxPending = maxPending;
  }

  async write(files: readonly { path: string; bytes: Uint8Array }[]): Promise<void> {
    this.#throwIfFailed();
    const fds: number[] = [];
    try {
      for (const f of files) {
        const fd = openSync(f.path, "wx", 0o644);
        fds.push(fd);
        for (let off = 0; off < f.bytes.length; ) off += writeSync(fd, f.bytes, off);
      }
    } catch (err) {
      for (const fd of fds) closeSync(fd);
      throw err;
    }
    const synced: Promise<unknown> = this.#durable ? Promise.all(fds.map((fd) => fsyncAsync(fd))) : Promise.resolve();
    this.#pending.push(
      synced
        .then(
          () => undefined,
          (err: unknown) => {
            this.#error ??= err instanceof Error ? err : new Error(`fsync failed: ${JSON.stringify(err)}`);
          },
        )
        .finally(() => {
          for (const fd of fds) closeSync(fd);
        }),
    );
    if (this.#pending.length > this.#maxPending) await this.#pending.shift();
  }

  async flush(): Promise<void> {
    await Promise.all(this.#pending.splice(0));
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    if (this.#error !== undefined) throw this.#error;
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
