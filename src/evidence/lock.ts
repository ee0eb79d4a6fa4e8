/**
 * @module One writer per evidence chain: `proper-lockfile` holds `evidence/.lock` (a folder made
 * atomically, its mtime refreshed while the run writes). A lock nobody refreshed for `staleMs` is
 * taken over, so a writer that died on another host blocks for seconds, not forever; a lock whose
 * writer died on this host (owner in `.lock.json`) is taken over at once. Any other lock is an error.
 */
import { hostname } from "node:os";
import { readFile, rm, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { EvidenceError } from "./canonical.js";
import { LOCK } from "./layout.js";

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface StoreLock {
  /** Rejects when the lock was lost while held (another writer took it over): the run must not count. */
  release(): Promise<void>;
}

export interface LockOptions {
  readonly now?: () => Date;
  /** A lock not refreshed for this long is stale (proper-lockfile's `stale`, at least 2 s). */
  readonly staleMs?: number;
}

export async function acquireStoreLock(evidenceDir: string, o: LockOptions = {}): Promise<StoreLock> {
  const path = join(evidenceDir, LOCK);
  const ownerPath = `${path}.json`;
  const staleMs = o.staleMs ?? 10_000;
  let lost: Error | undefined;
  const options = {
    lockfilePath: path,
    realpath: false,
    stale: staleMs,
    update: Math.max(1000, Math.floor(staleMs / 2)),
    onCompromised: (err: Error) => {
      lost = err;
    },
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    let unlock: () => Promise<void>;
    try {
      unlock = await lockfile.lock(evidenceDir, options);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ELOCKED") throw err;
      const holder = await readOwner(ownerPath);
      if (holder && holder.host === hostname() && !alive(holder.pid)) {
        await rm(path, { recursive: true, force: true }); // stale: its writer on this host is gone
        continue;
      }
      const who = holder ? `pid ${holder.pid} on ${holder.host} since ${holder.since}` : "an unknown process";
      throw new EvidenceError(
        `evidence store ${evidenceDir} is locked by ${who}: another assay run is writing to it. Wait for it to finish; a lock not refreshed for ${Math.round(staleMs / 1000)} s is taken over.`,
      );
    }
    const info: LockInfo = { pid: process.pid, host: hostname(), since: (o.now ?? (() => new Date()))().toISOString() };
    await writeFile(ownerPath, `${JSON.stringify(info)}\n`);
    return {
      release: async () => {
        await unlink(ownerPath).catch(() => undefined);
        await unlock().catch(() => undefined);
        if (lost) throw new EvidenceError(`the lock on evidence store ${evidenceDir} was lost while writing: ${lost.message}`);
      },
    };
  }
  throw new EvidenceError(`could not lock evidence store ${evidenceDir}`);
}

async function readOwner(path: string): Promise<LockInfo | undefined> {
  try {
    const v = JSON.parse(await readFile(path, "utf8")) as Partial<LockInfo>;
    return typeof v.pid === "number" && typeof v.host === "string"
      ? { pid: v.pid, host: v.host, since: String(v.since) }
      : undefined;
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
