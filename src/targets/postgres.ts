/**
 * @module `postgres` targets: one small `pg.Pool` per target, shared by all its probes. Every session
 * is read-only (`default_transaction_read_only=on`, verified at open) with a `statement_timeout`,
 * and prints values deterministically (UTC, ISO dates) so evidence and hash chains are stable.
 * Messages never contain the password or a connection string.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ConnectionOptions } from "node:tls";
import { type Static, Type } from "@sinclair/typebox";
import type pg from "pg";
import type { JsonObject } from "../model/json.js";
import { closedObject, type Filled, stringEnum, withDefault } from "../schema/typebox.js";
import { describePgError, type Where } from "./postgres/errors.js";
import { copyLines } from "./sql/copy-lines.js";
import { DatabaseError } from "./sql/errors.js";
import {
  checkColumns,
  statement,
  type SqlBinds,
  type SqlRow,
  type SqlSource,
  type SqlStatement,
  type SqlTarget,
} from "./sql/sql.js";
import { defineConnector, type OpenOptions } from "./types.js";

/** The pool is the source: each query takes a pooled session, so a failed query never poisons the next. */
export interface PgHandle extends SqlSource, SqlTarget {
  readonly dialect: "postgres";
  /** host, port, database, user, ssl mode — never the password. */
  readonly description: JsonObject;
  /** Raw `COPY (<select>) TO STDOUT` text-format chunks, for streaming large tables at full speed. */
  copyOut(select: string, signal?: AbortSignal): AsyncIterable<Buffer>;
  /** Ends the pool (the connector's `close`). */
  end(): Promise<void>;
}

export const pgConnection = closedObject({
  host: Type.String({ minLength: 1 }),
  port: withDefault(Type.Integer({ minimum: 1, maximum: 65535 }), 5432),
  database: Type.String({ minLength: 1 }),
  user: Type.String({ minLength: 1 }),
  password: Type.Optional(Type.String({ description: "Use a ${env:…} or ${file:…} reference." })),
  ssl: Type.Optional(
    closedObject({
      mode: stringEnum(["disable", "require", "verify-full"]),
      ca: Type.Optional(Type.String({ description: "CA certificate (PEM) path, relative to the project file." })),
    }),
  ),
  application_name: withDefault(Type.String(), "assay"),
  statement_timeout_ms: Type.Optional(Type.Integer({ minimum: 1, description: "Defaults to the run's timeout." })),
  pool_max: withDefault(Type.Integer({ minimum: 1, maximum: 8 }), 3),
});

export type PgConnection = Filled<typeof pgConnection>;

function where(c: PgConnection): Where {
  const w = { host: c.host, port: c.port, user: c.user, database: c.database };
  return c.password !== undefined ? { ...w, password: c.password } : w;
}

function tlsOptions(c: PgConnection, baseDir: string): false | ConnectionOptions {
  const mode = c.ssl?.mode ?? "disable";
  if (mode === "disable") return false;
  if (mode === "require") return { rejectUnauthorized: false };
  const caPath = c.ssl?.ca !== undefined ? resolve(baseDir, c.ssl.ca) : undefined;
  let ca: string | undefined;
  try {
    ca = caPath ? readFileSync(caPath, "utf8") : undefined;
  } catch {
    throw new DatabaseError("connection", `CA file ${caPath ?? ""} cannot be read`);
  }
  // pg sets the SNI servername (and Node checks the host name) from `host` itself.
  return { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
}

function describePg(c: PgConnection): JsonObject {
  return { host: c.host, port: c.port, database: c.database, user: c.user, ssl: c.ssl?.mode ?? "disable" };
}

/** Open a read-only pool for the connection and verify it (connects once, checks read-only). */
export function openPg(
  c: Static<typeof pgConnection>,
  { timeoutMs, baseDir }: Pick<OpenOptions, "timeoutMs" | "baseDir">,
): Promise<PgHandle> {
  return postgresConnector.open(c, { timeoutMs, baseDir, signal: AbortSignal.timeout(timeoutMs) });
}

async function openPool(
  c: PgConnection,
  { timeoutMs, baseDir }: Pick<OpenOptions, "timeoutMs" | "baseDir">,
): Promise<PgHandle> {
  // pg is loaded on first use, so commands that never open a PostgreSQL target (check, --version) stay fast.
  const [{ default: pgLib }, { to: copyTo }] = await Promise.all([import("pg"), import("pg-copy-streams")]);
  const w = where(c);
  const timeout = c.statement_timeout_ms ?? timeoutMs;
  const pool = new pgLib.Pool({
    host: w.host,
    port: w.port,
    database: w.database,
    user: w.user,
    ...(w.password !== undefined ? { password: w.password } : {}),
    ssl: tlsOptions(c, baseDir),
    application_name: c.application_name,
    max: c.pool_max,
    connectionTimeoutMillis: Math.min(timeoutMs, 15_000),
    idleTimeoutMillis: 10_000,
    options: `-c default_transaction_read_only=on -c statement_timeout=${Math.round(timeout)} -c idle_in_transaction_session_timeout=${Math.round(timeout)} -c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres -c extra_float_digits=1`,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const fail = (err: unknown) => describePgError(err, w);
  const aborted = () => new DatabaseError("timeout", `query aborted at ${w.host}:${w.port}`);

  async function withClient<T>(signal: AbortSignal | undefined, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    const client = await pool.connect().catch((e: unknown) => {
      throw fail(e);
    });
    let broken = false;
    const onAbort = () => {
      broken = true;
      client.release(new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await fn(client);
    } catch (e) {
      broken = true;
      if (!signal?.aborted) client.release(true);
      throw signal?.aborted ? aborted() : fail(e);
    } finally {
      signal?.removeEventListener("abort", onAbort);
      if (!broken) client.release();
    }
  }

  const handle: PgHandle = {
    dialect: "postgres",
    description: describePg(c),
    query: <R extends SqlRow>(stmt: SqlStatement<R>, binds: SqlBinds = [], signal?: AbortSignal) =>
      withClient(signal, async (client) => {
        const result = await client.query<R>(stmt.sql, positional(binds));
        checkColumns(
          stmt,
          result.fields.map((f) => f.name),
        );
        return result.rows;
      }),
    async *copyOut(select: string, signal?: AbortSignal) {
      const client = await pool.connect().catch((e: unknown) => {
        throw fail(e);
      });
      const stream = client.query(copyTo(`COPY (${select}) TO STDOUT`));
      const onAbort = () => stream.destroy(aborted());
      signal?.addEventListener("abort", onAbort, { once: true });
      let ok = false;
      try {
        for await (const chunk of stream) yield chunk as Buffer;
        ok = true;
      } catch (e) {
        throw fail(e);
      } finally {
        signal?.removeEventListener("abort", onAbort);
        // A COPY left unfinished poisons the session: drop the connection instead of reusing it.
        client.release(ok ? undefined : true);
      }
    },
    async *stream(stmt, binds = [], signal?: AbortSignal) {
      // COPY takes no parameters: statements streamed from PostgreSQL carry their values in the text.
      if (positional(binds).length > 0)
        throw new DatabaseError("query", `statement ${stmt.name}: COPY cannot take bind parameters`);
      for await (const fields of copyLines(handle.copyOut(stmt.sql, signal))) yield fields;
    },
    readOnly: (work, signal) => (signal?.throwIfAborted(), work(handle)),
    end: () => pool.end(),
  };

  try {
    const [row] = await handle.query(readOnlyCheck);
    if (row?.ro !== "on")
      throw new DatabaseError("connection", `session at ${w.host}:${w.port} is not read-only; refusing to run probes`);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  return handle;
}

const readOnlyCheck = statement<{ ro: string }>({
  name: "postgres.read_only",
  sql: "SELECT current_setting('transaction_read_only') AS ro",
  views: [],
  columns: ["ro"],
});

/** PostgreSQL binds are positional only. */
function positional(binds: SqlBinds): unknown[] {
  if (Array.isArray(binds)) return [...(binds as readonly unknown[])];
  throw new DatabaseError("query", "PostgreSQL statements take positional binds ($1, $2, …)");
}

export const postgresConnector = defineConnector({
  type: "postgres",
  connectionSchema: pgConnection,
  describe: describePg,
  open: openPool,
  close: (h: PgHandle) => h.end(),
});
