/**
 * @module One writer per evidence chain: an exclusive lock file in the evidence folder. A lock left
 * by a process that died on this host is taken over; any other lock is a clear error.
 */
import { hostname } from "node:os";
import { open, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { EvidenceError } from "./canonical.js";
import { LOCK } from "./layout.js";

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface StoreLock {
  release(): Promise<void>;
}

export async function acquireStoreLock(evidenceDir: string, now: () => Date = () => new Date()): Promise<StoreLock> {
  const path = join(evidenceDir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, "wx", 0o644);
      const info: LockInfo = { pid: process.pid, host: hostname(), since: now().toISOString() };
      await fh.writeFile(`${JSON.stringify(info)}\n`);
      await fh.close();
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = await readLock(path);
      if (holder && holder.host === hostname() && !alive(holder.pid)) {
        await unlink(path).catch(() => undefined); // stale: its writer is gone
        continue;
      }
      const who = holder ? `pid ${holder.pid} on ${holder.host} since ${holder.since}` : "an unknown process";
      throw new EvidenceError(`evidence store ${evidenceDir} is locked by ${who}: another assay run is writing to it. Wait for it to finish, or delete ${path} if that process is gone.`);
    }
  }
  throw new EvidenceError(`could not lock evidence store ${evidenceDir}`);
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const v = JSON.parse(await readFile(path, "utf8")) as Partial<LockInfo>;
    return typeof v.pid === "number" && typeof v.host === "string" ? { pid: v.pid, host: v.host, since: String(v.since) } : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
