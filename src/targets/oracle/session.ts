/**
 * @module The Oracle handle probes receive. Every probe's work runs in its own read-only
 * transaction on one pooled connection (`SET TRANSACTION READ ONLY`, then ROLLBACK), seen as the
 * shared `SqlSource` (dialect `oracle`). Statements are the SQL layer's named statements, so errors
 * can say which view was missing and recorded-result tests key on a stable name. Below this file
 * sits only the raw driver.
 */
import { DatabaseError } from "../sql/errors.js";
import {
  checkColumns,
  type SqlBinds,
  type SqlRow,
  type SqlSource,
  type SqlStatement,
  type SqlTarget,
} from "../sql/sql.js";
import { SESSION_UTC_SQL } from "./dates.js";
import { mapOracleError, type ErrorContext } from "./errors.js";

/** Column values as node-oracledb returns them: NUMBER → number, VARCHAR2 → string, DATE/TIMESTAMP → Date. */
export type OracleValue = string | number | Date | null;
export type OracleRow = Readonly<Record<string, OracleValue>>;
export type OracleBindValue = string | number | Date | null;
/** Named (`:owner`) or positional (`:1`) binds. */
export type OracleBinds = Readonly<Record<string, OracleBindValue>> | readonly OracleBindValue[];

/** A named Oracle SELECT: the SQL layer's statement, columns in Oracle's upper case. */
export type OracleStatement<R extends OracleRow = OracleRow> = SqlStatement<R>;
export { statement } from "../sql/sql.js";

/** What a probe may do inside its read-only transaction. */
export interface OracleSession extends SqlSource {
  readonly dialect: "oracle";
}

/** The `oracle` target handle (`ctx.target.handle`). */
export interface OracleHandle extends SqlTarget {
  readonly user: string;
  /** `host:port/service`, never with credentials. */
  readonly address: string;
  readOnly<T>(work: (session: OracleSession) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** The slice of a node-oracledb connection this layer uses; tests replace it with recorded results. */
export interface RawConnection {
  callTimeout: number;
  /** `name` is the statement's stable key; the driver ignores it, recorded results are filed under it. */
  execute(
    sql: string,
    binds: OracleBinds,
    name: string,
  ): Promise<{ rows?: unknown[] | undefined; metaData?: readonly { name: string }[] | undefined }>;
  /** Rows as arrays in select order, NUMBER columns fetched as text. */
  queryText(sql: string, binds: OracleBinds, name: string): AsyncIterable<readonly unknown[]>;
  rollback(): Promise<void>;
  break(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectionSource {
  getConnection(): Promise<RawConnection>;
  close(): Promise<void>;
}

export interface HandleInfo {
  readonly user: string;
  readonly address: string;
  readonly callTimeoutMs: number;
  readonly secrets: readonly string[];
}

export function createOracleHandle(source: ConnectionSource, info: HandleInfo): OracleHandle {
  const ctx = (views?: readonly string[]): ErrorContext => ({
    user: info.user,
    address: info.address,
    callTimeoutMs: info.callTimeoutMs,
    secrets: info.secrets,
    ...(views ? { views } : {}),
  });
  return {
    user: info.user,
    address: info.address,
    async readOnly<T>(work: (session: OracleSession) => Promise<T>, signal?: AbortSignal): Promise<T> {
      signal?.throwIfAborted();
      let conn: RawConnection;
      try {
        conn = await source.getConnection();
      } catch (err) {
        throw mapOracleError(err, ctx());
      }
      const onAbort = (): void => void conn.break().catch(() => undefined);
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        conn.callTimeout = info.callTimeoutMs;
        // UTC and ISO formats first (./dates.ts): evidence must not depend on the auditor's time zone.
        await conn.execute(SESSION_UTC_SQL, {}, "set_session_utc").catch((err: unknown) => {
          throw mapOracleError(err, ctx());
        });
        await conn.execute("SET TRANSACTION READ ONLY", {}, "set_transaction_read_only").catch((err: unknown) => {
          throw mapOracleError(err, ctx());
        });
        return await work(sessionOn(conn, ctx));
      } finally {
        signal?.removeEventListener("abort", onAbort);
        await conn.rollback().catch(() => undefined);
        await conn.close().catch(() => undefined);
      }
    },
  };
}

function sessionOn(conn: RawConnection, ctx: (views?: readonly string[]) => ErrorContext): OracleSession {
  return {
    dialect: "oracle",
    async query<R extends SqlRow>(stmt: SqlStatement<R>, binds: SqlBinds = {}, signal?: AbortSignal): Promise<R[]> {
      signal?.throwIfAborted();
      let result: Awaited<ReturnType<RawConnection["execute"]>>;
      try {
        result = await conn.execute(stmt.sql, oracleBinds(binds), stmt.name);
      } catch (err) {
        throw mapOracleError(err, ctx(stmt.views));
      }
      // No metadata (a recording without rows) cannot be checked; a declared shape always can.
      checkColumns(
        stmt,
        result.metaData?.map((m) => m.name),
      );
      return (result.rows ?? []) as R[];
    },
    async *stream(stmt: SqlStatement, binds: SqlBinds = {}, signal?: AbortSignal) {
      signal?.throwIfAborted();
      try {
        for await (const row of conn.queryText(stmt.sql, oracleBinds(binds), stmt.name)) yield row.map(textOf);
      } catch (err) {
        throw mapOracleError(err, ctx(stmt.views));
      }
    },
  };
}

function oracleBinds(b: SqlBinds): OracleBinds {
  const value = (v: unknown): OracleBindValue => {
    if (v === null || v === undefined) return null;
    if (typeof v === "string" || typeof v === "number" || v instanceof Date) return v;
    throw new DatabaseError("query", `cannot bind a ${typeof v} value to an Oracle statement`);
  };
  if (Array.isArray(b)) return (b as readonly unknown[]).map(value);
  return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, value(v)]));
}

function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "string") return v;
  // RAW columns (e.g. a RAW(32) hash) arrive as Buffers: lower-case hex, as RAWTOHEX would print.
  if (Buffer.isBuffer(v)) return v.toString("hex");
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  throw new DatabaseError(
    "query",
    "a streamed column has a type that cannot be read as text (LOB or object); select it as VARCHAR2",
  );
}
