/**
 * @module Reading a file that a user named (a secret, a file target) without trusting it: only a
 * regular file, at most `maxBytes`, and a clear error within milliseconds otherwise. The file is
 * opened non-blocking, so a FIFO with no writer cannot hang the open, and checked with `fstat` on
 * the open descriptor (no race between the check and the read).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";

export class FileLimitError extends Error {
  override readonly name = "FileLimitError";
}

/** What a non-regular file is, in words. */
export function fileKind(s: Stats): string {
  if (s.isDirectory()) return "a directory";
  if (s.isFIFO()) return "a named pipe (FIFO)";
  if (s.isCharacterDevice() || s.isBlockDevice()) return "a device";
  if (s.isSocket()) return "a socket";
  return "not a regular file";
}

const human = (n: number): string =>
  n >= 1024 * 1024 && n % (1024 * 1024) === 0
    ? `${n / (1024 * 1024)} MiB`
    : n >= 1024
      ? `${Math.round(n / 1024)} KiB`
      : `${n} bytes`;

function check(path: string, s: Stats, maxBytes: number, what: string): void {
  if (!s.isFile()) throw new FileLimitError(`${what} ${path} is ${fileKind(s)}, not a regular file`);
  if (s.size > maxBytes)
    throw new FileLimitError(`${what} ${path} is larger than the ${human(maxBytes)} limit (${human(s.size)})`);
}

/** Synchronous form, for secrets resolved while a connection is being opened. */
export function readCappedSync(path: string, maxBytes: number, what = "file"): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    check(path, fstatSync(fd), maxBytes, what);
    const buf = Buffer.alloc(maxBytes + 1);
    let n = 0;
    for (let r = -1; r !== 0 && n <= maxBytes; n += r) r = readSync(fd, buf, n, buf.length - n, null);
    if (n > maxBytes) throw new FileLimitError(`${what} ${path} grew past the ${human(maxBytes)} limit while read`);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export async function readCapped(path: string, maxBytes: number, what = "file", signal?: AbortSignal): Promise<Buffer> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    check(path, await fh.stat(), maxBytes, what);
    const buf = Buffer.alloc(Math.min(maxBytes + 1, (await fh.stat()).size + 1));
    let n = 0;
    for (;;) {
      signal?.throwIfAborted();
      if (n === buf.length) break;
      const { bytesRead } = await fh.read(buf, n, buf.length - n, null);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    if (n > maxBytes) throw new FileLimitError(`${what} ${path} grew past the ${human(maxBytes)} limit while read`);
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}
