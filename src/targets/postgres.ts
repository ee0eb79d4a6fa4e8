/**
 * @module `postgres` targets: one small `pg.Pool` per target, shared by all its probes. Every session
 * is read-only (`default_transaction_read_only=on`, verified at open) with a `statement_timeout`,
 * and prints values deterministically (UTC, ISO dates) so evidence and hash chains are stable.
 * Messages never contain the password or a connection string.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ConnectionOptions } from "node:tls";
import type pg from "pg";
import type { JsonObject } from "../model/json.js";
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
import type { OpenOptions, TargetConnector } from "./types.js";

export type SslMode = "disable" | "require" | "verify-full";

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

export const pgConnectionSchema = {
  type: "object",
  required: ["host", "database", "user"],
  additionalProperties: false,
  properties: {
    host: { type: "string", minLength: 1 },
    port: { type: "integer", minimum: 1, maximum: 65535, default: 5432 },
    database: { type: "string", minLength: 1 },
    user: { type: "string", minLength: 1 },
    password: { type: "string", description: "Use a ${env:…} or ${file:…} reference." },
    ssl: {
      type: "object",
      additionalProperties: false,
      required: ["mode"],
      properties: {
        mode: { enum: ["disable", "require", "verify-full"] },
        ca: { type: "string", description: "CA certificate (PEM) path, relative to the project file." },
      },
    },
    application_name: { type: "string", default: "assay" },
    statement_timeout_ms: { type: "integer", minimum: 1, description: "Defaults to the run's timeout." },
    pool_max: { type: "integer", minimum: 1, maximum: 8, default: 3 },
  },
} as const;

function sslMode(c: JsonObject): SslMode {
  const ssl = c["ssl"];
  const mode = ssl && typeof ssl === "object" && !Array.isArray(ssl) ? ssl["mode"] : undefined;
  return mode === "require" || mode === "verify-full" ? mode : "disable";
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function where(c: JsonObject): Where {
  const w = {
    host: str(c["host"]),
    port: typeof c["port"] === "number" ? c["port"] : 5432,
    user: str(c["user"]),
    database: str(c["database"]),
  };
  return typeof c["password"] === "string" ? { ...w, password: c["password"] } : w;
}

function tlsOptions(c: JsonObject, baseDir: string): false | ConnectionOptions {
  const mode = sslMode(c);
  if (mode === "disable") return false;
  if (mode === "require") return { rejectUnauthorized: false };
  const ssl = c["ssl"] as JsonObject;
  const caPath = typeof ssl["ca"] === "string" ? resolve(baseDir, ssl["ca"]) : undefined;
  let ca: string | undefined;
  try {
    ca = caPath ? readFileSync(caPath, "utf8") : undefined;
  } catch {
    throw new DatabaseError("connection", `CA file ${caPath ?? ""} cannot be read`);
  }
  // pg sets the SNI servername (and Node checks the host name) from `host` itself.
  return { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
}

export function describePg(c: JsonObject): JsonObject {
  const w = where(c);
  return { host: w.host, port: w.port, database: w.database, user: w.user, ssl: sslMode(c) };
}

/** Open a read-only pool for the connection and verify it (connects once, checks read-only). */
export async function openPg(
  c: JsonObject,
  { timeoutMs, baseDir }: Pick<OpenOptions, "timeoutMs" | "baseDir">,
): Promise<PgHandle> {
  // pg is loaded on first use, so commands that never open a PostgreSQL target (check, --version) stay fast.
  const [{ default: pgLib }, { to: copyTo }] = await Promise.all([import("pg"), import("pg-copy-streams")]);
  const w = where(c);
  const timeout = typeof c["statement_timeout_ms"] === "number" ? c["statement_timeout_ms"] : timeoutMs;
  const pool = new pgLib.Pool({
    host: w.host,
    port: w.port,
    database: w.database,
    user: w.user,
    ...(w.password !== undefined ? { password: w.password } : {}),
    ssl: tlsOptions(c, baseDir),
    application_name: typeof c["application_name"] === "string" ? c["application_name"] : "assay",
    max: typeof c["pool_max"] === "number" ? c["pool_max"] : 3,
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

export const postgresConnector: TargetConnector<"postgres", PgHandle> = {
  type: "postgres",
  connectionSchema: pgConnectionSchema,
  describe: describePg,
  open: (c, options) => openPg(c, options),
  close: (h) => h.end(),
};
